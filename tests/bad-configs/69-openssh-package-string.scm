;; error: 7:29: openssh-configuration: field 'openssh': expected a package, got "openssh"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service openssh-service-type
     (openssh-configuration (openssh "openssh")))
                   %base-services)))
