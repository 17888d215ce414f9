;; A web server: nginx serving one page.  The page is given with
;; plain-file; file-union makes the directory nginx serves (it appears in
;; the container under /etc/gxsys/files/www).  To serve a page from a file
;; next to this one instead, use (local-file "index.html").

(use-modules (gnu))
(use-service-modules web)

(define %index-page
  (plain-file "index.html"
              "<!DOCTYPE html>
<html>
  <head><title>gxsys</title></head>
  <body><h1>Hello from a gxsys container!</h1></body>
</html>
"))

(define %web-root
  (file-union "www" `(("index.html" ,%index-page))))

(operating-system
  (host-name "web")
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

  (services
   (cons (service nginx-service-type
                  (nginx-configuration
                   (server-blocks
                    (list (nginx-server-configuration
                           (listen '("80"))
                           (server-name '("localhost" "web"))
                           (root %web-root)
                           (locations
                            (list (nginx-location-configuration
                                   (uri "/health")
                                   (body '("return 200 \"ok\\n\";"))))))))))
         %base-services)))
