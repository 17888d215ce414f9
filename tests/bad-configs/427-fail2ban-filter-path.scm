;; error: 14:36: fail2ban-jail-filter-configuration: field 'name': expected a filter's name (a file of filter.d: letters, digits, '.', '_', '-'), got "../../tmp/evil"
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
                          (filter (fail2ban-jail-filter-configuration
                                   (name "../../tmp/evil"))))))))
          %base-services)))
