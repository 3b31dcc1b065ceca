;;; ark-mode.el --- Major mode for ArkScript -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages
;; URL: editors/emacs in the ArkScript toolchain repository

;;; Commentary:

;; Editing ArkScript (`.ark') files: syntax table, font-lock (keywords, builtins, numbers,
;; strings, comments, definitions), bracket-based indentation, eglot registration for the
;; `ark lsp' language server, `ark-lint' (\\[ark-lint]) running `ark lint' (or `ark check'
;; when this `ark' has no `lint' subcommand) in a compilation buffer, and `ark-run'
;; (\\[ark-run]) running the file through the server (sandboxed unless
;; `ark-trusted-workspace').  `ark-executable', `ark-lsp-arguments' and
;; `ark-trusted-workspace' are read from their global values only: a project's
;; `.dir-locals.el' cannot choose the server command or the trust.
;;
;; Set up:
;;   (add-to-list 'load-path "/path/to/editors/emacs")
;;   (require 'ark-mode)
;;   (add-hook 'ark-mode-hook #'eglot-ensure)   ; optional: start the server automatically
;;
;; This file knows the language's surface only; meaning (what a name is bound to, errors)
;; comes from the server.

;;; Code:

(require 'cl-lib)
(require 'compile)

(defgroup ark nil
  "ArkScript editing support."
  :group 'languages
  :prefix "ark-")

(defcustom ark-executable "ark"
  "The `ark' binary: a name found on `exec-path' or a full path."
  :type 'string)

(defcustom ark-lsp-arguments '("lsp")
  "Arguments given to `ark-executable' to start the language server."
  :type '(repeat string))

(defcustom ark-trusted-workspace nil
  "Non-nil lets runs started from the editor touch files and start processes.
Sent to the server as `initializationOptions.trustedWorkspace'; by
default runs through the server (`ark-run' with eglot) may not use
io:* or sys:exec, and `ark-run' never falls back to a full-access
`ark run' by itself."
  :type 'boolean)

;; What starts and what it may do are the user's choice, never a project's: these three are
;; risky as file or directory local variables (Emacs warns about them and never records them
;; as safe), and the code reads their global values only, so a `.dir-locals.el' value that
;; was accepted anyway changes nothing.
(dolist (variable '(ark-executable ark-lsp-arguments ark-trusted-workspace))
  (put variable 'risky-local-variable t))

(defun ark--executable ()
  "The global value of `ark-executable' (a buffer-local one is ignored)."
  (default-value 'ark-executable))

(defun ark--trusted-p ()
  "The global value of `ark-trusted-workspace' (a buffer-local one is ignored)."
  (default-value 'ark-trusted-workspace))

(defcustom ark-indent-offset 2
  "Columns each open bracket adds to the lines inside it."
  :type 'integer
  :safe #'integerp)

;;;; Syntax table

(defconst ark--symbol-characters ":!?@_-+*/|=<>%$"
  "Identifier characters besides letters and digits (LANGUAGE.md, section 1).")

(defvar ark-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; Everything not listed below is punctuation.
    (dolist (range '((0 . 47) (58 . 64) (91 . 96) (123 . 127)))
      (modify-syntax-entry range "." table))
    (mapc (lambda (char) (modify-syntax-entry char "_" table)) ark--symbol-characters)
    (modify-syntax-entry '(?0 . ?9) "w" table)
    (modify-syntax-entry '(?a . ?z) "w" table)
    (modify-syntax-entry '(?A . ?Z) "w" table)
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?\( "()" table)
    (modify-syntax-entry ?\) ")(" table)
    (modify-syntax-entry ?\[ "(]" table)
    (modify-syntax-entry ?\] ")[" table)
    (modify-syntax-entry ?\{ "(}" table)
    (modify-syntax-entry ?\} "){" table)
    (dolist (char '(?\s ?\t ?\r ?\f ?\v))
      (modify-syntax-entry char " " table))
    ;; `&capture', `...spread' and `a.b' field access: `&' and `.' separate symbols.
    (modify-syntax-entry ?& "'" table)
    (modify-syntax-entry ?. "." table)
    table)
  "Syntax table for `ark-mode'.")

;;;; Raw strings

;; ArkScript 4.8 raw strings `r"..."': backslashes are text, except that `\"' is a
;; quote that does not end the string and `\\' a pair of backslashes. That is how
;; the syntax table's escape character `\' already reads them, so strings end where
;; the lexer ends them: `r"C:\new"' at its last quote, `r"C:\\"' too, while
;; `r"C:\"' is not closed (its quote is escaped). All that is left is the `r': made
;; an expression prefix, so that sexp motion takes `r"..."' as one literal, and
;; fontified with the string.

(defconst ark--token-character-regexp "[A-Za-z0-9:!?@_$%&*+/<=>|.-]"
  "A character after which an `r' does not start a token: identifier characters,
`&' (captures) and `.' (fields). `bar\"x\"' is a name and an ordinary string.")

(defun ark--syntax-propertize (start end)
  "Make the `r' of each raw string between START and END an expression prefix."
  (goto-char start)
  (while (search-forward "r\"" end t)
    (let ((prefix (- (point) 2)))
      (unless (or (nth 8 (save-excursion (syntax-ppss prefix)))  ; in a string or a comment
                  (let ((before (char-before prefix)))
                    (and before (string-match-p ark--token-character-regexp (string before)))))
        (put-text-property prefix (1+ prefix) 'syntax-table (string-to-syntax "'"))))))

(defun ark--match-raw-string-prefix (limit)
  "Font-lock matcher: the next `r' of a raw string before LIMIT."
  (let (found)
    (while (and (not found) (search-forward "r\"" limit t))
      (let ((prefix (- (point) 2)))
        (when (equal (get-text-property prefix 'syntax-table) (string-to-syntax "'"))
          (set-match-data (list prefix (1+ prefix)))
          (setq found t))))
    found))

;;;; Font-lock

(defconst ark-macro-keywords
  '("$if" "$repr" "$symcat" "$argcount" "$as-is" "$undef" "$type" "$gensym"
    "$len" "$empty?" "$head" "$tail" "$at")
  "Macro primitives (LANGUAGE-4.8 section 3.9), highlighted in head position.")

;; BEGIN vocabulary lists: generated by scripts/editor_lists.py from language/vocabulary.def; do not edit
(defconst ark-keywords
  '("async" "await" "begin" "breakpoint" "del" "fun" "if" "import" "let" "macro" "mut" "set"
    "while")
  "Special forms (LANGUAGE.md section 3), highlighted in head position.")

(defconst ark-operator-keywords
  '("and" "mod" "not" "or")
  "Operators written as words.")

(defconst ark-builtins
  '("@" "@=" "@@" "@@=" "append" "append!" "apply" "assert" "builtin__slice" "concat" "concat!"
    "dict" "disassemble" "empty?" "format" "hasField" "head" "input" "len" "list" "nil?" "pop"
    "pop!" "print" "puts" "random" "tail" "time" "toNumber" "toString" "type"
    "builtin__dict:add" "builtin__dict:contains" "builtin__dict:get" "builtin__dict:keys"
    "builtin__dict:remove" "builtin__dict:size"
    "builtin__io:appendToFile" "builtin__io:dir?" "builtin__io:fileExists?"
    "builtin__io:listFiles" "builtin__io:makeDir" "builtin__io:readFile"
    "builtin__io:readLinesFile" "builtin__io:removeFile" "builtin__io:writeFile"
    "builtin__list:fill" "builtin__list:find" "builtin__list:reverse" "builtin__list:setAt"
    "builtin__list:slice" "builtin__list:sort"
    "builtin__math:Inf?" "builtin__math:NaN?" "builtin__math:acosh" "builtin__math:arccos"
    "builtin__math:arcsin" "builtin__math:arctan" "builtin__math:asinh" "builtin__math:atanh"
    "builtin__math:bitAnd" "builtin__math:bitCeil" "builtin__math:bitFloor" "builtin__math:bitNot"
    "builtin__math:bitOr" "builtin__math:bitWidth" "builtin__math:bitXor" "builtin__math:ceil"
    "builtin__math:circularLeftShift" "builtin__math:circularRightShift" "builtin__math:cos"
    "builtin__math:cosh" "builtin__math:countLeftOnes" "builtin__math:countLeftZeros"
    "builtin__math:countOnes" "builtin__math:countRightOnes" "builtin__math:countRightZeros"
    "builtin__math:countZeros" "builtin__math:exp" "builtin__math:floor" "builtin__math:ln"
    "builtin__math:lshift" "builtin__math:round" "builtin__math:rshift" "builtin__math:sin"
    "builtin__math:sinh" "builtin__math:tan" "builtin__math:tanh"
    "builtin__string:bytes" "builtin__string:chr" "builtin__string:codepoints"
    "builtin__string:find" "builtin__string:ord" "builtin__string:removeAt"
    "builtin__string:setAt" "builtin__string:utf8len"
    "builtin__sys:exec" "builtin__sys:exit" "builtin__sys:programName" "builtin__sys:sleep"
    "builtin__sys:version"
    "builtin__time:asUTCDate" "builtin__time:parseDate"
    "lock:acquire" "lock:new" "lock:release" "lock:try" "lock:with")
  "Builtin functions, named operators and list instructions (LANGUAGE.md section 6).")

(defconst ark-constants
  '("false" "nil" "true"
    "builtin__math:Inf" "builtin__math:NaN" "builtin__math:e" "builtin__math:pi"
    "builtin__math:tau"
    "builtin__sys:args" "builtin__sys:platform")
  "Builtin constants.")
;; END vocabulary lists

(defconst ark--symbol-regexp "\\(?:\\sw\\|\\s_\\)+"
  "One identifier.")

(defun ark--symbols-regexp (names)
  "A regexp matching any of NAMES as a whole symbol, in group 1."
  (concat "\\_<\\(" (regexp-opt names) "\\)\\_>"))

(defconst ark-font-lock-keywords
  `(;; `(let name (fun' defines a function; any other `(let name' / `(mut name' a variable.
    (,(concat "[([{]\\s-*\\(?:let\\|mut\\|set\\)\\s-+\\(" ark--symbol-regexp "\\)\\s-+(\\s-*fun\\_>")
     (1 font-lock-function-name-face))
    (,(concat "[([{]\\s-*\\(?:let\\|mut\\)\\s-+\\(" ark--symbol-regexp "\\)")
     (1 font-lock-variable-name-face keep))
    ;; `(macro NAME ...)' defines a macro.
    (,(concat "[([{]\\s-*macro\\s-+\\(" ark--symbol-regexp "\\)")
     (1 font-lock-type-face))
    (,(concat "[([{]\\s-*" (ark--symbols-regexp ark-keywords)) (1 font-lock-keyword-face))
    (,(concat "[([{]\\s-*\\(" (regexp-opt ark-macro-keywords) "\\)\\(?:\\s-\\|$\\|[()]\\)")
     (1 font-lock-preprocessor-face))
    (,(ark--symbols-regexp ark-operator-keywords) (1 font-lock-keyword-face))
    (,(ark--symbols-regexp ark-builtins) (1 font-lock-builtin-face))
    (,(ark--symbols-regexp ark-constants) (1 font-lock-constant-face))
    ;; Numbers: -?DIGITS(.DIGITS?)?([eE][+-]?DIGITS)?
    ("\\_<-?[0-9]+\\(?:\\.[0-9]*\\)?\\(?:[eE][-+]?[0-9]+\\)?\\_>" . font-lock-constant-face)
    ;; Captures `&name' and spreads `...name'.
    (,(concat "\\(?:&\\|\\.\\.\\.\\)\\(" ark--symbol-regexp "\\)") (1 font-lock-variable-name-face))
    ;; Import paths: `(import std.List :map)'.
    (,(concat "[([{]\\s-*import\\s-+\\(" "[A-Za-z0-9][A-Za-z0-9_.-]*" "\\)") (1 font-lock-constant-face))
    ;; The `r' of a raw string belongs to the literal.
    (ark--match-raw-string-prefix (0 font-lock-string-face)))
  "Font-lock rules for `ark-mode'.
Comments and strings come from the syntax table.")

;;;; Indentation

(defun ark--indentation ()
  "The column for the current line, or nil inside a string.
It is the indentation of the line holding the innermost open bracket,
plus `ark-indent-offset'; a line starting with a closing bracket lines
up with the line of the bracket it closes."
  (save-excursion
    (back-to-indentation)
    (let* ((state (syntax-ppss))
           (closing (looking-at-p "\\s)"))
           (opener (nth 1 state)))
      (cond
       ((nth 3 state) nil)               ; inside a string: leave the line alone
       ((null opener) 0)
       (t (goto-char opener)
          (+ (current-indentation) (if closing 0 ark-indent-offset)))))))

(defun ark-indent-line ()
  "Indent the current line by bracket depth."
  (interactive)
  (let ((column (ark--indentation)))
    (when column
      (if (<= (current-column) (current-indentation))
          (indent-line-to column)
        (save-excursion (indent-line-to column))))))

;;;; Language server (eglot)

(defun ark--server-contact (&optional _interactive)
  "The command eglot runs for ArkScript buffers.
Built from the global values of `ark-executable', `ark-lsp-arguments'
and `ark-trusted-workspace': eglot calls this in the visited buffer,
where a `.dir-locals.el' may have set buffer-local ones."
  (append (cons (ark--executable) (default-value 'ark-lsp-arguments))
          (list :initializationOptions
                (list :trustedWorkspace (if (ark--trusted-p) t :json-false)))))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs '(ark-mode . ark--server-contact)))

;;;; Lint and run

(defvar ark--lint-support (make-hash-table :test #'equal)
  "`ark-executable' -> whether its `--help' lists a `lint' subcommand.")

(defun ark--has-lint-p ()
  "Whether `ark-executable' has the `lint' subcommand (newer builds); cached."
  (let* ((executable (ark--executable))
         (cached (gethash executable ark--lint-support 'unknown)))
    (if (not (eq cached 'unknown))
        cached
      (puthash executable
               (with-temp-buffer
                 (and (ignore-errors (eq 0 (process-file executable nil t nil "--help")))
                      (progn (goto-char (point-min))
                             (re-search-forward "^ +lint\\_>" nil t))
                      t))
               ark--lint-support))))

(defun ark-lint-command (file)
  "The shell command linting FILE: `ark lint', or `ark check' without `lint'."
  (format "%s %s %s" (shell-quote-argument (ark--executable))
          (if (ark--has-lint-p) "lint" "check")
          (shell-quote-argument file)))

(defun ark-lint ()
  "Lint the current file in a compilation buffer (\\[next-error] walks the findings)."
  (interactive)
  (unless buffer-file-name (user-error "Save the buffer to a file first"))
  (save-buffer)
  (compile (ark-lint-command (file-local-name buffer-file-name))))

(declare-function eglot-current-server "eglot")
(declare-function jsonrpc-async-request "jsonrpc")

(defun ark--eglot (name old-name &rest args)
  "Call eglot's function NAME, or OLD-NAME in eglot before 1.16, with ARGS."
  (apply (if (fboundp name) name old-name) args))

(defun ark--server-runs-p (server)
  "Whether SERVER (the buffer's eglot server, or nil) offers the `ark.run' command."
  (and server
       (let ((provider (ark--eglot 'eglot-server-capable 'eglot--server-capable :executeCommandProvider)))
         (and (listp provider)
              (member "ark.run" (append (plist-get provider :commands) nil))))))

(defun ark--run-result-text (result)
  "The text of an `ark.run' RESULT: output, error, value and status."
  (let ((failure (plist-get result :error))
        (value (plist-get result :result)))
    (concat (or (plist-get result :output) "")
            (if (eq (plist-get result :truncated) t) "[output truncated]\n" "")
            (if (and failure (plist-get failure :message))
                (format "%s: %s\n" (or (plist-get failure :kind) "Error") (plist-get failure :message))
              "")
            (if (stringp value) (format "=> %s\n" value) "")
            (format "[%s]\n" (or (plist-get result :status) "done")))))

(defvar ark--run-counter 0
  "Runs started by `ark-run' through the server, for unique progress tokens.")

(defun ark--run-on-server (server file)
  "Run FILE through SERVER's `ark.run'; the answer goes to the *ark-run* buffer."
  (let ((buffer (get-buffer-create "*ark-run*")))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (format "Run %s (through the language server%s)\n"
                        (file-name-nondirectory file)
                        (if (ark--trusted-p) "" "; untrusted: no files, no processes")))))
    (display-buffer buffer)
    (jsonrpc-async-request
     server :workspace/executeCommand
     ;; With a workDoneToken the server streams the output as $/progress, which eglot ignores
     ;; or shows; without one it sends window/logMessage with extra fields that eglot 1.9's
     ;; handler rejects.  The answer carries the whole output.
     (list :command "ark.run"
           :arguments (vector (list :uri (ark--eglot 'eglot-path-to-uri 'eglot--path-to-uri file)))
           :workDoneToken (format "ark-run/emacs-%d" (cl-incf ark--run-counter)))
     :success-fn (lambda (result)
                   (with-current-buffer buffer
                     (let ((inhibit-read-only t))
                       (goto-char (point-max))
                       (insert (ark--run-result-text result)))))
     :error-fn (lambda (failure)
                 (with-current-buffer buffer
                   (let ((inhibit-read-only t))
                     (goto-char (point-max))
                     (insert (format "error: %s\n" (plist-get failure :message))))))
     :timeout 86400)
    buffer))

(defun ark-run (&optional full-access)
  "Run the current file.
Through the language server's `ark.run' when eglot manages the buffer
\(output in *ark-run*; sandboxed unless `ark-trusted-workspace'),
else with `ark run' in a compilation buffer, which has full access to
files and processes: only when `ark-trusted-workspace' is set or with
a prefix argument (FULL-ACCESS), which always uses `ark run'."
  (interactive "P")
  (unless buffer-file-name (user-error "Save the buffer to a file first"))
  (save-buffer)
  (let ((server (and (not full-access) (fboundp 'eglot-current-server) (eglot-current-server))))
    (cond
     ((and server (ark--server-runs-p server))
      (ark--run-on-server server (file-local-name buffer-file-name)))
     ((or full-access (ark--trusted-p))
      (compile (format "%s run %s" (shell-quote-argument (ark--executable))
                       (shell-quote-argument (file-local-name buffer-file-name)))))
     (t
      (user-error "Not running %s: without the language server's sandboxed run, `ark run' would \
have full access to your files and processes; %s runs it that way"
                  (file-name-nondirectory buffer-file-name)
                  (substitute-command-keys "\\[universal-argument] \\[ark-run]"))))))

(defvar ark-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-c C-l") #'ark-lint)
    (define-key map (kbd "C-c C-c") #'ark-run)
    map)
  "Keymap for `ark-mode'.")

;;;; The mode

;;;###autoload
(define-derived-mode ark-mode prog-mode "ArkScript"
  "Major mode for editing ArkScript.

\\{ark-mode-map}"
  :syntax-table ark-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(ark-font-lock-keywords nil nil))
  (setq-local indent-line-function #'ark-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local parse-sexp-ignore-comments t)
  (setq-local syntax-propertize-function #'ark--syntax-propertize)
  ;; Compilation runs in a pty: without NO_COLOR, `ark' colours its messages and the escape
  ;; codes hide the FILE:LINE:COL that `next-error' reads.
  (setq-local compilation-environment (cons "NO_COLOR=1" compilation-environment))
  (when buffer-file-name
    (setq-local compile-command (ark-lint-command (file-local-name buffer-file-name)))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.ark\\'" . ark-mode))

(provide 'ark-mode)
;;; ark-mode.el ends here
