;; error: 8:8: git-daemon-configuration: field 'base-path': invalid value "srv/git" (expected #f or an absolute path without white space, control characters or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service git-daemon-service-type
     (git-daemon-configuration
       (base-path "srv/git")))
                   %base-services)))
