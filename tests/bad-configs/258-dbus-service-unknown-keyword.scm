;; error: 8:46: dbus-service: unexpected argument #:service (expected #:dbus, #:services or #:verbose?)
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (dbus-service #:dbus dbus #:service (list dnsmasq))
                   %base-services)))
