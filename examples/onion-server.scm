;; An onion server: nginx serves a page on 127.0.0.1:80, and Tor publishes
;; it as an onion service, "web", whose port 80 maps to it.  Tor keeps the
;; service's keys and its .onion name in
;; /var/lib/tor/hidden-services/web/hostname.  The SOCKS port is a Unix
;; socket, /var/run/tor/socks-sock, which members of the tor group may use.
;; In a container without a network (the default), Tor cannot reach the Tor
;; network, but it starts, opens its socket and makes the service's keys.

(use-modules (gnu))
(use-service-modules networking web)
(use-package-modules curl)

(define %index-page
  (plain-file "index.html"
              "<!DOCTYPE html>
<html>
  <head><title>gxsys</title></head>
  <body><h1>Hello from an onion service in a gxsys container!</h1></body>
</html>
"))

(define %web-root
  (file-union "www" `(("index.html" ,%index-page))))

(operating-system
  (host-name "onion")
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
                            (listen '("127.0.0.1:80"))
                            (server-name '("localhost" "onion"))
                            (root %web-root))))))
          (service tor-service-type
                   (tor-configuration
                    (socks-socket-type 'unix)
                    (hidden-services
                     (list (tor-onion-service-configuration
                            (name "web")
                            (mapping '((80 . "127.0.0.1:80"))))))))
          %base-services)))
