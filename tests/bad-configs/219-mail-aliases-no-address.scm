;; error: 7:7: mail-aliases-service-type: invalid entry ("postmaster") (expected a list of an alias and at least one address)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mail-aliases-service-type
     '(("postmaster")))
                   %base-services)))
