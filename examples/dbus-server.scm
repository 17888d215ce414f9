;; The D-Bus system bus: dbus-daemon, run as Guix's dbus-root-service-type
;; runs it (as the messagebus user, with Debian's system.conf, which
;; includes the generated /etc/dbus-1/system-local.conf).  Packages whose
;; D-Bus policies the bus must know are its services, or come from other
;; services extending it with lists of packages, as here: dnsmasq's policy
;; lets root's dnsmasq own uk.org.thekelleys.dnsmasq on the bus (try
;;   dnsmasq -p 0 --enable-dbus
;; then dbus-send --system --print-reply --dest=org.freedesktop.DBus \
;;   /org/freedesktop/DBus org.freedesktop.DBus.ListNames).

(use-modules (gnu))
(use-service-modules dbus)
(use-package-modules dns)

(operating-system
  (host-name "bus")
  (timezone "Etc/UTC")
  (locale "en_US.utf8")

  ;; Required by Guix's syntax, ignored in a container.
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("does-not-matter"))))
  (file-systems (list (file-system
                        (device "does-not-matter")
                        (mount-point "/")
                        (type "does-not-matter"))))

  (users (cons (user-account
                (name "alice")
                (comment "Alice")
                (group "users"))
               %base-user-accounts))

  (services
   (cons* (service dbus-root-service-type)
          ;; What another service's extension would give the bus.
          (simple-service 'dnsmasq-dbus-policy dbus-root-service-type
                          (list dnsmasq))
          %base-services)))
