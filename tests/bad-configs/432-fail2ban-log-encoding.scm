;; error: 13:27: fail2ban-jail-configuration: field 'log-encoding': expected unset or one of the symbols auto, utf-8 and ascii, got latin-1
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
                          (log-encoding 'latin-1))))))
          %base-services)))
