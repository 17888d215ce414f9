;; error: 10:23: syncthing-configuration: field 'config-file': a configuration file made by the service (Guix's syncthing-config-file, written to /var/lib/syncthing-USER/config.xml) is not supported by gxsys: leave it #f, and syncthing makes its own
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration
                      (user "alice")
                      (config-file (plain-file "config.xml" "<configuration/>"))))
                   %base-services)))
