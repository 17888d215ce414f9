;; error: 6:19: service 'ssh-daemon' requires 'syslogd', which is not provided by any service (syslogd comes with %base-services)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (list (service openssh-service-type))))
