;; error: 8:8: httpd-configuration: field 'pid-file': "/var/run/httpd.pid" is not where apache2 writes its PID file, "/var/run/apache.pid" (the httpd-config-file's pid-file): the service would wait for it in vain
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (pid-file "/var/run/httpd.pid")
       (config (httpd-config-file (pid-file "/var/run/apache.pid")))))
                   %base-services)))
