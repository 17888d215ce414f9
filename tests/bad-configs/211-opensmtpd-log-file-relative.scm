;; error: 8:8: opensmtpd-configuration: field 'log-file': invalid value "mail.log" (expected #f or an absolute path without white space, control characters or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service opensmtpd-service-type
     (opensmtpd-configuration
       (log-file "mail.log")))
                   %base-services)))
