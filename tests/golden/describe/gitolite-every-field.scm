;; gitolite-service-type with every field and values Perl must keep as
;; they are (a quote and backslashes in git-config-keys and a feature
;; name, a pattern): describe's golden and gitolite-rc.sh, which has Perl
;; read the rc file back.
(use-modules (gnu))
(use-service-modules ssh version-control)
(use-package-modules version-control)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service openssh-service-type)
          (service gitolite-service-type
           (gitolite-configuration
            (package gitolite)
            (user "gitolite")
            (group "gitusers")
            (home-directory "/srv/gitolite")
            (rc-file
             (gitolite-rc-file
              (umask #o0022)
              (unsafe-pattern "[`~#\\$\\&()|;<>]")
              (git-config-keys "gitweb\\..* it's\\")
              (roles '(("READERS" . 1) ("WRITERS" . 1) ("OWNERS" . 0)))
              (enable '("help" "desc" "info" "it's\\"))))
            (admin-pubkey (plain-file "admin@example.org.pub"
                                      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDx admin\n"))))
          %base-services)))
