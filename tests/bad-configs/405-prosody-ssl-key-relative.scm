;; error: 15:27: ssl-configuration: field 'key': expected an absolute file name (without control characters), got "certs/example.org.key"
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (virtualhosts
             (list (virtualhost-configuration
                    (domain "example.org")
                    (ssl (ssl-configuration
                          (key "certs/example.org.key"))))))))
          %base-services)))
