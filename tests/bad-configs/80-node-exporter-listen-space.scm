;; error: 8:8: prometheus-node-exporter-configuration: field 'web-listen-address': invalid value "127.0.0.1:9100 :9101" (expected HOST:PORT or :PORT, without white space)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service prometheus-node-exporter-service-type
     (prometheus-node-exporter-configuration
       (web-listen-address "127.0.0.1:9100 :9101")))
                   %base-services)))
