;; error: 10:16: tor-onion-service-configuration: field 'name': invalid value "web\nSocksPort 0.0.0.0:9050" (expected a directory name without white space, control characters, '/', '#', '"' or '\', other than "." and "..")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (hidden-services
        (list (tor-onion-service-configuration
               (name "web\nSocksPort 0.0.0.0:9050")
               (mapping '((80 . "127.0.0.1:80"))))))))
                   %base-services)))
