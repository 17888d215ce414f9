;; error: 8:35: httpd-config-file: field 'document-root': invalid value "/srv/my site" (expected an absolute path without white space, quotes, backslashes or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service httpd-service-type
     (httpd-configuration
       (config (httpd-config-file (document-root "/srv/my site")))))
                   %base-services)))
