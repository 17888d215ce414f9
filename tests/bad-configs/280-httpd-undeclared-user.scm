;; error: 8:48: httpd-config-file: field 'user': user 'www-data' is not declared
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service httpd-service-type
                   (httpd-configuration
                    (config (httpd-config-file (user "www-data")))))
                  %base-services)))
