;; error: 8:47: httpd-virtualhost: invalid addresses-and-ports "*:8080>\n<Directory />" (expected a string such as "*:80", one line without '>')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type)
                   (simple-service (quote example) httpd-service-type
                     (list (httpd-virtualhost "*:8080>\n<Directory />"
                                              (list "ServerName example.test"))))
                   %base-services)))
