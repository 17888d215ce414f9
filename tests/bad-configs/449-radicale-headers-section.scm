;; error: 11:13: radicale-configuration: field 'headers-file': expected lines "Header-Name = value" (each name once, no control characters, no white space at a line's ends), empty lines and comments, got #<file headers>
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (headers-file (plain-file "headers" "X-Frame-Options = DENY\n[auth]\ntype = none\n"))))
          %base-services)))
