;; error: 13:27: fail2ban-jail-configuration: field 'backend': expected unset or one of the symbols auto, pyinotify and polling (Debian has no gamin module; a gxsys container has no systemd journal), got systemd
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
                          (backend 'systemd))))))
          %base-services)))
