;; error: 10:63: gitolite-rc-file: field 'unsafe-pattern': expected #f or a regular expression (its parentheses balanced, without control characters), got "[`~#\\$\\&()|;<>]("
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (rc-file (gitolite-rc-file (unsafe-pattern "[`~#\\$\\&()|;<>]("))) (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
