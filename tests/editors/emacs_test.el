;;; emacs_test.el --- Batch test of editors/emacs/ark-mode.el -*- lexical-binding: t; -*-

;; Run by run_emacs_test.sh: `emacs --batch -l emacs_test.el' (not -Q, so that eglot from
;; elpa-eglot loads). Checks the mode (syntax, font-lock, indentation, lint command) and, through
;; eglot and `ark lsp', diagnostics in flymake, hover through eldoc and xref definitions.
;; Every check runs and reports; the exit status is 1 when any failed.
;; Environment: ARK_BIN (the ark binary), ARK_REPO (the checkout).

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar ark-test--failures 0)

(defun ark-test--check (ok name &optional detail)
  "Report check NAME, which passed when OK; DETAIL explains a failure."
  (if ok
      (princ (format "ok   %s\n" name))
    (setq ark-test--failures (1+ ark-test--failures))
    (princ (format "FAIL %s%s\n" name (if detail (format ": %s" detail) "")))))

(defun ark-test--finish ()
  (princ (format "%d failure(s)\n" ark-test--failures))
  (kill-emacs (if (zerop ark-test--failures) 0 1)))

(defconst ark-test--patience 60
  "Seconds to wait for something that must happen: only a hang should reach it
(CI runs this against an AddressSanitizer build on a busy machine).")

(defun ark-test--wait (seconds predicate)
  "Let processes and timers run until PREDICATE holds or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds))
        (value nil))
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (sit-for 0.01))
    value))

(defvar ark-test--bin (or (getenv "ARK_BIN") (error "ARK_BIN must name the ark binary")))
(defvar ark-test--repo (or (getenv "ARK_REPO") (error "ARK_REPO must name the checkout")))

(add-to-list 'load-path (expand-file-name "editors/emacs" ark-test--repo))
(require 'ark-mode)
(setq ark-executable ark-test--bin)

(defun ark-test--face-at (text &optional offset)
  "The face at the first occurrence of TEXT (plus OFFSET) in the current buffer."
  (save-excursion
    (goto-char (point-min))
    (search-forward text)
    (let ((face (get-text-property (+ (match-beginning 0) (or offset 0)) 'face)))
      (if (listp face) (car face) face))))

(defun ark-test--goto (line column)
  "Move to 0-based LINE and COLUMN."
  (goto-char (point-min))
  (forward-line line)
  (move-to-column column))

;;;; The mode, without a server

(with-temp-buffer
  (insert "# comment (let x 1)\n"
          "(let add (fun (a b) (+ a b)))\n"
          "(mut count 0)\n"
          "(print \"hi # not a comment\" 3.5e2 -7 true nil (len [1 2]) x.y)\n"
          "(let f (fun (&count) (while (and count false) (set count 1))))\n"
          "(import std.List :map)\n")
  (ark-mode)
  (font-lock-ensure)
  (dolist (case '(("comment (let" font-lock-comment-face)
                  ("(let add" font-lock-keyword-face 1)
                  ("add (fun" font-lock-function-name-face)
                  ("(fun (a" font-lock-keyword-face 1)
                  ("count 0" font-lock-variable-name-face)
                  ("print" font-lock-builtin-face)
                  ("\"hi" font-lock-string-face)
                  ("# not" font-lock-string-face)
                  ("3.5e2" font-lock-constant-face)
                  ("-7" font-lock-constant-face)
                  ("true" font-lock-constant-face)
                  ("nil" font-lock-constant-face)
                  ("len" font-lock-builtin-face)
                  ("while" font-lock-keyword-face)
                  ("and" font-lock-keyword-face)
                  ("import" font-lock-keyword-face)))
    (let ((face (ark-test--face-at (nth 0 case) (nth 2 case))))
      (ark-test--check (eq face (nth 1 case)) (format "font-lock: %s is %s" (nth 0 case) (nth 1 case))
                       face)))
  (ark-test--check (not (eq (ark-test--face-at "(print" 1) 'font-lock-keyword-face))
                   "font-lock: a call head is not a keyword")
  ;; Syntax: `sys:args' and `empty?' are one symbol each; brackets of three kinds balance.
  (erase-buffer)
  (insert "(print empty? sys:args [1 {2 3}])")
  (goto-char 8)
  (ark-test--check (equal (thing-at-point 'symbol t) "empty?") "syntax: empty? is one symbol"
                   (thing-at-point 'symbol t))
  (goto-char (point-min))
  (forward-sexp)
  (ark-test--check (= (point) (point-max)) "syntax: (), [] and {} balance"))

;; Raw strings (4.8): backslashes are text, `\"' is an escaped quote and `\\' a pair, as
;; the syntax table's escape character reads them: `r"a\" x"' is one string, `r"a\\"' ends
;; at its last quote, `r"C:\"' is not closed. The `r' is part of the literal.
(with-temp-buffer
  (insert "(print r\"C:\\new\\table\" \"after\")\n"
          "(print r\"a\\\" x\" tail)\n"
          "(print r\"a\\\\\" y)\n"
          "(let r 5)\n"
          "(print bar\"y\" &r\"z\")\n"
          "(print r\"C:\\\")\n")
  (ark-mode)
  (font-lock-ensure)
  (dolist (case '(("r\"C:" font-lock-string-face)
                  ("new" font-lock-string-face)
                  ("after" font-lock-string-face)
                  (" x\"" font-lock-string-face 1)
                  ("tail" font-lock-builtin-face)
                  ("y)" nil)
                  ("r 5" font-lock-variable-name-face)
                  ("bar" nil)
                  ("&r" font-lock-variable-name-face 1)))
    (let ((face (ark-test--face-at (nth 0 case) (nth 2 case))))
      (ark-test--check (eq face (nth 1 case)) (format "raw strings: %s is %s" (nth 0 case) (nth 1 case))
                       face)))
  (goto-char (point-min))
  (search-forward "(print ")
  (let ((start (point)))
    (forward-sexp)
    (ark-test--check (equal (buffer-substring-no-properties start (point)) "r\"C:\\new\\table\"")
                     "raw strings: one sexp, prefix included" (buffer-substring-no-properties start (point))))
  (ark-test--check (nth 3 (syntax-ppss (point-max))) "raw strings: r\"C:\\\" is not closed"))

(with-temp-buffer
  (ark-mode)
  (insert "(let compute (fun (n) {\n"
          "(let total (* n 2))\n"
          "(if (> total 3)\n"
          "(print \"big\")\n"
          "(print \"small\"))\n"
          "}))\n"
          "(let s \"a\n"
          "   kept\")\n")
  (indent-region (point-min) (point-max))
  (let ((expected (concat "(let compute (fun (n) {\n"
                          "  (let total (* n 2))\n"
                          "  (if (> total 3)\n"
                          "    (print \"big\")\n"
                          "    (print \"small\"))\n"
                          "}))\n"
                          "(let s \"a\n"
                          "   kept\")\n")))
    (ark-test--check (equal (buffer-string) expected) "indentation: one offset per open bracket"
                     (format "\n%s" (buffer-string)))))

(let ((auto (assoc-default "x.ark" auto-mode-alist #'string-match)))
  (ark-test--check (eq auto 'ark-mode) "auto-mode-alist: *.ark opens ark-mode" auto))

(let ((command (ark-lint-command "/tmp/a.ark")))
  (ark-test--check (string-match-p "\\(lint\\|check\\) /tmp/a\\.ark\\'" command) "lint: compile command"
                   command))

;;;; Through eglot and `ark lsp'

(require 'eglot)
(require 'flymake)
(require 'xref)
(ark-test--check (assoc 'ark-mode eglot-server-programs) "eglot: ark-mode registered")

(defvar ark-test--dir (make-temp-file "ark-emacs-test" t))
(defvar ark-test--file (expand-file-name "main.ark" ark-test--dir))
(with-temp-file ark-test--file
  (insert "# Adds two numbers.\n"
          "(let add (fun (a b) (+ a b)))\n"
          "(let compute (fun (n) {\n"
          "  (let local_total (* n 2))\n"
          "  (print (add local_total undefined_name))\n"
          "  (print local_t)\n"
          "}))\n"
          "(compute 4)\n"))

(setq eglot-sync-connect 10
      eglot-connect-timeout ark-test--patience
      eglot-autoreconnect nil
      flymake-no-changes-timeout 0.2)

(find-file ark-test--file)
(switch-to-buffer (current-buffer))
(ark-test--check (eq major-mode 'ark-mode) "find-file: ark-mode" major-mode)

(condition-case err
    (apply #'eglot (eglot--guess-contact))
  (error (ark-test--check nil "eglot: connects" (error-message-string err))
         (ark-test--finish)))
(ark-test--check (ark-test--wait ark-test--patience (lambda () (eglot-current-server))) "eglot: connects")
(ark-test--check (bound-and-true-p flymake-mode) "eglot: flymake-mode on")

;; Diagnostics reach flymake.
(defun ark-test--unbound ()
  (cl-find-if (lambda (diagnostic) (string-match-p "undefined_name" (flymake-diagnostic-text diagnostic)))
              (flymake-diagnostics)))
(ark-test--check (ark-test--wait ark-test--patience (lambda () (flymake-start) (ark-test--unbound)))
                 "flymake: unbound name reported"
                 (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
(when-let ((diagnostic (ark-test--unbound)))
  (save-excursion
    (goto-char (flymake-diagnostic-beg diagnostic))
    (ark-test--check (and (= (line-number-at-pos) 5) (looking-at-p "undefined_name"))
                     "flymake: range of the unbound name" (format "line %d" (line-number-at-pos))))
  (ark-test--check (memq (flymake-diagnostic-type diagnostic) '(:error eglot-error)) "flymake: an error"
                   (flymake-diagnostic-type diagnostic)))

;; Hover through eldoc on the builtin `print'.
(ark-test--goto 4 4)
(let ((documentation nil))
  (eglot-hover-eldoc-function (lambda (info &rest _) (setq documentation (or info ""))))
  (ark-test--wait ark-test--patience (lambda () documentation))
  (ark-test--check (and documentation (string-match-p "print" documentation)) "eldoc: hover on print"
                   documentation))

;; xref: the definition of `add' used on line 5 is its `let' on line 2.
(ark-test--goto 4 11)
(let* ((backend (xref-find-backend))
       (identifier (xref-backend-identifier-at-point backend))
       (definitions (xref-backend-definitions backend identifier))
       (location (and definitions (xref-item-location (car definitions)))))
  (ark-test--check (eq backend 'eglot) "xref: eglot backend" backend)
  (ark-test--check (and location (= (xref-location-line location) 2)
                        (equal (file-truename (xref-location-group location)) (file-truename ark-test--file)))
                   "xref: definition of add on line 2"
                   (and location (list (xref-location-group location) (xref-location-line location)))))
(ark-test--goto 4 11)
(xref-find-definitions (xref-backend-identifier-at-point 'eglot))
(ark-test--check (= (line-number-at-pos) 2) "xref-find-definitions jumps to line 2" (line-number-at-pos))

;; completion-at-point offers the local `local_total'.
(ark-test--goto 5 15)
(let* ((capf (eglot-completion-at-point))
       (candidates (and capf (all-completions "local_t" (nth 2 capf)))))
  (ark-test--check (member "local_total" candidates) "completion: includes the local local_total"
                   candidates))

;; `ark-lint' (C-c C-l) lists the findings in a compilation buffer that `next-error' walks.
(find-file ark-test--file)
(let ((compilation-buffer nil)
      (finished nil))
  (let ((compilation-finish-functions (list (lambda (buffer _status) (setq finished buffer)))))
    (setq compilation-buffer (ark-lint))
    (ark-test--wait ark-test--patience (lambda () finished)))
  (setq compilation-buffer (or finished (get-buffer "*compilation*")))
  (let ((text (and compilation-buffer (with-current-buffer compilation-buffer (buffer-string)))))
    (ark-test--check (and text (string-match-p "main\\.ark:5:27" text)) "ark-lint: the unbound name, file:line:col"
                     text)
    (when text
      (with-current-buffer compilation-buffer
        (goto-char (point-min))
        (condition-case err
            (progn (compilation-next-error 1)
                   (compile-goto-error)
                   (ark-test--check (and (equal (file-truename buffer-file-name) (file-truename ark-test--file))
                                         (= (line-number-at-pos) 5) (looking-at-p "undefined_name"))
                                    "ark-lint: next-error visits the finding"
                                    (format "%s:%d" buffer-file-name (line-number-at-pos))))
          (error (ark-test--check nil "ark-lint: next-error visits the finding" (error-message-string err))))))))

;;;; Trust: runs are sandboxed, and a project cannot choose the server or the trust

(dolist (variable '(ark-executable ark-lsp-arguments ark-trusted-workspace))
  (ark-test--check (and (not (get variable 'safe-local-variable)) (risky-local-variable-p variable))
                   (format "local variables: %s is risky, never safe" variable)))

(defun ark-test--run-buffer-text ()
  (let ((buffer (get-buffer "*ark-run*")))
    (and buffer (with-current-buffer buffer (buffer-string)))))

;; `ark-run' (C-c C-c) with eglot: through the server's sandboxed `ark.run'.
(defvar ark-test--escape (expand-file-name "escape.ark" ark-test--dir))
(defvar ark-test--pwned (expand-file-name "pwned-run" ark-test--dir))
(with-temp-file ark-test--escape
  (insert (format "(print \"escaping\")\n(builtin__sys:exec \"touch %s\")\n" ark-test--pwned)))
(find-file ark-test--escape)
(ark-test--wait ark-test--patience (lambda () (eglot-current-server)))
(condition-case err
    (progn
      (ark-run)
      (ark-test--check (ark-test--wait ark-test--patience (lambda () (let ((text (ark-test--run-buffer-text)))
                                                       (and text (string-match-p "\\[error\\]" text)))))
                       "ark-run: through the server, sys:exec refused"
                       (ark-test--run-buffer-text))
      (ark-test--check (string-match-p "access to files and processes is refused" (or (ark-test--run-buffer-text) ""))
                       "ark-run: the refusal is shown" (ark-test--run-buffer-text)))
  (error (ark-test--check nil "ark-run: through the server, sys:exec refused" (error-message-string err))))
(ark-test--check (not (file-exists-p ark-test--pwned)) "ark-run: nothing was created")

;; Without eglot, untrusted: `ark-run' refuses rather than running `ark run' with full access.
(defvar ark-test--lonely-dir (make-temp-file "ark-emacs-lonely" t))
(defvar ark-test--lonely-pwned (expand-file-name "pwned-fallback" ark-test--lonely-dir))
(let ((file (expand-file-name "fallback.ark" ark-test--lonely-dir))
      (refused nil))
  (with-temp-file file
    (insert (format "(builtin__sys:exec \"touch %s\")\n" ark-test--lonely-pwned)))
  (find-file file)
  (condition-case err
      (ark-run)
    (user-error (setq refused (error-message-string err))))
  (ark-test--wait 3 (lambda () (file-exists-p ark-test--lonely-pwned)))
  (ark-test--check (and refused (string-match-p "full access" refused) (not (file-exists-p ark-test--lonely-pwned)))
                   "ark-run: without the server, untrusted, it refuses" (or refused "ran"))
  (kill-buffer))

;; A project whose .dir-locals.el names another server, its arguments, trust and run limits.
;; With `enable-local-variables' :all (as if the user accepted every prompt) the buffer gets
;; them, and still eglot starts the user's server, untrusted, within the server's limits.
(defvar ark-test--evil-dir (make-temp-file "ark-emacs-evil" t))
(defun ark-test--evil (name) (expand-file-name name ark-test--evil-dir))
(with-temp-file (ark-test--evil "evil-ark.sh")
  (insert (format "#!/bin/sh\ntouch %s\nexec %s \"$@\"\n" (ark-test--evil "pwned-path") ark-test--bin)))
(set-file-modes (ark-test--evil "evil-ark.sh") #o755)
(with-temp-file (ark-test--evil ".dir-locals.el")
  (prin1 `((nil . ((ark-executable . ,(ark-test--evil "evil-ark.sh"))
                   (ark-lsp-arguments . ("-e" ,(format "(builtin__sys:exec \"touch %s\")" (ark-test--evil "pwned-args"))))
                   (ark-trusted-workspace . t)
                   (eglot-workspace-configuration
                    . ((:ark.run . (:maxOutputBytes 268435456 :timeoutMs 0 :maxMemoryMb 0)))))))
         (current-buffer)))
;; Prints 2 MiB: more than the server's default 1 MiB output cap.
(with-temp-file (ark-test--evil "big.ark")
  (insert "(mut s \"0123456789abcdef\")\n(mut n 0)\n(while (< n 17) { (set s (+ s s)) (set n (+ n 1)) })\n(print s)\n"))
(setq enable-local-variables :all)
(find-file (ark-test--evil "big.ark"))
(ark-test--check (and (local-variable-p 'ark-executable) (local-variable-p 'eglot-workspace-configuration))
                 "dir-locals: the project's values reach the buffer (the attack is set up)"
                 (list ark-executable eglot-workspace-configuration))
(let ((contact (ark--server-contact)))
  (ark-test--check (equal (seq-take contact 2) (list ark-test--bin "lsp"))
                   "dir-locals: the server command is the user's" contact)
  (ark-test--check (eq (plist-get (plist-get (nthcdr 2 contact) :initializationOptions) :trustedWorkspace) :json-false)
                   "dir-locals: the project cannot grant trust" contact))
(condition-case err
    (apply #'eglot (eglot--guess-contact))
  (error (ark-test--check nil "dir-locals: eglot connects" (error-message-string err))))
(let ((server (ark-test--wait ark-test--patience (lambda () (eglot-current-server)))))
  (ark-test--check server "dir-locals: eglot connects to the user's server")
  (when server
    ;; A round trip: the server has read the project's configuration by the time it answers.
    (ignore-errors (jsonrpc-request server :textDocument/hover
                                    (list :textDocument (list :uri (ark--eglot 'eglot-path-to-uri 'eglot--path-to-uri
                                                                               (ark-test--evil "big.ark")))
                                          :position (list :line 0 :character 2))))
    (let ((result (condition-case err
                      (jsonrpc-request server :workspace/executeCommand
                                       (list :command "ark.run"
                                             :arguments (vector (list :uri (ark--eglot 'eglot-path-to-uri
                                                                                        'eglot--path-to-uri
                                                                                        (ark-test--evil "big.ark"))))
                                             ;; Output as $/progress: eglot 1.9 rejects the
                                             ;; extra fields of the server's window/logMessage.
                                             :workDoneToken "ark-test/big")
                                       :timeout 60)
                    (error (list :error (error-message-string err))))))
      (ark-test--check (eq (plist-get result :truncated) t)
                       "dir-locals: eglot-workspace-configuration cannot raise the output cap"
                       (list :status (plist-get result :status) :truncated (plist-get result :truncated)
                             :bytes (length (or (plist-get result :output) "")) :error (plist-get result :error))))
    (ignore-errors (let ((eglot-autoshutdown nil)) (eglot-shutdown server)))))
(ark-test--check (not (or (file-exists-p (ark-test--evil "pwned-path")) (file-exists-p (ark-test--evil "pwned-args"))))
                 "dir-locals: nothing the project named was run")

(ignore-errors (let ((eglot-autoshutdown nil)) (eglot-shutdown (with-current-buffer (get-file-buffer ark-test--file)
                                                                 (eglot-current-server)))))
(delete-directory ark-test--dir t)
(delete-directory ark-test--lonely-dir t)
(delete-directory ark-test--evil-dir t)
(ark-test--finish)
;;; emacs_test.el ends here
