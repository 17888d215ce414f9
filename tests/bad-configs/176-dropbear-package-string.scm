;; error: 9:45: dropbear-configuration: field 'dropbear': expected a package, got "dropbear"
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (dropbear-configuration (dropbear "dropbear")))
                  %base-services)))
