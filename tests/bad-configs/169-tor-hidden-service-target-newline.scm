;; error: 8:41: tor-onion-service-configuration: field 'mapping': invalid target "127.0.0.1:22\nControlPort 9051" (expected a string: PORT, ADDRESS:PORT (an IPv4 address, [IPv6] or localhost), an IPv4 address or [IPv6] alone, or unix:PATH, without white space, control characters, '#', '"' or '\')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type)
                   (tor-hidden-service "ssh"
                                       '((22 . "127.0.0.1:22\nControlPort 9051")))
                   %base-services)))
