;; Random inputs for the differential test: writes OUTDIR/gen-N.scm (random
;; nested datums in varied source syntax) and OUTDIR/tok-N.scm (one random
;; number-like or symbol-like token each, to check that every token is a
;; number or a symbol exactly as in Guile).  Deterministic for a seed.
;;
;; Usage: guile --no-auto-compile gen-corpus.scm OUTDIR DATUM-FILES TOKEN-FILES SEED
(use-modules (ice-9 match) (srfi srfi-1) (ice-9 format))

(define state #f)
(define (rnd n) (random n state))
(define (pick lst) (list-ref lst (rnd (length lst))))
(define (chance p) (< (random 1.0 state) p))
(define (repeat n thunk) (let lp ((i 0) (acc '())) (if (= i n) (reverse acc) (lp (1+ i) (cons (thunk) acc)))))
(define (join strs sep)
  (if (null? strs) "" (fold (lambda (s acc) (string-append acc sep s)) (car strs) (cdr strs))))

(define (random-cp)
  ;; Mostly ASCII, some Latin-1, BMP and astral, including unassigned,
  ;; private-use, format and separator characters; never surrogates.
  (match (rnd 10)
    ((or 0 1 2 3 4) (+ 32 (rnd 95)))
    (5 (rnd 32))
    (6 (+ #x80 (rnd #x180)))
    (7 (let ((c (rnd #x10000))) (if (<= #xd800 c #xdfff) #x3bb c)))
    (8 (pick '(#x200b #x200f #xfeff #x2028 #x3000 #xa0 #xad #x301 #x85 #xe000 #x378 #x1f600 #xe0001 #x10ffff #xfffff)))
    (_ (+ #x10000 (rnd #x100000)))))

(define (hex n width)
  (let ((s (number->string n 16)))
    (string-append (make-string (max 0 (- width (string-length s))) #\0) s)))

(define (gen-string)
  (string-append
   "\""
   (apply string-append
          (repeat (rnd 8)
                  (lambda ()
                    (match (rnd 12)
                      (0 (pick '("\\n" "\\t" "\\a" "\\b" "\\v" "\\f" "\\r" "\\0" "\\\\" "\\\"" "\\|" "\\(")))
                      (1 (string-append "\\x" (hex (rnd 256) 2)))
                      (2 (string-append "\\u" (hex (let ((c (rnd #x10000))) (if (<= #xd800 c #xdfff) 65 c)) 4)))
                      (3 (string-append "\\U" (hex (random-cp) 6)))
                      (4 "\\\n   ")
                      (_ (let ((c (random-cp)))
                           (if (memv c '(34 92)) "q" (string (integer->char c)))))))))
   "\""))

(define symbol-chars "abcxyzABC-+*/<>=!?%&^~_.:0123456789|{}'#@$λé")
(define (gen-symbol)
  (match (rnd 6)
    (0 (string-append "#{"
                      (apply string-append
                             (repeat (rnd 6)
                                     (lambda ()
                                       (match (rnd 5)
                                         (0 (string-append "\\x" (number->string (random-cp) 16) ";"))
                                         (_ (let ((c (random-cp)))
                                              (if (memv c '(92 125)) "z" (string (integer->char c)))))))))
                      "}#"))
    (_ (let ((s (list->string
                 (repeat (1+ (rnd 6))
                         (lambda () (string-ref symbol-chars (rnd (string-length symbol-chars))))))))
         ;; keep it one token that does not start another syntax
         (if (memv (string-ref s 0) '(#\# #\' #\|)) (string-append "s" s) s)))))

(define number-chars "0123456789+-.eE#/@iIxXbBsSdDfFlLnNaA")
(define (gen-number-token)
  (match (rnd 8)
    (0 (number->string (- (rnd 2000000) 1000000)))
    (1 (number->string (* (if (chance 0.5) -1 1) (expt 10 (rnd 40)) (rnd 100000))))
    (2 (let ((x (* (random 1.0 state) (expt 10.0 (- (rnd 40) 20)))))
         (number->string (if (chance 0.3) (- x) x))))
    (3 (number->string (* (random:normal state) (expt 10.0 (- (rnd 640) 320)))))
    (4 (string-append (pick '("#x" "#b" "#o" "#d" "#e" "#i" "#X" "#x#i" "#e#x"))
                      (number->string (rnd 100000) (pick '(16 2 8 10)))))
    (5 (string-append (pick '("" "+" "-")) (pick '("inf.0" "nan.0" "i" "1i" "2e3" ".5" "5." "1#" "1/2" "0/1" "1@0"))))
    (_ (list->string
        (repeat (1+ (rnd 7))
                (lambda () (string-ref number-chars (rnd (string-length number-chars)))))))))

(define (gen-char)
  (string-append
   "#\\"
   (match (rnd 5)
     (0 (pick '("space" "newline" "tab" "nul" "alarm" "delete" "esc" "SP" "Nul" "null" "nl" "altmode" "x" "a" "(" ")" ";")))
     (1 (string-append "x" (number->string (random-cp) 16)))
     (2 (number->string (rnd 512) 8))
     (_ (let ((c (random-cp)))
          (if (or (< c 33) (memv c '(40 41 59 34 91 93))) "z" (string (integer->char c))))))))

(define (gen-ws)
  (match (rnd 12)
    (0 "\n")
    (1 "\t")
    (2 " ; comment\n")
    (3 " #| block #| nested |# |# ")
    (4 " #;(skipped datum) ")
    (_ " ")))

(define (gen-datum depth)
  (match (if (> depth 4) (+ 4 (rnd 7)) (rnd 11))
    (0 (let ((items (repeat (rnd 5) (lambda () (gen-datum (1+ depth))))))
         (string-append (if (chance 0.8) "(" "[")
                        (join items (gen-ws))
                        (if (and (pair? items) (chance 0.2))
                            (string-append " . " (gen-datum (1+ depth)))
                            "")
                        ")")))
    (1 (string-append "#(" (join (repeat (rnd 4) (lambda () (gen-datum (1+ depth)))) " ") ")"))
    (2 (string-append (pick '("'" "`" "," ",@" "#~" "#$" "#$@" "#+" "#'")) (gen-datum (1+ depth))))
    (3 (string-append (pick '("(" "[")) (gen-datum (1+ depth)) (pick '(")" "]"))))
    (4 (gen-string))
    (5 (gen-symbol))
    (6 (gen-number-token))
    (7 (gen-char))
    (8 (pick '("#t" "#f" "#true" "#false" "#T")))
    (9 (string-append "#:" (gen-symbol)))
    (_ (gen-symbol))))

(define (write-text file text)
  (call-with-output-file file
    (lambda (port) (set-port-encoding! port "UTF-8") (display text port))))

(match (command-line)
  ((_ outdir ndatum ntoken seed)
   (set! state (seed->random-state (string->number seed)))
   (do ((i 0 (1+ i))) ((= i (string->number ndatum)))
     (write-text (format #f "~a/gen-~a.scm" outdir i)
                 (string-append (join (repeat (1+ (rnd 4)) (lambda () (gen-datum 0))) (gen-ws)) "\n")))
   (do ((i 0 (1+ i))) ((= i (string->number ntoken)))
     (write-text (format #f "~a/tok-~a.scm" outdir i)
                 (string-append (if (chance 0.5) (gen-number-token) (gen-symbol)) "\n"))))
  (_ (display "usage: gen-corpus.scm OUTDIR DATUM-FILES TOKEN-FILES SEED\n" (current-error-port))
     (exit 2)))
