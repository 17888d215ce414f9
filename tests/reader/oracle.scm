;; The reader's oracle: Guile 3.0's own `read' and `write', with Guix's gexp
;; reader extensions (guix/gexp.scm): #~x (gexp x), #$x (ungexp x),
;; #$@x (ungexp-splicing x), #+x (ungexp-native x), #+@x
;; (ungexp-native-splicing x).
;;
;; Usage: guile --no-auto-compile oracle.scm OUTDIR FILE...
;; For each FILE, writes OUTDIR/<basename>.out with one datum per line as
;; `write' prints it, or OUTDIR/<basename>.err with Guile's error.
(use-modules (ice-9 match))

(define (read-or-fail port)
  ;; Guix's extension would build (gexp #<eof>) at the end of the file; a
  ;; real reader reports incomplete input, so we do too.
  (let ((x (read port)))
    (when (eof-object? x)
      (error "unexpected end of file after gexp syntax"))
    x))

(define (read-ungexp chr port native?)
  (let ((sym (if (eqv? (peek-char port) #\@)
                 (begin (read-char port)
                        (if native? 'ungexp-native-splicing 'ungexp-splicing))
                 (if native? 'ungexp-native 'ungexp))))
    (list sym (read-or-fail port))))

(read-hash-extend #\~ (lambda (chr port) (list 'gexp (read-or-fail port))))
(read-hash-extend #\$ (lambda (chr port) (read-ungexp chr port #f)))
(read-hash-extend #\+ (lambda (chr port) (read-ungexp chr port #t)))

(define (read-all file)
  (call-with-input-file file
    (lambda (port)
      (let lp ((acc '()))
        (let ((x (read port)))
          (if (eof-object? x)
              (reverse acc)
              (lp (cons x acc))))))
    #:encoding "UTF-8"))

(define (write-file path thunk)
  (call-with-output-file path
    (lambda (port)
      (set-port-encoding! port "UTF-8")
      (with-output-to-port port thunk))))

(define (basename* f)
  (let ((i (string-rindex f #\/)))
    (if i (substring f (1+ i)) f)))

(match (command-line)
  ((_ outdir files ...)
   (for-each
    (lambda (file)
      (define out (string-append outdir "/" (basename* file)))
      (catch #t
        (lambda ()
          (let ((datums (read-all file)))
            (write-file (string-append out ".out")
                        (lambda ()
                          (for-each (lambda (x) (write x) (newline)) datums)))))
        (lambda (key . args)
          (write-file (string-append out ".err")
                      (lambda () (write (cons key args)) (newline))))))
    files))
  (_
   (display "usage: oracle.scm OUTDIR FILE...\n" (current-error-port))
   (exit 2)))
