;; error: 11:13: varnish-configuration: field 'parameters': expected a list of ("NAME" . "VALUE") pairs (strings, symbols or integers; NAME without '=', white space or control characters, VALUE non-empty and without control characters), got ("a=b" . "1")
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type
           (varnish-configuration
            (parameters (quote (("a=b" . "1"))))))
          %base-services)))
