;; error: 10:23: syncthing-configuration: field 'home': invalid home "alice" (expected an absolute path without white space, control characters or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration
                      (user "alice")
                      (home "alice")))
                   %base-services)))
