;; error: 9:11: samba-configuration: field 'config-file': expected a file-like object (plain-file, local-file, mixed-text-file) with the text of smb.conf, got #f (Guix's default, with which its activation fails)
(use-modules (gnu))
(use-service-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type)
          %base-services)))
