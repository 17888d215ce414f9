;; error: 11:13: varnish-configuration: field 'vcl': expected #f, a file-like object (plain-file, local-file, mixed-text-file) or an absolute file name, got "default.vcl"
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type
           (varnish-configuration
            (vcl "default.vcl")))
          %base-services)))
