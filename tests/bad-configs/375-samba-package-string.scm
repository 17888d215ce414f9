;; error: 11:13: samba-configuration: field 'package': expected a package, got "samba"
(use-modules (gnu))
(use-service-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (package "samba")
            (config-file (plain-file "smb.conf" "[global]\n"))))
          %base-services)))
