;; error: 8:35: httpd-config-file: field 'user': invalid value "httpd\nUser root" (expected #f or an account name: letters, digits, '_', '-', '.')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (httpd-config-file (user "httpd\nUser root")))))
                   %base-services)))
