;; error: 9:21: dropbear-service-type: expected a dropbear-configuration, got #<openssh-configuration>
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (openssh-configuration))
                  %base-services)))
