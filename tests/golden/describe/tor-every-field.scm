;; tor-service-type with every field given: the Unix SOCKS and control
;; sockets, two onion services (every form of target tor takes), a client
;; and a server transport plugin, a config-file appended to the generated
;; lines, and one more onion service from the deprecated tor-hidden-service
;; (tor --verify-config reads the torrc in describe-service-configs.sh).
(use-service-modules networking)
(use-package-modules tor)

(operating-system
  (host-name "onion")
  (bootloader #f)
  (file-systems '())
  (services
   (cons* (service tor-service-type
                   (tor-configuration
                    (tor tor)
                    (config-file (plain-file "torrc-extra" "\
# appended as it is
ExitPolicy reject *:*
SafeLogging 1
"))
                    (socks-socket-type 'unix)
                    (control-socket? #t)
                    (hidden-services
                     (list (tor-onion-service-configuration
                            (name "web")
                            (mapping '((80 . "127.0.0.1:8080")
                                       (443 . "[::1]:8443"))))
                           (tor-onion-service-configuration
                            (name "misc.1_x-y")
                            (mapping '((22 . "22")
                                       (70 . "127.0.0.1")
                                       (71 . "localhost:7070")
                                       (79 . "unix:/run/finger/sock"))))))
                    (transport-plugins
                     (list (tor-transport-plugin
                            (program "/usr/bin/obfs4proxy"))
                           (tor-transport-plugin
                            (role 'server)
                            (protocol "obfs4,meek_lite")
                            (program "/usr/local/bin/pt-server"))))))
          (tor-hidden-service "ssh" '((22 . "127.0.0.1:22")))
          %base-services)))
