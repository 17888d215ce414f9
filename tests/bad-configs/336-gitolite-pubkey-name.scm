;; error: 10:36: gitolite-configuration: field 'admin-pubkey': the key's file name "alice" must be the admin's gitolite name followed by ".pub" (letters, digits, '.', '_', '@', '-'), such as (local-file "alice.pub")
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (admin-pubkey (plain-file "alice" "ssh-ed25519 AAAA alice"))))
          %base-services)))
