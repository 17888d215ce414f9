;; error: 3:1: the last expression must be an operating-system declaration, not ("operating-system")
(define x 1)
(list "operating-system")
