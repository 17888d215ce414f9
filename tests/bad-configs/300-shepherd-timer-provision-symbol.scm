;; error: 10:34: shepherd-timer: PROVISION: expected a non-empty list of symbols, got garbage-collection
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer 'garbage-collection "0 3 */3 * *"
                                #~("/bin/true"))))
         %base-services)))
