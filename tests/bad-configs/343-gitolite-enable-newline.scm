;; error: 10:63: gitolite-rc-file: field 'enable': expected a list of feature names without control characters, got ("help" "desc\nx")
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (rc-file (gitolite-rc-file (enable (list "help" "desc\nx")))) (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
