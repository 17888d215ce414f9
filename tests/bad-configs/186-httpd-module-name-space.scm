;; error: 10:35: httpd-module: field 'name': invalid value "rewrite module" (expected a module's symbol: letters, digits and '_')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (httpd-config-file
                 (modules (cons (httpd-module
                                  (name "rewrite module")
                                  (file "modules/mod_rewrite.so"))
                                %default-httpd-modules))))))
                   %base-services)))
