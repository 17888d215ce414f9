;; error: 12:33: fail2ban-jail-configuration: field 'name': expected a jail's name (a non-empty string without white space, brackets, '%' or control characters, not DEFAULT, INCLUDES, Definition or Init), got "DEFAULT"
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service fail2ban-service-type
           (fail2ban-configuration
            (extra-jails (list (fail2ban-jail-configuration
                                (name "DEFAULT"))))))
          %base-services)))
