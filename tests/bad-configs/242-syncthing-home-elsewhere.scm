;; error: 10:23: syncthing-configuration: field 'home': /var/lib/syncthing is not the home directory of 'alice', which the system makes, nor a directory under it: syncthing could not write its configuration there
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration
                      (user "alice")
                      (home "/var/lib/syncthing")))
                   %base-services)))
