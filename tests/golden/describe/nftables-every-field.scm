;; nftables-service-type with every field of Guix's nftables-configuration:
;; the package, debug levels (nft --debug=netlink,mnl) and Guix's
;; %default-nftables-ruleset, written as it is into /etc/gxsys/files/.
(use-modules (gnu))
(use-service-modules networking)
(use-package-modules linux)

(operating-system
  (host-name "nftables")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (service nftables-service-type
                  (nftables-configuration
                   (package nftables)
                   (debug-levels '(netlink mnl))
                   (ruleset %default-nftables-ruleset)))
         %base-services)))
