;; error: 12:13: samba-configuration: field 'config-file': expected a file-like object (plain-file, local-file, mixed-text-file), got #<file-append #<package samba> "/share/samba/smb.conf">
(use-modules (gnu))
(use-service-modules samba)
(use-package-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (config-file (file-append samba "/share/samba/smb.conf"))))
          %base-services)))
