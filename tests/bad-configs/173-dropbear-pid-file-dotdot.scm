;; error: 9:45: dropbear-configuration: field 'pid-file': expected an absolute path without white space, control characters or "." and ".." components, got "/run/../etc/passwd"
(use-modules (gnu))
(use-service-modules ssh)
(operating-system
  (host-name "dropbear")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service dropbear-service-type
                    (dropbear-configuration (pid-file "/run/../etc/passwd")))
                  %base-services)))
