;; error: 10:11: simple-service 'more-jails': expected a list of fail2ban-jail-configuration records, got "sshd"
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service fail2ban-service-type)
          (simple-service 'more-jails fail2ban-service-type
                          (list "sshd"))
          %base-services)))
