;; error: 8:8: git-daemon-configuration: field 'port': 70000 is out of range (1 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service git-daemon-service-type
     (git-daemon-configuration
       (port 70000)))
                   %base-services)))
