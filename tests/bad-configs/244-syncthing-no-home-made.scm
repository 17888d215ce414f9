;; error: 10:46: syncthing-configuration: field 'user': the home directory /srv/alice of 'alice' is not made (create-home-directory? #f): syncthing could not write its configuration there
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")
                 (home-directory "/srv/alice") (create-home-directory? #f))
               %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration (user "alice")))
                   %base-services)))
