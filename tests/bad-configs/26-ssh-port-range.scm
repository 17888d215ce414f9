;; error: 7:29: openssh-configuration: field 'port-number': 0 is out of range (1 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service openssh-service-type
     (openssh-configuration (port-number 0)))
                   %base-services)))
