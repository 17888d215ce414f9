;; error: 12:20: radicale-auth-configuration: field 'realm': expected a string of one line, without control characters or white space at its ends, got "Calendar\nlogin"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (auth (radicale-auth-configuration
                   (realm "Calendar\nlogin")))))
          %base-services)))
