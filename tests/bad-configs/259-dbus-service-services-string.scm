;; error: 8:51: dbus-configuration: field 'services': expected a package, got "avahi-daemon" (gxsys includes the D-Bus policies of packages only)
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (dbus-service #:services (list "avahi-daemon"))
                   %base-services)))
