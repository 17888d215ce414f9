;; error: 9:44: fail2ban-jail-service: expected a service type, got openssh-service-type
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service (fail2ban-jail-service 'openssh-service-type
                                         (fail2ban-jail-configuration (name "sshd"))))
          %base-services)))
