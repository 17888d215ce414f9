;; error: 10:36: gitolite-configuration: field 'admin-pubkey': expected a file-like object (plain-file, local-file, mixed-text-file), got "ssh-ed25519 AAAA alice"
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (admin-pubkey "ssh-ed25519 AAAA alice")))
          %base-services)))
