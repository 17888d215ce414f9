;; error: 8:35: httpd-config-file: field 'listen': invalid entry "127.0.0.1:65536" (expected "[ADDRESS:]PORT [PROTOCOL]", a port 1 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (httpd-config-file (listen (list "127.0.0.1:65536"))))))
                   %base-services)))
