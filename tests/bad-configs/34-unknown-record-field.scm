;; error: 7:30: openssh-configuration: unknown field 'port' (did you mean 'port-number'?)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service openssh-service-type
     (openssh-configuration (port 2222)))
                   %base-services)))
