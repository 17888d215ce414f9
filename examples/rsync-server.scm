;; An rsync server: rsync's daemon serves, over rsync://HOST/MODULE/, two
;; modules: "pub", read-only (rsync-module's default), and "incoming",
;; writable.  rsync runs as root, chroots into the module and does each
;; transfer as the rsyncd account, which owns the modules' directories
;; (made at activation).  Try
;;   rsync rsync://HOST/                         (the list of modules)
;;   rsync -a rsync://HOST/pub/ here/            (a download)
;;   rsync -a file rsync://HOST/incoming/        (an upload)

(use-modules (gnu))
(use-service-modules rsync)

(operating-system
  (host-name "rsync-server")
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
   (cons (service rsync-service-type
                  (rsync-configuration
                   (modules
                    (list (rsync-module
                           (name "pub")
                           (file-name "/srv/rsync/pub")
                           (comment "Public files"))
                          (rsync-module
                           (name "incoming")
                           (file-name "/srv/rsync/incoming")
                           (comment "Uploads")
                           (read-only? #f))))))
         %base-services)))
