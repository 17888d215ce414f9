;; error: 8:8: prometheus-node-exporter-configuration: field 'textfile-directory': invalid value "var/lib/prometheus/node-exporter" (expected #f or an absolute path without white space, control characters or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service prometheus-node-exporter-service-type
     (prometheus-node-exporter-configuration
       (textfile-directory "var/lib/prometheus/node-exporter")))
                   %base-services)))
