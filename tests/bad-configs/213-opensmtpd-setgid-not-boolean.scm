;; error: 8:8: opensmtpd-configuration: field 'setgid-commands?': expected #t or #f, got no
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type
     (opensmtpd-configuration
       (setgid-commands? 'no)))
                   %base-services)))
