;; error: 8:8: git-daemon-configuration: field 'extra-options': expected a string, got --verbose
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service git-daemon-service-type
     (git-daemon-configuration
       (extra-options '("--timeout=60" --verbose))))
                   %base-services)))
