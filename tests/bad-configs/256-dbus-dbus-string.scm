;; error: 9:41: dbus-configuration: field 'dbus': expected a package, got "dbus"
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dbus-root-service-type
                    (dbus-configuration (dbus "dbus")))
                   %base-services)))
