;; error: 13:20: radicale-auth-configuration: field 'htpasswd-encryption': expected one of the symbols plain, bcrypt, md5, got sha1
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (auth (radicale-auth-configuration
                   (type (quote htpasswd))
                   (htpasswd-encryption (quote sha1))))))
          %base-services)))
