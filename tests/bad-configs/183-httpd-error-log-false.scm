;; error: 8:35: httpd-config-file: field 'error-log': #f is not supported (Guix's activation makes its directory; Apache's default would be under the read-only ServerRoot)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (httpd-config-file (error-log #f)))))
                   %base-services)))
