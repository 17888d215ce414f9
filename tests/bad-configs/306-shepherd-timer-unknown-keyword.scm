;; error: 12:33: shepherd-timer: unexpected argument #:requirements (expected #:requirement or #:documentation)
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(garbage-collection) "0 3 */3 * *"
                                #~(#$(file-append coreutils "/bin/true"))
                                #:requirements '(user-processes))))
         %base-services)))
