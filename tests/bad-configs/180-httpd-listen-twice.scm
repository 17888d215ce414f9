;; error: 9:18: httpd-config-file: field 'listen': "8080" is given twice (Apache cannot listen on it twice)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (httpd-config-file
                 (listen (list "8080" "0.0.0.0:80" "8080"))))))
                   %base-services)))
