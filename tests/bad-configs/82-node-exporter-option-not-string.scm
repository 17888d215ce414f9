;; error: 8:8: prometheus-node-exporter-configuration: field 'extra-options': expected a string, got --no-collector.systemd
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service prometheus-node-exporter-service-type
     (prometheus-node-exporter-configuration
       (extra-options '("--log.level=warn" --no-collector.systemd))))
                   %base-services)))
