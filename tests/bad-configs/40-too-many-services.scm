;; error: 3:3: too many services (at most 4096)
(define (service-named i)
  (shepherd-service (provision (list (string->symbol (string-append "s" (number->string i)))))))
(define (services-from i n acc)
  (if (= i n) acc (services-from (+ i 1) n (cons (service-named i) acc))))
(define (many chunks)
  ;; no tail calls: build the list in chunks of 100
  (let loop ((k 0) (acc '()))
    (if (= k chunks) acc
        (loop (+ k 1) (append (services-from (* k 100) (* (+ k 1) 100) '()) acc)))))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (list (simple-service 'many shepherd-root-service-type (many 50)))))
