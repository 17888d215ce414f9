;; error: 8:8: nftables-configuration: field 'debug-levels': expected a non-empty list of the symbols scanner, parser, eval, netlink, mnl, proto-ctx, segtree or all, got ()
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type
     (nftables-configuration
       (debug-levels '())))
                   %base-services)))
