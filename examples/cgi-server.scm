;; A CGI server: nginx hands the programs under /cgi-bin/ to fcgiwrap,
;; which runs them as its user, fcgiwrap.  fcgiwrap listens on Guix's
;; default socket, TCP 127.0.0.1:9000; Debian's nginx-common has
;; /etc/nginx/fastcgi.conf, the FastCGI parameters with SCRIPT_FILENAME.
;; The web root is the cgi-root directory beside this file, whose programs
;; keep their executable bit.

(use-modules (gnu))
(use-service-modules web)
(use-package-modules curl)

(operating-system
  (host-name "cgi")
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
                            (server-name '("localhost" "cgi"))
                            (root (local-file "cgi-root" #:recursive? #t))
                            (locations
                             (list (nginx-location-configuration
                                    (uri "/cgi-bin/")
                                    (body '("fastcgi_pass 127.0.0.1:9000;"
                                            "include /etc/nginx/fastcgi.conf;"))))))))))
          (service fcgiwrap-service-type)
          %base-services)))
