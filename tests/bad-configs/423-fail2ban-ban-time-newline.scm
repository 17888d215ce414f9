;; error: 13:27: fail2ban-jail-configuration: field 'ban-time': expected a non-empty string without newlines or control characters, got "1h\nenabled = false"
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
                          (ban-time "1h\nenabled = false"))))))
          %base-services)))
