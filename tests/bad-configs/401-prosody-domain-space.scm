;; error: 13:21: virtualhost-configuration: field 'domain': expected a domain name (not empty, without white space or control characters), got "example.org other.org"
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
                    (domain "example.org other.org"))))))
          %base-services)))
