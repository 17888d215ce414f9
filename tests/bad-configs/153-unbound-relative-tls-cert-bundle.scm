;; error: 8:32: unbound-server: field 'tls-cert-bundle': invalid value "certs/ca.crt" (expected an absolute path without white space, quotes, backslashes, control characters or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (server (unbound-server (tls-cert-bundle "certs/ca.crt")))))
                   %base-services)))
