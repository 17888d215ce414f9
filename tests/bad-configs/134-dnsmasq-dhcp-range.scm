;; error: 8:8: dnsmasq-configuration: field 'extra-options': "--dhcp-range=10.0.0.2,10.0.0.9,12h" needs the CAP_NET_ADMIN capability, which a gxsys container does not have (no DHCP, DHCP relay, ipset, nftset or conntrack)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (extra-options '("--dhcp-range=10.0.0.2,10.0.0.9,12h"))))
                   %base-services)))
