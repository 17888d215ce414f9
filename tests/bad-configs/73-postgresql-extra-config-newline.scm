;; error: 11:37: postgresql-config-file: parameter 'work_mem': invalid value "4MB\nfsync = off" (control characters and line breaks cannot be written in postgresql.conf)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15)
      (config-file (postgresql-config-file
                    (extra-config '(("work_mem" "4MB\nfsync = off")))))))
                   %base-services)))
