;; error: 9:45: dropbear-configuration: field 'root-login?': expected #t or #f, got prohibit-password
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (dropbear-configuration (root-login? 'prohibit-password)))
                  %base-services)))
