;; error: 10:36: gitolite-configuration: field 'user': expected an account name ([a-z_][a-z0-9_-]*), got "Git:x"
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (user "Git:x") (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
