;; error: 11:13: varnish-configuration: field 'name': expected an instance name (letters, digits, '.', '_', '-') or an absolute directory (without white space, quotes, backslashes, "." and ".." components), got "my cache"
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type
           (varnish-configuration
            (name "my cache")))
          %base-services)))
