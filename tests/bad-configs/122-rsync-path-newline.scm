;; error: 10:25: rsync-module: field 'file-name': invalid value "/srv/pub\n  read only = false" (expected an absolute path without white space, control characters, '%' or '\', or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (rsync-configuration
       (modules (list (rsync-module
                        (name "pub")
                        (file-name "/srv/pub\n  read only = false"))))))
                   %base-services)))
