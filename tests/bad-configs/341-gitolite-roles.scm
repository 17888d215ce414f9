;; error: 10:63: gitolite-rc-file: field 'roles': expected a list of ("ROLE" . VALUE) pairs, ROLE letters, digits and '_', VALUE an integer, got (("READ ERS" . 1))
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (rc-file (gitolite-rc-file (roles (quote (("READ ERS" . 1)))))) (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
