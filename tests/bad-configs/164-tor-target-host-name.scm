;; error: 11:16: tor-onion-service-configuration: field 'mapping': invalid target "www.example.org:80" (expected a string: PORT, ADDRESS:PORT (an IPv4 address, [IPv6] or localhost), an IPv4 address or [IPv6] alone, or unix:PATH, without white space, control characters, '#', '"' or '\')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (hidden-services
        (list (tor-onion-service-configuration
               (name "web")
               (mapping '((80 . "www.example.org:80"))))))))
                   %base-services)))
