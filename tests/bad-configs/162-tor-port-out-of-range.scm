;; error: 11:16: tor-onion-service-configuration: field 'mapping': invalid port 70000 (expected a port, 1 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (hidden-services
        (list (tor-onion-service-configuration
               (name "web")
               (mapping '((80 . "127.0.0.1:80")
                          (70000 . "127.0.0.1:8080"))))))))
                   %base-services)))
