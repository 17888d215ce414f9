;; error: 12:40: tor-onion-service-configuration: field 'name': onion service "web" is declared twice (first at line 10)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (hidden-services
        (list (tor-onion-service-configuration
               (name "web")
               (mapping '((80 . "127.0.0.1:80"))))))))
                   (tor-hidden-service "web" '((22 . "127.0.0.1:22")))
                   %base-services)))
