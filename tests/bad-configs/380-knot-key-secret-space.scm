;; error: 14:26: knot-key-configuration: field 'secret': expected the key's secret in base64 (a non-empty string of letters, digits, '+', '/' and '='), got "c2VjcmV0 c2VjcmV0"
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (keys (list (knot-key-configuration
                         (id "transfer-key")
                         (algorithm 'hmac-sha256)
                         (secret "c2VjcmV0 c2VjcmV0"))))))
          %base-services)))
