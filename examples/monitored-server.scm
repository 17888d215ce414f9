;; A monitored server: the Prometheus node exporter with Guix's defaults
;; but for one extra option (below): metrics at http://HOST:9100/metrics, the textfile collector reading
;; /var/lib/prometheus/node-exporter/*.prom, run as the
;; prometheus-node-exporter user.  Its log is
;; /var/log/prometheus-node-exporter.log.  To serve the loopback only, give
;; (prometheus-node-exporter-configuration
;;   (web-listen-address "127.0.0.1:9100")).

(use-modules (gnu))
(use-service-modules monitoring)
(use-package-modules curl)

(operating-system
  (host-name "monitored")
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

  ;; curl, to look at the metrics from inside.
  (packages (cons curl %base-packages))

  (services
   (cons (service prometheus-node-exporter-service-type
                  (prometheus-node-exporter-configuration
                   ;; Debian's exporter runs its systemd collector by
                   ;; default (Guix's does not); with no systemd here it
                   ;; would log an error at every scrape.
                   (extra-options '("--no-collector.systemd"))))
         %base-services)))
