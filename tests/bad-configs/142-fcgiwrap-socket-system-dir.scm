;; error: 9:45: fcgiwrap-configuration: field 'socket': fcgiwrap runs as 'fcgiwrap' and cannot make "unix:/var/run/fcgiwrap.sock" in a directory of the system's: use one of its own, such as unix:/var/run/fcgiwrap/fcgiwrap.sock
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cgi")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service fcgiwrap-service-type
                    (fcgiwrap-configuration (socket "unix:/var/run/fcgiwrap.sock")))
                  %base-services)))
