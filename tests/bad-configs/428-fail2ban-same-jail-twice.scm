;; error: 12:61: fail2ban-jail-configuration: two jails are named "sshd" (line 11): each needs a name of its own
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service fail2ban-service-type
           (fail2ban-configuration
            (jails (list (fail2ban-jail-configuration (name "sshd"))))
            (extra-jails (list (fail2ban-jail-configuration (name "sshd"))))))
          %base-services)))
