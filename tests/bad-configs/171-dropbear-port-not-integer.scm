;; error: 9:45: dropbear-configuration: field 'port-number': expected an integer, got "2222"
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (dropbear-configuration (port-number "2222")))
                  %base-services)))
