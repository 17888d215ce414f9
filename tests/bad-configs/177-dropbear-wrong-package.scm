;; error: 10:45: dropbear-configuration: field 'dropbear': expected the dropbear package, got #<package openssh>
(use-modules (gnu))
(use-service-modules ssh)
(use-package-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (dropbear-configuration (dropbear openssh)))
                  %base-services)))
