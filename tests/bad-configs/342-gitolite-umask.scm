;; error: 10:63: gitolite-rc-file: field 'umask': 1023 is out of range (0 to 511)
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (rc-file (gitolite-rc-file (umask #o1777))) (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
