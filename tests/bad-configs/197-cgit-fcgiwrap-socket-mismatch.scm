;; error: 9:8: cgit-service-type: its default nginx server passes requests to fcgiwrap at tcp:127.0.0.1:9000, but fcgiwrap-configuration's socket is "unix:/var/run/fcgiwrap/fcgiwrap.sock" (give its configuration an nginx field that passes them to fcgiwrap's socket)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type)
          (service fcgiwrap-service-type
     (fcgiwrap-configuration
       (socket "unix:/var/run/fcgiwrap/fcgiwrap.sock")))
                   %base-services)))
