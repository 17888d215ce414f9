;; error: 7:6: git-daemon-service-type: expected a git-daemon-configuration, got #<redis-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service git-daemon-service-type
     (redis-configuration))
                   %base-services)))
