;; error: 9:21: unbound variable 'postgresql-configuration': it configures 'postgresql-service-type', which gxsys does not support (gxsys cannot run it yet)
(use-service-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  ;; The cookbook's database container: the record comes first.
  (services (cons (service postgresql-service-type
                   (postgresql-configuration
                    (postgresql postgresql)))
                  %base-services)))
