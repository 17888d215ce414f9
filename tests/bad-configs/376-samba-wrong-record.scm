;; error: 10:12: samba-service-type: expected a samba-configuration, got #<varnish-configuration>
(use-modules (gnu))
(use-service-modules samba web)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (varnish-configuration))
          %base-services)))
