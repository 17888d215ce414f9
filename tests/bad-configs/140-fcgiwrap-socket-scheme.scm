;; error: 9:45: fcgiwrap-configuration: field 'socket': invalid socket "127.0.0.1:9000" (expected unix:PATH, tcp:HOST:PORT or tcp6:[HOST]:PORT)
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cgi")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service fcgiwrap-service-type
                    (fcgiwrap-configuration (socket "127.0.0.1:9000")))
                  %base-services)))
