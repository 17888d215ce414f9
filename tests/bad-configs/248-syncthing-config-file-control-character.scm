;; error: 12:27: syncthing-config-file: field 'gui-password': invalid value "secret\x00;" (config.xml holds no control characters but tabs and line breaks)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration
                      (user "alice")
                      (config-file
                        (syncthing-config-file
                          (gui-password "secret\x00;")))))
                   %base-services)))
