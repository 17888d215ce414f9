;; A Syncthing node: alice's syncthing, a per-user service as in Guix, runs
;; as alice (a declared account: the service makes none) with HOME her home,
;; where it makes its configuration, keys and database at first start
;; (~/.local/state/syncthing, as Guix's syncthing does).  Its web interface
;; and REST API listen on 127.0.0.1:8384; sync with other devices on port
;; 22000.  Try
;;   curl http://127.0.0.1:8384/rest/noauth/health
;;   herd status syncthing-alice

(use-modules (gnu))
(use-service-modules syncthing)
(use-package-modules curl)

(operating-system
  (host-name "sync-server")
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

  (users (cons (user-account
                (name "alice")
                (comment "Syncs her files")
                (group "users")
                (home-directory "/home/alice"))
               %base-user-accounts))

  ;; curl, to ask syncthing's REST API from inside.
  (packages (cons curl %base-packages))

  (services
   (cons (service syncthing-service-type
                  (syncthing-configuration
                   (user "alice")
                   (logflags 3)))
         %base-services)))
