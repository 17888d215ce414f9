;; error: 9:57: dbus-configuration: field 'services': expected a package, got "avahi" (gxsys includes the D-Bus policies of packages only)
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dbus-root-service-type
                    (dbus-configuration (services (list "avahi"))))
                   %base-services)))
