;; error: 9:51: dbus-configuration: field 'services': expected a list of packages, got #<package dnsmasq>
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dbus-root-service-type
                    (dbus-configuration (services dnsmasq)))
                   %base-services)))
