;; A DNS server: dnsmasq answers for example.test itself (10.1.2.3, and
;; the names of /etc/hosts) and, with no-resolv?, forwards nothing: it
;; reads no upstream servers from /etc/resolv.conf (give them in `servers',
;; e.g. '("9.9.9.9")).  dig and host (bind's "utils" output) query it:
;;   dig @127.0.0.1 example.test
;; dnsmasq starts as root, opens port 53 and runs on as nobody.

(use-modules (gnu))
(use-service-modules dns)
(use-package-modules dns)

(operating-system
  (host-name "dns-server")
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

  (packages (cons (list isc-bind "utils") %base-packages))

  (services
   (cons (service dnsmasq-service-type
                  (dnsmasq-configuration
                   (no-resolv? #t)
                   (addresses '("/example.test/10.1.2.3"))))
         %base-services)))
