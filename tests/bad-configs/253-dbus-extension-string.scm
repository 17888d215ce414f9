;; error: 10:27: simple-service 'policy': expected a package, got "dnsmasq" (gxsys includes the D-Bus policies of packages only)
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dbus-root-service-type)
                   (simple-service (quote policy) dbus-root-service-type
                    (list "dnsmasq"))
                   %base-services)))
