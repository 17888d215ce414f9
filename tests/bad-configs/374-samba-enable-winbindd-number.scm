;; error: 12:13: samba-configuration: field 'enable-winbindd?': expected #t or #f, got 1
(use-modules (gnu))
(use-service-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (config-file (plain-file "smb.conf" "[global]\n"))
            (enable-winbindd? 1)))
          %base-services)))
