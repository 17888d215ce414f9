;; error: 9:42: gitolite-configuration: missing field 'admin-pubkey'
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type (gitolite-configuration))
          %base-services)))
