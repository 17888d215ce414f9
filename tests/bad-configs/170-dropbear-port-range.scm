;; error: 9:45: dropbear-configuration: field 'port-number': 65536 is out of range (1 to 65535)
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (dropbear-configuration (port-number 65536)))
                  %base-services)))
