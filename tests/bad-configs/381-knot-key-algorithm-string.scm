;; error: 13:26: knot-key-configuration: field 'algorithm': expected #f or one of the symbols 'hmac-md5, 'hmac-sha1, 'hmac-sha224, 'hmac-sha256, 'hmac-sha384 or 'hmac-sha512, got "hmac-sha256"
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
                         (algorithm "hmac-sha256")
                         (secret "c2VjcmV0"))))))
          %base-services)))
