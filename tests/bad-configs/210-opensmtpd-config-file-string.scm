;; error: 8:8: opensmtpd-configuration: field 'config-file': expected a file-like object (plain-file, local-file, mixed-text-file), got "/etc/smtpd.conf"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type
     (opensmtpd-configuration
       (config-file "/etc/smtpd.conf")))
                   %base-services)))
