;; httpd-service-type with every field of its records given: the package,
;; a PID file in a directory of its own (the same in both records), an
;; httpd-config-file with modules of its own (the prefork MPM, so no event
;; MPM is added; mod_rewrite relative to ServerRoot; Guix's defaults, whose
;; built-in ones are left out), the package as server-root, a server name,
;; Listen entries with an address, an IPv6 address and a protocol, an error
;; log, User and Group, extra-config lines with quotes; and extensions: a
;; virtual host, a string and a list of strings (apache2 -t reads it in
;; describe-service-configs.sh).
(use-service-modules web)

(operating-system
  (host-name "apache")
  (bootloader #f)
  (file-systems '())
  (services
   (list (service httpd-service-type
                  (httpd-configuration
                   (package httpd)
                   (pid-file "/run/apache/httpd.pid")
                   (config
                    (httpd-config-file
                     (modules (cons* (httpd-module
                                      (name "mpm_prefork_module")
                                      (file "modules/mod_mpm_prefork.so"))
                                     (httpd-module
                                      (name "rewrite_module")
                                      (file "modules/mod_rewrite.so"))
                                     %default-httpd-modules))
                     (server-root httpd)
                     (server-name "www.example.test:80")
                     (document-root "/srv/www")
                     (listen '("80" "127.0.0.1:8080" "[::1]:8081" "8443 http"))
                     (pid-file "/run/apache/httpd.pid")
                     (error-log "/var/log/apache/error.log")
                     (user "httpd")
                     (group "httpd")
                     (extra-config
                      (list "TypesConfig /etc/mime.types\n"
                            "DirectoryIndex index.html\n"
                            "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b\" common\n"
                            "CustomLog /var/log/apache/access.log common"))))))
         (simple-service 'sites httpd-service-type
                         (list (httpd-virtualhost
                                "127.0.0.1:8080"
                                (list "ServerName blog.example.test\n"
                                      "DocumentRoot /srv/blog\n"
                                      "RewriteEngine on\n"
                                      "RewriteRule ^/old$ /new [R=301,L]"))
                               "Timeout 30"
                               (list "KeepAlive " "On"))))))
