;; syncthing-service-type with every field of syncthing-configuration
;; given, and a second instance for another user (one syncthing-USER
;; service per user, as in Guix): alice's in a directory under her home, in
;; group wheel, with logflags and extra arguments; bob's with the defaults.
(use-modules (gnu))
(use-service-modules syncthing)

(operating-system
  (host-name "sync")
  (bootloader #f)
  (file-systems '())
  (users (cons* (user-account (name "alice") (group "users")
                              (supplementary-groups '("wheel")))
                (user-account (name "bob") (group "users")
                              (home-directory "/srv/bob"))
                %base-user-accounts))
  (services
   (list (service syncthing-service-type
                  (syncthing-configuration
                   (syncthing syncthing)
                   (arguments '("--no-upgrade" "--gui-address=0.0.0.0:8384"))
                   (logflags 7)
                   (user "alice")
                   (group "wheel")
                   (home "/home/alice/sync")
                   (config-file #f)))
         (service syncthing-service-type
                  (syncthing-configuration (user "bob"))))))
