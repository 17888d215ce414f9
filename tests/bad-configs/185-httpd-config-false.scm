;; error: 7:27: httpd-configuration: field 'config': #f (the package's own httpd.conf) is not supported: Debian's /etc/apache2/apache2.conf needs apache2ctl's environment
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration (config #f)))
                   %base-services)))
