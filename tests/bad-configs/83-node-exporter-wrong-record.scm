;; error: 7:6: prometheus-node-exporter-service-type: expected a prometheus-node-exporter-configuration, got #<memcached-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service prometheus-node-exporter-service-type
     (memcached-configuration))
                   %base-services)))
