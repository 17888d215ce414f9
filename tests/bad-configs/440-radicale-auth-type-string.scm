;; error: 12:20: radicale-auth-configuration: field 'type': expected one of the symbols none, htpasswd, remote-user, http-x-remote-user, got "htpasswd"
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
                   (type "htpasswd")))))
          %base-services)))
