;; error: 9:25: rsync-module: field 'name': invalid value "pub]\n[evil" (expected a module name without white space, control characters, '/', '[', ']' or '%', other than "global")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (rsync-configuration
       (modules (list (rsync-module
                        (name "pub]\n[evil")
                        (file-name "/srv/pub"))))))
                   %base-services)))
