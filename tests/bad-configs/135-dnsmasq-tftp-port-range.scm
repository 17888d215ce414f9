;; error: 8:8: dnsmasq-configuration: field 'tftp-port-range': invalid value "2000-3000" (expected #f or "LOW,HIGH", ports from 1 to 65535 with LOW <= HIGH)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (tftp-port-range "2000-3000")))
                   %base-services)))
