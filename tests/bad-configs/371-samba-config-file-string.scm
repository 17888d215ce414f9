;; error: 11:13: samba-configuration: field 'config-file': expected a file-like object (plain-file, local-file, mixed-text-file), got "/etc/samba/smb.conf"
(use-modules (gnu))
(use-service-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (config-file "/etc/samba/smb.conf")))
          %base-services)))
