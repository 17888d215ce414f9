;; A Syncthing node with two users' syncthing, a per-user service as in
;; Guix: each runs as its user (a declared account: the service makes none)
;; with HOME the user's home.
;; - alice's makes its own configuration, keys and database at first start
;;   (~/.local/state/syncthing, as Guix's syncthing does); its web interface
;;   and REST API listen on 127.0.0.1:8384.
;; - bob's is declared: a syncthing-config-file with a folder shared with
;;   alice's device (by its ID, once known) and its web interface on
;;   127.0.0.1:8385, written to /var/lib/syncthing-bob/config.xml, where
;;   his syncthing keeps its keys and database too.
;; Try
;;   curl http://127.0.0.1:8384/        (alice's web interface)
;;   herd status syncthing-alice

(use-modules (gnu))
(use-service-modules syncthing)
(use-package-modules curl)

(define laptop
  (syncthing-device
   (id "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD")
   (name "laptop")
   (addresses '("tcp://192.0.2.10:22000"))))

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

  (users (cons* (user-account
                 (name "alice")
                 (comment "Syncs her files")
                 (group "users")
                 (home-directory "/home/alice"))
                (user-account
                 (name "bob")
                 (comment "Syncs his documents")
                 (group "users")
                 (home-directory "/home/bob"))
                %base-user-accounts))

  ;; curl, to ask syncthing's REST API from inside.
  (packages (cons curl %base-packages))

  (services
   (cons* (service syncthing-service-type
                   (syncthing-configuration
                    (user "alice")
                    (logflags 3)))
          (service syncthing-service-type
                   (syncthing-configuration
                    (user "bob")
                    (config-file
                     (syncthing-config-file
                      (gui-address "127.0.0.1:8385")
                      (gui-apikey "bob-api-key")
                      (listen-address "tcp://127.0.0.1:22001")
                      (global-announce-enabled? #f)
                      (local-announce-enabled? #f)
                      (relays-enabled? #f)
                      (nat-enabled? #f)
                      (crash-reporting-enabled? #f)
                      (usage-reporting-accepted -1)
                      (folders
                       (list (syncthing-folder
                              (id "docs")
                              (label "Documents")
                              (path "/home/bob/Documents")
                              (devices (list laptop)))))))))
          %base-services)))
