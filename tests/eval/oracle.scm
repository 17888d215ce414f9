;; The evaluator's oracle: Guile 3.0 itself.  Usage:
;;   guile --no-auto-compile oracle.scm CASES
;; CASES holds cases separated by lines "%%%%", each one or more
;; expressions.  For each case, in a fresh module that sees the modules
;; configurations use, prints the value of its last expression as `write'
;; prints it, on one line, or "ERROR" and Guile's error key.  gxsys's
;; driver (tests/drivers/ev_cases.c) prints the same for gxsys.
(use-modules (ice-9 rdelim) (ice-9 textual-ports))

(define %modules
  '((srfi srfi-1) (srfi srfi-11) (srfi srfi-26) (ice-9 match) (ice-9 receive)))

(define (split-cases text)
  (let lp ((lines (string-split text #\newline)) (cur '()) (acc '()))
    (cond ((null? lines)
           (reverse (if (null? cur) acc
                        (cons (string-join (reverse cur) "\n") acc))))
          ((string=? (car lines) "%%%%")
           (lp (cdr lines) '() (cons (string-join (reverse cur) "\n") acc)))
          (else (lp (cdr lines) (cons (car lines) cur) acc)))))

(define (fresh-module)
  (let ((m (make-fresh-user-module)))
    (for-each (lambda (name) (module-use! m (resolve-interface name))) %modules)
    m))

(define (run-case text)
  (let ((m (fresh-module)))
    (catch #t
      (lambda ()
        (call-with-input-string text
          (lambda (port)
            (let lp ((last *unspecified*))
              (let ((x (read port)))
                (if (eof-object? x)
                    (begin (write last) (newline))
                    (lp (eval x m))))))))
      (lambda (key . args)
        (format #t "ERROR ~a~%" key)))))

(for-each run-case
          (split-cases (call-with-input-file (cadr (command-line)) get-string-all
                         #:encoding "UTF-8")))
