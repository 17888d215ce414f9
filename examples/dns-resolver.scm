;; A DNS resolver: Unbound answers for www.example.test itself (its
;; extra-options give the record) and, with extra-content, makes
;; example.test a static local zone: any other name there is NXDOMAIN.  The
;; forward zone sends every other query to 9.9.9.9 (in a container without
;; a network, they fail).  dig and host (bind's "utils" output) query it:
;;   dig @127.0.0.1 www.example.test
;;   unbound-control status    (through the control socket /run/unbound.sock)
;; unbound starts as root, opens its ports and socket and runs on as unbound.

(use-modules (gnu))
(use-service-modules dns)
(use-package-modules dns)

(operating-system
  (host-name "dns-resolver")
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

  (packages (cons* (list isc-bind "utils") unbound %base-packages))

  (services
   (cons (service unbound-service-type
                  (unbound-configuration
                   (server
                    (unbound-server
                     (interface '("127.0.0.1"))
                     (hide-version #t)
                     (extra-options
                      '((verbosity . 1)
                        (local-data . "www.example.test. 300 IN A 10.9.8.7")))))
                   (forward-zone
                    (list (unbound-zone
                           (name ".")
                           (forward-addr '("9.9.9.9")))))
                   (extra-content "server:
  local-zone: \"example.test.\" static")))
         %base-services)))
