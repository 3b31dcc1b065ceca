"""Fixtures with inline expectations: `$0` marks the cursor (two `$0` mark a
range), and `#  ^^^ text` caret lines under a line mark expected ranges. Both
stay valid ArkScript (caret lines are comments)."""
import re

CARET_LINE = re.compile(r"^(\s*)#(\s*)(\^+)\s?(.*)$")


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def parse_cursor(source):
    """Returns (text without `$0`, [(line, utf16 column), ...])."""
    cursors = []
    lines = source.split("\n")
    out = []
    for line_number, line in enumerate(lines):
        while "$0" in line:
            index = line.index("$0")
            cursors.append((line_number, utf16_len(line[:index])))
            line = line[:index] + line[index + 2:]
        out.append(line)
    return "\n".join(out), cursors


def caret_ranges(text):
    """Every `# ^^^ label` line: the range it underlines on the nearest code line
    above it, as ((line, start), (line, end), label)."""
    lines = text.split("\n")
    result = []
    for number, line in enumerate(lines):
        match = CARET_LINE.match(line)
        if not match or number == 0:
            continue
        target = number - 1
        while target > 0 and CARET_LINE.match(lines[target]):
            target -= 1
        start = line.index("^")
        end = start + len(match.group(3))
        result.append(((target, start), (target, end), match.group(4).strip()))
    return result


def position(line_column):
    return {"line": line_column[0], "character": line_column[1]}


def lsp_range(start, end):
    return {"start": position(start), "end": position(end)}


def as_tuple(range_json):
    return ((range_json["start"]["line"], range_json["start"]["character"]),
            (range_json["end"]["line"], range_json["end"]["character"]))
