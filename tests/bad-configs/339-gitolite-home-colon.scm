;; error: 10:36: gitolite-configuration: field 'home-directory': expected an absolute path without white space, control characters, ':', "." and ".." components, got "/var/lib/git:olite"
(use-modules (gnu))
(use-service-modules ssh version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service gitolite-service-type
           (gitolite-configuration (home-directory "/var/lib/git:olite") (admin-pubkey (plain-file "alice.pub" "ssh-ed25519 AAAA alice"))))
          %base-services)))
