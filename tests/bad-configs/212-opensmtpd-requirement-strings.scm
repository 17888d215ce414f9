;; error: 8:8: opensmtpd-configuration: field 'shepherd-requirement': expected a list of service names (symbols), got ("networking")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type
     (opensmtpd-configuration
       (shepherd-requirement (list "networking"))))
                   %base-services)))
