;; error: 7:6: opensmtpd-service-type: expected an opensmtpd-configuration, got #<tor-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type
     (tor-configuration))
                   %base-services)))
