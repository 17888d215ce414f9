;; error: 6:20: no target of type 'mail-aliases-service-type' for service simple-service 'aliases'
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'aliases mail-aliases-service-type
     '(("postmaster" "alice")))
                   %base-services)))
