;; error: 8:8: git-daemon-configuration: field 'whitelist': invalid entry "--export-all" (expected a directory without white space, not starting with "-")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service git-daemon-service-type
     (git-daemon-configuration
       (whitelist '("/srv/git/public" "--export-all"))))
                   %base-services)))
