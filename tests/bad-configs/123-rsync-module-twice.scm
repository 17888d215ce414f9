;; error: 9:37: rsync-module: field 'name': module "PUB" is declared twice (first at line 8; rsync ignores case)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (rsync-configuration
       (modules (list (rsync-module (name "pub") (file-name "/srv/a"))
                      (rsync-module (name "PUB") (file-name "/srv/b"))))))
                   %base-services)))
