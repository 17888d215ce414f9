;; error: 16:35: fail2ban-jail-action-configuration: field 'arguments': expected a list of ("KEY" . VALUE) pairs, KEY of letters, digits, '.', '_', '-', VALUE a string without ',', brackets, quotes or control characters, or a list of strings without ',', quotes or control characters, got (("port" . "22,2222"))
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
                          (action
                           (list (fail2ban-jail-action-configuration
                                  (name "iptables-multiport")
                                  (arguments '(("port" . "22,2222")))))))))))
          %base-services)))
