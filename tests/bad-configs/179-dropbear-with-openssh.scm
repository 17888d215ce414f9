;; error: 9:20: service 'ssh-daemon' is provided more than once
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service openssh-service-type)
                   (service dropbear-service-type)
                   %base-services)))
