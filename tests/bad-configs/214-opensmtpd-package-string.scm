;; error: 8:8: opensmtpd-configuration: field 'package': expected a package, got "opensmtpd"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type
     (opensmtpd-configuration
       (package "opensmtpd")))
                   %base-services)))
