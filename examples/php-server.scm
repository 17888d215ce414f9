;; A PHP web server: nginx hands the .php pages of its root to php-fpm
;; through php-fpm's Unix socket (Guix's default, /var/run/php8-fpm.sock,
;; owned by php-fpm:nginx so that nginx's workers may connect).  Debian's
;; nginx-common has /etc/nginx/fastcgi.conf, the FastCGI parameters with
;; SCRIPT_FILENAME; the page is given with plain-file, as in web-server.scm.

(use-modules (gnu))
(use-service-modules web)
(use-package-modules curl)

(define %index-page
  (plain-file "index.php"
              "<?php echo 6 * 7, \" \", PHP_VERSION, \"\\n\";\n"))

(define %web-root
  (file-union "www" `(("index.php" ,%index-page))))

(operating-system
  (host-name "php")
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

  ;; curl, to fetch the page from inside.
  (packages (cons curl %base-packages))

  (services
   (cons* (service nginx-service-type
                   (nginx-configuration
                    (server-blocks
                     (list (nginx-server-configuration
                            (listen '("80"))
                            (server-name '("localhost" "php"))
                            (root %web-root)
                            (index '("index.php"))
                            ;; Guix's location for .php files: to php-fpm's
                            ;; socket, /var/run/php8-fpm.sock by default.
                            (locations (list (nginx-php-location))))))))
          (service php-fpm-service-type
                   (php-fpm-configuration
                    (timezone "Etc/UTC")))
          %base-services)))
