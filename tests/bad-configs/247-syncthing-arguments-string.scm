;; error: 10:23: syncthing-configuration: field 'arguments': expected a list of strings, got "--no-upgrade"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration
                      (user "alice")
                      (arguments "--no-upgrade")))
                   %base-services)))
