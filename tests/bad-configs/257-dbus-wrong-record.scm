;; error: 9:21: dbus-root-service-type: expected a dbus-configuration, got #<dnsmasq-configuration>
(use-service-modules dbus)
(use-package-modules dns)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dbus-root-service-type
                    (dnsmasq-configuration))
                   %base-services)))
