;; error: 6:3: operating-system: hosts-file replaces /etc/hosts, so hosts-service-type cannot be extended (Guix: no target of type 'hosts'); put the hosts in the file, or use hosts-service-type without hosts-file
(use-modules (gnu))
(operating-system
  (host-name "h")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (hosts-file (plain-file "hosts" (local-host-aliases "h")))
  (file-systems %base-file-systems)
  (services (cons (simple-service 'more-hosts hosts-service-type
                                  (list (host "192.0.2.1" "a.example")))
                  %base-services)))
