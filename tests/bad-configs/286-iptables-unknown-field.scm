;; error: 7:31: iptables-configuration: unknown field 'ipv4-rulez' (did you mean 'ipv4-rules'?)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service iptables-service-type
     (iptables-configuration (ipv4-rulez %iptables-accept-all-rules)))
                   %base-services)))
