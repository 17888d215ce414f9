;; error: 6:69: nginx-configuration: field 'nginx': expected a package, got "/usr"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nginx-service-type (nginx-configuration (nginx "/usr")))
                   %base-services)))
