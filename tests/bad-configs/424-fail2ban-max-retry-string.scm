;; error: 13:27: fail2ban-jail-configuration: field 'max-retry': expected a non-negative integer, got "5"
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service fail2ban-service-type
           (fail2ban-configuration
            (jails (list (fail2ban-jail-configuration
                          (name "sshd")
                          (max-retry "5"))))))
          %base-services)))
