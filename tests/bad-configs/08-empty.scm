;; error: 1:1: empty configuration: expected an operating-system declaration
;; nothing here
