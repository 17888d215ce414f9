;; error: 9:20: simple-service 'example': httpd-service-type's extensions are added to an httpd-config-file; this config is a file-like object, which Guix would leave as it is
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (plain-file "httpd.conf" "Listen 80\n"))))
                   (simple-service (quote example) httpd-service-type
                     (list "ServerName example.test"))
                   %base-services)))
