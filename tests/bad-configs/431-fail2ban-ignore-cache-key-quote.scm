;; error: 14:42: fail2ban-ignore-cache-configuration: field 'key': expected a non-empty string without quotes, backslashes, newlines or control characters, got "<ip>\""
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
                          (ignore-cache (fail2ban-ignore-cache-configuration
                                         (key "<ip>\"")
                                         (max-count 10)
                                         (max-time 60))))))))
          %base-services)))
