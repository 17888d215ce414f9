;; dbus-root-service-type with every dbus-configuration field, and a
;; simple-service extending it with a list of packages, as another
;; service's extension would: the packages are in the system (their D-Bus
;; policies are included by Debian's system.conf), verbose? sets
;; DBUS_VERBOSE=1 and Guix's log file.
(use-modules (gnu))
(use-service-modules dbus)
(use-package-modules dns version-control)

(operating-system
  (host-name "bus")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dbus-root-service-type
                   (dbus-configuration
                    (dbus dbus)
                    (services (list dnsmasq))
                    (verbose? #t)))
          (simple-service 'more-dbus-policies dbus-root-service-type
                          (list git))
          %base-services)))
