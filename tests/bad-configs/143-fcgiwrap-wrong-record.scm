;; error: 9:21: fcgiwrap-service-type: expected a fcgiwrap-configuration, got #<nginx-configuration>
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cgi")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service fcgiwrap-service-type
                    (nginx-configuration))
                  %base-services)))
