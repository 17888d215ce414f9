;; error: 6:20: service type 'opensmtpd-service-type' has no default value
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type)
                   %base-services)))
