;; error: 9:11: service type 'gitolite-service-type' has no default value
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type)
          %base-services)))
