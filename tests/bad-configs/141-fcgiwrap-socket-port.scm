;; error: 9:45: fcgiwrap-configuration: field 'socket': invalid socket "tcp:127.0.0.1:90000" (expected tcp:HOST:PORT, the port 1 to 65535)
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cgi")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service fcgiwrap-service-type
                    (fcgiwrap-configuration (socket "tcp:127.0.0.1:90000")))
                  %base-services)))
