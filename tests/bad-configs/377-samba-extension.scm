;; error: 12:11: simple-service 'more-shares': extending samba-service-type is not supported by gxsys
(use-modules (gnu))
(use-service-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (config-file (plain-file "smb.conf" "[global]\n"))))
          (simple-service (quote more-shares) samba-service-type
           (list (plain-file "extra.conf" "[extra]\n")))
          %base-services)))
