;; A web server: Apache (Guix's httpd, Debian's apache2) serving a page
;; from its document root on port 80, and a second site on port 8080, a
;; virtual host that another service adds by extending httpd-service-type.
;; The pages are given with plain-file; file-union makes the directories
;; Apache serves (in the container, under /etc/gxsys/files/).  apache2
;; starts as root, opens its ports and its error log
;; (/var/log/httpd/error_log), and its workers serve as user httpd.
;;   curl http://127.0.0.1/   curl http://127.0.0.1:8080/

(use-modules (gnu))
(use-service-modules web)
(use-package-modules curl)

(define %index-page
  (plain-file "index.html"
              "<!DOCTYPE html>
<html>
  <head><title>gxsys</title></head>
  <body><h1>Hello from Apache in a gxsys container!</h1></body>
</html>
"))

(define %web-root
  (file-union "www" `(("index.html" ,%index-page))))

(define %blog-root
  (file-union "blog"
              `(("index.html"
                 ,(plain-file "blog.html"
                              "<h1>The blog, a virtual host on port 8080</h1>\n")))))

(operating-system
  (host-name "apache")
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

  ;; curl, to fetch the pages from inside.
  (packages (cons curl %base-packages))

  (services
   (cons* (service httpd-service-type
                   (httpd-configuration
                    (config
                     (httpd-config-file
                      (server-name "apache.example")
                      (document-root %web-root)
                      (listen '("80" "8080"))
                      (user "httpd")
                      (group "httpd")))))
          (simple-service 'blog httpd-service-type
                          (list (httpd-virtualhost
                                 "*:8080"
                                 (list "ServerName blog.example\n"
                                       "DocumentRoot " %blog-root))))
          %base-services)))
