;; error: 10:45: gitolite-configuration: field 'rc-file': expected a gitolite-rc-file, got "/etc/gitolite.rc"
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (rc-file "/etc/gitolite.rc") (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
