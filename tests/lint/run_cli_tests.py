#!/usr/bin/env python3
"""`ark lint` through the real binary: exit statuses, text, JSON and SARIF
output, --fix, --explain, .arklint.json and suppression comments.

Usage: run_cli_tests.py ARK
Each check prints one line; the script exits 1 if any failed.
"""
import json
import os
import subprocess
import sys
import tempfile

ARK = os.path.abspath(sys.argv[1])
failures = []

DOUBLE_AWAIT = """(let work (fun () 1))
(let f (async work))
(await f)
(print (await f))
"""
CLEAN = """(let work (fun () 1))
(print (await (async work)))
"""


def lint(*args, cwd):
    """(status, stdout, stderr); status None if ark still ran after 60 s (only a hang takes that long)."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    try:
        p = subprocess.run([ARK, "lint", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return None, "", "timed out: ark lint hung"
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name)
    if not condition:
        failures.append(name)
        if detail:
            print("     " + detail.replace("\n", "\n     "))


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def validate_sarif(doc):
    """The parts of SARIF 2.1.0 GitHub code scanning requires; returns a list of problems."""
    problems = []
    if "sarif-2.1.0" not in doc.get("$schema", ""):
        problems.append("$schema")
    if doc.get("version") != "2.1.0":
        problems.append("version")
    runs = doc.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        return problems + ["runs"]
    driver = runs[0].get("tool", {}).get("driver", {})
    for key in ("name", "informationUri", "rules"):
        if key not in driver:
            problems.append("driver." + key)
    rules = driver.get("rules", [])
    ids = [r.get("id") for r in rules]
    if len(ids) != len(set(ids)):
        problems.append("duplicate rule ids")
    for r in rules:
        for key in ("id", "name"):
            if not isinstance(r.get(key), str) or not r.get(key):
                problems.append("rule." + key)
        for key in ("shortDescription", "fullDescription", "help"):
            if not isinstance(r.get(key, {}).get("text"), str):
                problems.append(f"rule {r.get('id')}.{key}.text")
        if r.get("defaultConfiguration", {}).get("level") not in ("none", "note", "warning", "error"):
            problems.append(f"rule {r.get('id')}.defaultConfiguration.level")
    for res in runs[0].get("results", []):
        if res.get("ruleId") not in ids:
            problems.append("result.ruleId not a rule")
        elif ids[res.get("ruleIndex", -1)] != res["ruleId"]:
            problems.append("result.ruleIndex")
        if res.get("level") not in ("none", "note", "warning", "error"):
            problems.append("result.level")
        if not res.get("message", {}).get("text"):
            problems.append("result.message.text")
        for loc in res.get("locations", []):
            phys = loc.get("physicalLocation", {})
            uri = phys.get("artifactLocation", {}).get("uri", "")
            if not uri or uri.startswith("/") or ":" in uri:
                problems.append("artifactLocation.uri not relative: " + uri)
            region = phys.get("region", {})
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                if not isinstance(region.get(key), int) or region[key] < 1:
                    problems.append("region." + key)
            if region.get("endLine", 0) < region.get("startLine", 0):
                problems.append("region end before start")
    return problems


with tempfile.TemporaryDirectory() as root:
    # --explain
    code, out, _ = lint("--explain", "A301", cwd=root)
    check("--explain A301 exits 0", code == 0, out)
    check("--explain prints the slug and the paragraph", "double-await" in out and "delivers its value once" in out, out)
    code, out, _ = lint("--explain", "unused-variable", cwd=root)
    check("--explain accepts a slug", code == 0 and "A101" in out, out)
    code, _, err = lint("--explain", "Z999", cwd=root)
    check("--explain of an unknown code exits 2", code == 2, err)

    # usage and I/O errors
    code, _, _ = lint(cwd=root)
    check("no path exits 2", code == 2)
    code, _, err = lint("missing.ark", cwd=root)
    check("a missing file exits 2", code == 2 and "missing.ark" in err, err)
    code, _, _ = lint("--format", "xml", "x.ark", cwd=root)
    check("an unknown format exits 2", code == 2)

    # clean and findings, text
    write(root, "clean/ok.ark", CLEAN)
    code, out, err = lint("clean/ok.ark", cwd=root)
    check("a clean file exits 0 silently", code == 0 and out == "", out + err)
    write(root, "p/double.ark", DOUBLE_AWAIT)
    code, out, _ = lint("p/double.ark", cwd=root)
    check("findings exit 1", code == 1, out)
    check("text like rustc", "p/double.ark:4:8: warning[A301]: future `f' is awaited twice" in out, out)
    check("text shows the source line and a caret", "    4 | (print (await f))" in out and "^~~~~~~~" in out, out)
    check("no colour when not on a terminal", "\x1b[" not in out, repr(out))

    # compile errors are findings
    write(root, "bad/unbound.ark", "(print undefined-thing)\n")
    code, out, _ = lint("--format", "json", "bad/unbound.ark", cwd=root)
    doc = json.loads(out)
    check("compile errors are reported", code == 1 and [d["code"] for d in doc] == ["E0101"], out)

    # JSON
    code, out, _ = lint("--format", "json", "p/double.ark", "clean/ok.ark", cwd=root)
    doc = json.loads(out)
    check("json is one list of diagnostics", isinstance(doc, list) and len(doc) == 1, out)
    d = doc[0]
    check("json fields", d["code"] == "A301" and d["severity"] == "warning" and d["location"]["file"] == "p/double.ark"
          and d["location"]["start"] == {"line": 4, "column": 8, "offset": 60}
          and d["related"][0]["message"] == "first awaited here", json.dumps(d))

    # directories
    write(root, "tree/a/b.ark", "(let f (fun (unused) 1))\n(print (f 1))\n")
    write(root, "tree/c.ark", DOUBLE_AWAIT)
    write(root, "tree/.hidden/d.ark", DOUBLE_AWAIT)
    write(root, "tree/notes.txt", "(print (await 1))\n")
    code, out, _ = lint("--format", "json", "tree", cwd=root)
    files = sorted({d["location"]["file"] for d in json.loads(out)})
    check("folders are searched for *.ark, hidden folders skipped", code == 1 and files == ["tree/a/b.ark", "tree/c.ark"], out)

    # SARIF
    code, out, _ = lint("--format", "sarif", "tree", "bad", cwd=root)
    doc = json.loads(out)
    problems = validate_sarif(doc)
    check("sarif has the structure code scanning requires", not problems, "\n".join(problems))
    results = doc["runs"][0]["results"]
    check("sarif results", code == 1 and sorted(r["ruleId"] for r in results) == ["A102", "A301", "E0101"], json.dumps(results))
    a301 = next(r for r in results if r["ruleId"] == "A301")
    loc = a301["locations"][0]["physicalLocation"]
    check("sarif location", loc["artifactLocation"]["uri"] == "tree/c.ark" and loc["region"] ==
          {"startLine": 4, "startColumn": 8, "endLine": 4, "endColumn": 17}, json.dumps(loc))
    check("sarif related location", a301.get("relatedLocations", [{}])[0].get("message", {}).get("text") == "first awaited here",
          json.dumps(a301))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    check("sarif rules: every lint, plus the compiler codes used", all(c in rules for c in ("A101", "A306", "E0101")), ",".join(rules))

    # suppression comments
    write(root, "s/suppressed.ark", DOUBLE_AWAIT.replace("(print (await f))", "(print (await f)) # ark-lint: disable=A301"))
    code, out, _ = lint("s/suppressed.ark", cwd=root)
    check("a suppression comment silences the finding", code == 0, out)
    write(root, "s/file.ark", "# ark-lint: disable-file=double-await\n" + DOUBLE_AWAIT)
    code, out, _ = lint("s/file.ark", cwd=root)
    check("a file-wide suppression", code == 0, out)

    # configuration
    write(root, "cfg/.arklint.json", json.dumps({"rules": {"A301": "off"}}))
    write(root, "cfg/sub/double.ark", DOUBLE_AWAIT)
    code, out, _ = lint("cfg/sub/double.ark", cwd=root)
    check(".arklint.json found upward disables a rule", code == 0, out)
    write(root, "cfg2/.arklint.json", json.dumps({"rules": {"double-await": {"severity": "error"}}}))
    write(root, "cfg2/double.ark", DOUBLE_AWAIT)
    code, out, _ = lint("cfg2/double.ark", cwd=root)
    check(".arklint.json re-levels a rule", code == 1 and "error[A301]" in out, out)
    write(root, "cfg3/.arklint.json", "{ not json")
    write(root, "cfg3/x.ark", CLEAN)
    code, _, err = lint("cfg3/x.ark", cwd=root)
    check("an invalid .arklint.json exits 2", code == 2 and ".arklint.json" in err, err)
    write(root, "cfg4/.arklint.json", json.dumps({"rules": {"A999": "off"}}))
    write(root, "cfg4/x.ark", CLEAN)
    code, _, err = lint("cfg4/x.ark", cwd=root)
    check("an unknown rule in .arklint.json exits 2", code == 2 and "A999" in err, err)
    code, out, _ = lint("--config", os.path.join(root, "cfg/.arklint.json"), "p/double.ark", cwd=root)
    check("--config uses the given file", code == 0, out)
    # A project's .arklint.json that is a FIFO or /dev/zero is refused, never read.
    for folder, make in (("cfg5", lambda path: os.mkfifo(path)), ("cfg6", lambda path: os.symlink("/dev/zero", path))):
        write(root, folder + "/x.ark", CLEAN)
        make(os.path.join(root, folder, ".arklint.json"))
        code, _, err = lint(folder + "/x.ark", cwd=root)
        check("a .arklint.json that is not a regular file (%s) exits 2 at once" % folder,
              code == 2 and "not a regular file" in err, err)

    # --fix
    fixable = """(import std.Sys)
(mut x 1)
(set x x)
(let g (fun (unused) 2))
(let v (if x (g 1)))
(print v)
(sys:exit 0)
(print "after")
"""
    path = write(root, "fix/f.ark", fixable)
    code, out, err = lint("--fix", "--format", "json", "fix/f.ark", cwd=root)
    fixed = open(path).read()
    expected = """(import std.Sys)
(mut x 1)
(let g (fun (_unused) 2))
(let v (if x (g 1) nil))
(print v)
(sys:exit 0)
(print "after")
"""
    check("--fix applies the safe fixes", fixed == expected, fixed)
    remaining = [d["code"] for d in json.loads(out)]
    check("--fix reports what is left (unsafe fixes are not applied)", code == 1 and remaining == ["A105"], out + err)
    check("--fix says what it did", "fixed 3 findings in fix/f.ark" in err, err)
    code, out, _ = lint("--fix", "fix/f.ark", cwd=root)
    check("--fix is idempotent", open(path).read() == expected and code == 1, out)

    # The program corpus: its lint findings are exactly the reviewed list in
    # corpus_findings.txt (the programs exercise hazards on purpose: `(if false
    # ...)`, futures awaited twice...). A finding not in the list is a false
    # positive until someone reviews it; a listed one that disappeared is a lint
    # that stopped working. After reviewing a change, rewrite the list with
    # ARK_UPDATE_LINT_FINDINGS=1.
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    code, out, err = lint("--format", "json", "tests/programs", cwd=repo)
    findings = sorted("%s:%d:%d %s" % (d["location"]["file"], d["location"]["start"]["line"],
                                       d["location"]["start"]["column"], d["code"])
                      for d in json.loads(out) if d["code"][0] in "AW")
    listed_path = os.path.join(here, "corpus_findings.txt")
    if os.environ.get("ARK_UPDATE_LINT_FINDINGS") == "1":
        with open(listed_path, "w") as listed_file:
            listed_file.write("".join(line + "\n" for line in findings))
    with open(listed_path) as listed_file:
        listed = [line.strip() for line in listed_file if line.strip()]
    new_findings = sorted(set(findings) - set(listed))
    lost_findings = sorted(set(listed) - set(findings))
    check("the program corpus lints to exactly its reviewed findings (%d)" % len(listed),
          code in (0, 1) and not new_findings and not lost_findings,
          "not reviewed (false positives?):\n  " + "\n  ".join(new_findings) +
          "\nno longer found:\n  " + "\n  ".join(lost_findings) + "\n" + err[-1000:])

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
