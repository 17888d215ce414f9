;; error: 8:19: service 'fcgiwrap': user 'www' is not declared
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cgi")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service fcgiwrap-service-type
                    (fcgiwrap-configuration (user "www") (group "www")))
                  %base-services)))
