;; error: 10:16: tor-onion-service-configuration: field 'name': invalid value "../../../etc" (expected a directory name without white space, control characters, '/', '#', '"' or '\', other than "." and "..")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (hidden-services
        (list (tor-onion-service-configuration
               (name "../../../etc")
               (mapping '((80 . "127.0.0.1:80"))))))))
                   %base-services)))
