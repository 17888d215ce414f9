;; error: 10:12: fail2ban-service-type: expected a fail2ban-configuration, got #<fail2ban-jail-configuration>
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service fail2ban-service-type
           (fail2ban-jail-configuration (name "sshd")))
          %base-services)))
