;; error: 11:21: postgresql-config-file: field 'socket-directories': invalid path "/run/pg'\nfsync = off" (expected an absolute path without white space, quotes, backslashes, commas, control characters or "." and ".." components)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15)
      (config-file (postgresql-config-file
                    (socket-directories '("/run/pg'\nfsync = off"))))))
                   %base-services)))
