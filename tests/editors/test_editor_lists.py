#!/usr/bin/env python3
"""The editors' name lists match language/vocabulary.def (ctest editor_lists).

scripts/editor_lists.py --check must pass on the checkout, must fail (naming the name) on a copy
of the tree where one list lost or gained a name, and its rewrite must restore the copy. The
TextMate regexes are run with Python's `re` (close enough to Oniguruma for these patterns) over
every vocabulary name; when `emacs` is installed, ark-mode's font-lock is checked the same way.
"""
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "editor_lists.py"

spec = importlib.util.spec_from_file_location("editor_lists", SCRIPT)
editor_lists = importlib.util.module_from_spec(spec)
spec.loader.exec_module(editor_lists)


def run(*args):
    result = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                            timeout=60)
    return result.returncode, result.stdout + result.stderr


def vocabulary_roles(root=REPO):
    vocabulary = editor_lists.Vocabulary((root / editor_lists.VOCABULARY).read_text(encoding="utf-8"))
    return vocabulary, editor_lists.roles(vocabulary)


class CheckTest(unittest.TestCase):
    def test_checkout_matches_vocabulary(self):
        code, output = run("--check")
        self.assertEqual(code, 0, output)

    def copy_tree(self, directory):
        root = pathlib.Path(directory)
        for path in [editor_lists.VOCABULARY] + editor_lists.FILES:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / path, root / path)
        return root

    def test_drift_is_reported_and_repaired(self):
        with tempfile.TemporaryDirectory() as directory:
            root = self.copy_tree(directory)
            emacs = root / editor_lists.EMACS_FILE
            text = emacs.read_text(encoding="utf-8")
            self.assertEqual(text.count(' "builtin__io:fileExists?"'), 1)
            emacs.write_text(text.replace(' "builtin__io:fileExists?"', ""), encoding="utf-8")
            query = root / editor_lists.QUERY_FILES[1]
            text = query.read_text(encoding="utf-8")
            self.assertEqual(text.count('"builtin__math:tau"'), 1)
            query.write_text(text.replace('"builtin__math:tau"', '"builtin__math:tau" "builtin__math:phi"'), encoding="utf-8")
            textmate = root / editor_lists.TEXTMATE_FILE
            text = textmate.read_text(encoding="utf-8")
            self.assertEqual(text.count("|empty\\\\?|"), 1)
            textmate.write_text(text.replace("|empty\\\\?|", "|"), encoding="utf-8")

            code, output = run("--check", "--root", str(root))
            self.assertEqual(code, 1, output)
            self.assertRegex(output, r"editors/emacs/ark-mode\.el: differs[^\n]*\n"
                                     r"  ark-builtins: missing builtin__io:fileExists\?\n")
            self.assertRegex(output, r"editors/nvim/queries/arkscript/highlights\.scm: differs[^\n]*\n"
                                     r"  constant\.builtin: extra   builtin__math:phi\n")
            self.assertRegex(output, r"arkscript\.tmLanguage\.json: differs[^\n]*\n"
                                     r"  support\.function\.builtin\.ark: missing empty\?\n")
            self.assertNotIn("grammar/queries/highlights.scm", output)
            self.assertIn("3 file(s) out of date", output)

            code, output = run("--root", str(root))
            self.assertEqual(code, 0, output)
            for path in editor_lists.FILES:
                self.assertEqual((root / path).read_bytes(), (REPO / path).read_bytes(), path)
            self.assertEqual(run("--check", "--root", str(root))[0], 0)

    def test_missing_markers_fail(self):
        with tempfile.TemporaryDirectory() as directory:
            root = self.copy_tree(directory)
            query = root / editor_lists.QUERY_FILES[0]
            query.write_text(query.read_text(encoding="utf-8").replace("; END word operators\n", ""),
                             encoding="utf-8")
            code, output = run("--check", "--root", str(root))
            self.assertEqual(code, 1, output)
            self.assertIn("no `; END word operators`", output)


class VocabularyTest(unittest.TestCase):
    def test_parses_escapes_and_calls_over_two_lines(self):
        text = ('// ARK_KEYWORD("commented", Out, "not a call")\n'
                '#define ARK_KEYWORD(name, enumerator, doc)\n'
                'ARK_KEYWORD("let", Let, "(let name value): say \\"hi\\", (x, y)")\n'
                'ARK_OPERATOR("!=", NEQ, 2, 2, "Whether two values differ.")\n'
                'ARK_BUILTIN("io:fileExists?", "path",\n'
                '            "True when \\"path\\" exists.")\n'
                'ARK_BUILTIN_ALIAS("string:find", "io:fileExists?")\n')
        vocabulary = editor_lists.Vocabulary(text)
        self.assertEqual(vocabulary.entries["KEYWORD"],
                         [("let", "Let", '(let name value): say "hi", (x, y)')])
        self.assertEqual(vocabulary.entries["OPERATOR"],
                         [("!=", "NEQ", "2", "2", "Whether two values differ.")])
        self.assertEqual(vocabulary.entries["BUILTIN"],
                         [("io:fileExists?", "path", 'True when "path" exists.')])
        self.assertEqual(vocabulary.names("BUILTIN_ALIAS"), ["string:find"])

    def test_unreadable_call_fails(self):
        with self.assertRaises(SystemExit):
            editor_lists.Vocabulary('ARK_BUILTIN("print", "value...")\n')   # one argument short
        with self.assertRaises(SystemExit):
            editor_lists.Vocabulary('ARK_BUILTIN("print", "value...", "unterminated)\n')

    def test_every_name_has_a_role(self):
        vocabulary, roles = vocabulary_roles()
        # Renamed (old) names are not coloured: they are errors now.
        # Renamed (old) names are errors now; macro primitives have hand-kept lists per editor.
        every = {name for kind in vocabulary.entries if kind not in ("RENAMED", "MACRO_PRIMITIVE", "STD_MODULE")
                 for name in vocabulary.names(kind)}
        for name in ("+", "*", "!=", "@", "empty?", "nil?", "append!", "builtin__math:NaN?",
                     "builtin__io:fileExists?", "format", "builtin__string:find"):
            self.assertIn(name, every)
        coloured = set().union(*(set(names) for role, names in roles.items()))
        self.assertEqual(every - coloured, set())


def textmate_scopes(grammar, text):
    """(scope, matched text) for each token of one line, scanning as a TextMate engine does:
    the earliest match of the top-level patterns wins, the first listed on a tie."""
    patterns = []

    def collect(rule):
        if "include" in rule:
            collect(grammar["repository"][rule["include"][1:]])
        elif "patterns" in rule and "match" not in rule and "begin" not in rule:
            for inner in rule["patterns"]:
                collect(inner)
        elif "match" in rule:
            patterns.append((re.compile(rule["match"]), rule))

    for rule in grammar["patterns"]:
        collect(rule)
    tokens, position = [], 0
    while position < len(text):
        best = None
        for regex, rule in patterns:
            match = regex.search(text, position)
            if match and match.end() > match.start() and (best is None or match.start() < best[0].start()):
                best = (match, rule)
        if not best:
            break
        match, rule = best
        if "name" in rule:
            tokens.append((rule["name"], match.group(0)))
        for group, capture in rule.get("captures", {}).items():
            if match.group(int(group)) is not None:
                tokens.append((capture["name"], match.group(int(group))))
        position = match.end()
    return tokens


class TextMateTest(unittest.TestCase):
    SCOPES = {"keyword": "keyword.other.ark", "function": "storage.type.function.ark",
              "conditional": "keyword.control.conditional.ark",
              "repeat": "keyword.control.loop.ark", "import": "keyword.control.import.ark",
              "coroutine": "keyword.control.async.ark", "logical": "keyword.operator.logical.ark",
              "operator": "keyword.operator.ark", "boolean": "constant.language.boolean.ark",
              "constant": "constant.language.ark", "builtin": "support.function.builtin.ark"}

    def setUp(self):
        self.grammar = json.loads((REPO / editor_lists.TEXTMATE_FILE).read_text(encoding="utf-8"))
        self.vocabulary, self.roles = vocabulary_roles()

    def scope_of(self, line, name):
        return [scope for scope, text in textmate_scopes(self.grammar, line) if text == name]

    def test_every_name_gets_its_scope(self):
        for role, scope in self.SCOPES.items():
            names = self.roles[role]
            if role == "builtin":
                names = [n for n in names if n not in self.roles.get("coroutine", ())]
            for name in names:
                # `(let x` is a definition, coloured by its own pattern: test `(let)`
                line = f"({name} x)" if role == "import" else f"({name})"
                with self.subTest(name=name):
                    self.assertEqual(self.scope_of(line, name), [scope])

    def test_longer_symbols_are_not_vocabulary(self):
        for name in ("list:sorted", "letter", "nil?x", "math:NaN?!", "append!!", "+x", "io:dir",
                     "string:findAll", "empty", "@@@", "@=x"):
            with self.subTest(name=name):
                self.assertEqual(self.scope_of(f"(foo {name})", name), [])

    def test_builtins_and_operators_as_arguments(self):
        for name in ("builtin__io:fileExists?", "builtin__math:NaN?", "append!", "format", "builtin__string:find", "@", "@@", "@=", "@@="):
            self.assertEqual(self.scope_of(f"(foo {name})", name), ["support.function.builtin.ark"])
        for name in ("+", "*", "!=", "<=", "mod"):
            self.assertEqual(self.scope_of(f"(foo {name})", name), ["keyword.operator.ark"])
        self.assertEqual(self.scope_of("(foo builtin__math:NaN)", "builtin__math:NaN"), ["constant.language.ark"])


@unittest.skipUnless(shutil.which("emacs"), "emacs not installed")
class EmacsTest(unittest.TestCase):
    def test_font_lock_of_every_name(self):
        _, roles = vocabulary_roles()
        faces = {"keyword": "font-lock-keyword-face", "function": "font-lock-keyword-face",
                 "conditional": "font-lock-keyword-face", "repeat": "font-lock-keyword-face",
                 "import": "font-lock-keyword-face", "coroutine": "font-lock-keyword-face",
                 "logical": "font-lock-keyword-face", "word_operator": "font-lock-keyword-face",
                 "symbol_operator": "nil", "builtin": "font-lock-builtin-face",
                 "boolean": "font-lock-constant-face", "constant": "font-lock-constant-face"}
        expected = {}
        for role, face in faces.items():
            for name in roles.get(role, ()):
                expected.setdefault(name, face)
        names = sorted(expected)
        strings = " ".join(json.dumps(f"({name} x)\n") for name in names)
        program = f"""
(progn
  (add-to-list 'load-path {json.dumps(str(REPO / "editors" / "emacs"))})
  (require 'ark-mode)
  (with-temp-buffer
    (ark-mode)
    (dolist (line (list {strings}))
      (erase-buffer)
      (insert line)
      (font-lock-ensure)
      (let ((face (get-text-property 2 'face)))
        (princ (format "%s %s\\n" (substring line 1 (string-match " x)" line))
                       (if (listp face) (car face) face)))))))"""
        result = subprocess.run(["emacs", "--batch", "-Q", "--eval", program], capture_output=True,
                                text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        got = dict(line.rsplit(" ", 1) for line in result.stdout.splitlines())
        self.assertEqual(got, {name: expected[name] for name in names})


if __name__ == "__main__":
    unittest.main()
