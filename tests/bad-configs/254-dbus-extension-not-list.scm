;; error: 9:74: simple-service 'policy': expected a list of packages, got #<package dnsmasq>
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dbus-root-service-type)
                   (simple-service (quote policy) dbus-root-service-type dnsmasq)
                   %base-services)))
