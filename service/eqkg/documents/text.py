"""Text helpers shared by the format modules: decoding, whitespace, list markers, header rows.

Why shared: a bullet typed in a text file, drawn in a PDF or written in a
table cell is recognised by one rule, so every format gives the same blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eqkg.errors import InputError

__all__ = ["Nesting", "collapse", "decode_text", "format_counter", "is_caps_heading", "looks_like_header",
           "split_marker"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

_BULLETS = "-*•·–—▪◦●‣∙■□➢➤►✓✔"
_ROMAN = r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
_MARKER = re.compile(
    r"^(?P<marker>"
    rf"[{re.escape(_BULLETS)}]"  # bullet characters
    r"|o(?=\s)"  # a lower-case o typed as a bullet (Word's second-level bullet pasted as text)
    r"|\(\d{1,3}\)|\d{1,3}[.)]"  # (1) 1. 1)
    rf"|\({_ROMAN}\)|{_ROMAN}[.)]"  # (ii) ii. iv)
    r"|\([a-zA-Z]\)|[a-zA-Z]\)|[a-z]\."  # (a) a) a.  (not "A." : initials)
    r")\s+(?P<text>\S.*)$")


def collapse(text: str) -> str:
    """Whitespace runs (spaces, tabs, line breaks, no-break spaces) become one space; invisible characters go."""
    return " ".join(text.translate(_INVISIBLE).split())


def split_marker(text: str) -> tuple[str, bool, str] | None:
    """(marker, ordered, rest) when the text starts with a bullet or a list number, else None."""
    found = _MARKER.match(text.strip())
    if not found:
        return None
    marker = found.group("marker")
    return marker, marker not in _BULLETS and marker != "o", found.group("text").strip()


def is_caps_heading(line: str) -> bool:
    """A short line in capitals (an unmarked heading in a text file), not a sentence."""
    text = line.strip()
    letters = [c for c in text if c.isalpha()]
    return (len(letters) >= 3 and len(text) <= 80 and len(text.split()) <= 12
            and all(c.isupper() for c in letters if c.isupper() or c.islower())
            and text[-1] not in ".,;" and "|" not in text and "\t" not in text
            and not _PAGE_LINE.match(text))


_PAGE_LINE = re.compile(r"^(page|pg|tudalen)\s*\d+(\s*(of|/|o)\s*\d+)?$", re.I)
_NOT_LABEL = re.compile(r"^[\d\s.,:/%£$€-]+$")


def looks_like_header(rows: Sequence[Sequence[str]]) -> bool:
    """Whether a table's first row names its columns: every cell filled, short, not a number or date."""
    if len(rows) < 2 or not rows[0]:
        return False
    first = rows[0]
    if len(first) < 2 and max(len(r) for r in rows) > 1:
        return False
    return all(c and len(c) <= 60 and not _NOT_LABEL.match(c) for c in first) and len(set(first)) == len(first)


def format_counter(n: int, style: str) -> str:
    """A list counter as written: decimal 3, letters c/C, roman iii/III."""
    if style in ("a", "A"):
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I"):
        values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                  (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        out = ""
        for value, numeral in values:
            while n >= value:
                out, n = out + numeral, n - value
        return out.upper() if style == "I" else out
    return str(n)


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 (BOM dropped), else UTF-16 with a BOM, else Windows-1252 with a note; else refused.

    Why Windows-1252: officers save "plain text" and CSV from Word and Excel on
    Windows, which writes that encoding unless told otherwise; reading it is
    better than refusing, but the reader says so because letters Windows-1252
    cannot hold (Welsh ŵ and ŷ) will have been lost when the file was saved.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise InputError(f"{name} says it is UTF-16 text but is not; save it as UTF-8") from None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        first_bad = f"byte 0x{data[exc.start]:02X} on line {line}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 or Windows-1252 text ({first_bad}); save it as UTF-8 "
                         "(in Word: Save As > Plain Text > Unicode (UTF-8); in Excel: CSV UTF-8)") from None
    return text, [f"{name} is not UTF-8 ({first_bad}); it was read as Windows-1252, the encoding Word "
                  "and Excel use for plain text: check accented letters, and Welsh ŵ and ŷ, which "
                  "Windows-1252 cannot hold; save it as UTF-8 to be sure"]


class Nesting:
    """List depth from indentation: deeper than the item above opens a level, shallower closes levels.

    `tolerance` absorbs small differences (a PDF's x positions); text files use 0.
    """

    def __init__(self, tolerance: float = 0.0) -> None:
        self.tolerance = tolerance
        self.stack: list[float] = []

    def level(self, indent: float) -> int:
        while self.stack and indent < self.stack[-1] - self.tolerance:
            self.stack.pop()
        if not self.stack or indent > self.stack[-1] + self.tolerance:
            self.stack.append(indent)
        return len(self.stack) - 1

    def reset(self) -> None:
        self.stack.clear()
