;; error: 7:15: bad modify-services clause: expected (TYPE VAR => BODY...) or (delete TYPE)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (modify-services %base-services
              (guix-service-type config))))
