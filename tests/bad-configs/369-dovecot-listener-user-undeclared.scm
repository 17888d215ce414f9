;; error: 18:29: unix-listener-configuration: field 'user': user 'postfix' is not declared
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (services
             (list (service-configuration
                    (kind "auth")
                    (listeners
                     (list (unix-listener-configuration
                            (path "/var/spool/postfix/private/auth")
                            (mode "0660")
                            (user "postfix")))))))))
          %base-services)))
