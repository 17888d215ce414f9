;; error: 13:81: make-timer-constructor: gxsys cannot run a procedure as a timer's action: only (command '(...) ...) is supported
(use-modules (gnu) (gnu services shepherd))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'updatedb shepherd-root-service-type
          (list (shepherd-service
                 (provision '(updatedb))
                 (requirement '(user-processes))
                 (modules '((shepherd service timer)))
                 (start #~(make-timer-constructor (calendar-event #:hours '(3)) (lambda () (system* "updatedb"))))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
