;; error: 9:46: nginx-server-configuration: field 'server-name': invalid value "a; } include /etc/shadow; {" for nginx.conf
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nginx-service-type
     (nginx-configuration
       (server-blocks (list (nginx-server-configuration
                              (server-name '("a; } include /etc/shadow; {")))))))
                   %base-services)))
