;; error: 11:16: tor-onion-service-configuration: field 'mapping': invalid value () (expected a non-empty association list of (PORT . "TARGET"): tor refuses an onion service without ports)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (hidden-services
        (list (tor-onion-service-configuration
               (name "web")
               (mapping '()))))))
                   %base-services)))
