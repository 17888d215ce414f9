;; error: 13:27: fail2ban-jail-configuration: field 'log-path': expected a list of absolute file names without white space, control characters, "." or ".." components, got ("log/app.log")
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
                          (name "app")
                          (log-path '("log/app.log")))))))
          %base-services)))
