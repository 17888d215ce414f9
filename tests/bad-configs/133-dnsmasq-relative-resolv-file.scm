;; error: 8:8: dnsmasq-configuration: field 'resolv-file': invalid value "resolv.conf" (expected an absolute path without white space or control characters)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (resolv-file "resolv.conf")))
                   %base-services)))
