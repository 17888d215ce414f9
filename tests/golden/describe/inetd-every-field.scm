;; inetd-service-type with every field: entries with and without a node,
;; every socket type spelt, wait? both ways, "USER:GROUP" and "USER.GROUP",
;; programs as a string, a file-append and a local-file, arguments with a
;; file-like object, and an extension's entries (appended, as Guix's
;; compose concatenate does): describe's golden.
(use-modules (gnu))
(use-service-modules networking)
(use-package-modules admin perl)
(operating-system
  (host-name "superserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons* (user-account
                 (name "alice")
                 (group "users")
                 (home-directory "/home/alice"))
                %base-user-accounts))
  (groups (cons (user-group (name "daemons") (system? #t)) %base-groups))
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (program (file-append inetutils "/libexec/inetd"))
            (entries
             (list (inetd-entry
                    (node "127.0.0.1")
                    (name "echo")
                    (socket-type 'stream)
                    (protocol "tcp")
                    (wait? #f)
                    (user "root"))
                   (inetd-entry
                    (name "daytime")
                    (socket-type 'dgram)
                    (protocol "udp")
                    (user "nobody"))
                   (inetd-entry
                    (node "::1")
                    (name "2323")
                    (socket-type 'stream)
                    (protocol "tcp6")
                    (wait? #f)
                    (user "alice:daemons")
                    (program "/bin/sh")
                    (arguments
                     (list "sh" (plain-file "hello.sh" "echo \"hello from $(id -un)\"\n"))))
                   (inetd-entry
                    (name "4444")
                    (socket-type 'dgram)
                    (protocol "udp")
                    (user "alice.users")
                    (program (file-append perl "/bin/perl"))
                    (arguments '("perl" "-e" "print(1);")))))))
          (simple-service 'more-inetd inetd-service-type
           (list (inetd-entry
                  (node "*")
                  (name "tcpmux/+hello")
                  (socket-type 'stream)
                  (protocol "tcp")
                  (wait? #f)
                  (user "nobody")
                  (program "/usr/bin/printf")
                  (arguments '("printf" "hi\\n")))
                 (inetd-entry
                  (name "raw-thing")
                  (socket-type 'raw)
                  (protocol "icmp")
                  (user "root")
                  (program "/bin/true"))
                 (inetd-entry
                  (name "rdm-thing")
                  (socket-type 'rdm)
                  (protocol "tipc")
                  (user "root")
                  (program "/bin/true"))
                 (inetd-entry
                  (name "seq-thing")
                  (socket-type 'seqpacket)
                  (protocol "sctp")
                  (user "root")
                  (program "/bin/true"))))
          %base-services)))
