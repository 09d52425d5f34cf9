"""What an article says about its capitalised words: where sentences open, its headings,
the words it writes in lowercase or capitalises mid-sentence."""

from __future__ import annotations

import re

from annotations.detection.cues import ABBREVIATED, CREDIT_LABELS

__all__ = [
    "ABBREVIATION",
    "INITIAL",
    "NON_SPACE",
    "PERSONAL",
    "RUN",
    "capitalised_runs",
    "ArticleWords",
    "Verdict",
    "Word",
    "opens_sentence",
]


def _capitals() -> str:
    """A character class of every capital letter of the scripts that have capitals (Latin,
    Greek, Cyrillic, Armenian, Georgian, ...): "Łukashenka", "Çavuşoğlu", "Élysée", "Ωmega"."""
    spans = (
        (0x41, 0x5B),
        (0xC0, 0x590),
        (0x10A0, 0x1100),
        (0x13A0, 0x1400),
        (0x1C80, 0x1CC0),
        (0x1E00, 0x2000),
        (0x2C00, 0x2D00),
        (0xA640, 0xA800),
        (0xFF21, 0xFF3B),
    )
    ranges: list[list[int]] = []
    for low, high in spans:
        for code in range(low, high):
            char = chr(code)
            if char.isupper() or char.istitle():
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return (
        "["
        + "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in ranges
        )
        + "]"
    )


_UPPER = _capitals()
"""Any capital letter, not only A to Z."""
_PARTICLE = r"(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|de|del|da|le|la)"
_WORD = rf"(?:{_UPPER}[\w'’&.]*(?:-[\w'’&.]+)*|{_PARTICLE}-{_UPPER}[\w'’.]*(?:-[\w'’.]+)*)"
_CONNECTOR = (
    r"(?:of|for|the|de|du|al|el|az|ad|ash|ar|bu|bin|ibn|bint|van|von|der|la|da"
    # "Minister for the Middle East Tobias Ellwood": a title's remit is part of the title.
    r"|of the|for the)"
)
_JOIN = rf"(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?)"
_REST = (
    rf"(?:{_JOIN}{_WORD})*)"
    r"(?:(?P<poss>['’]s\b)?[ ,]{0,2}(?P<after>[a-z]+))?"
)
# A run of capitalised words (with Arabic and European particles), then the word after it.
RUN = re.compile(rf"(?<![\w'’-])(?P<run>{_WORD}{_REST}")
# The same runs when they open with a capital. The pattern starts with the capital and looks
# behind it only then, so the regex engine skips ahead to the next capital in its own loop
# instead of trying every position of the text.
_CAPITAL_RUN = re.compile(rf"(?P<run>{_UPPER}(?<![\w'’-].)[\w'’&.]*(?:-[\w'’&.]+)*{_REST}")
# Where a run may open with a particle: a hyphen before a capital ("al-Assad").
_PARTICLE_HYPHEN = re.compile(rf"-(?={_UPPER})")
# Where RUN matches: what it must read before everything else it may read.
_RUN_OPENING = re.compile(rf"(?<![\w'’-])(?:{_UPPER}|{_PARTICLE}-{_UPPER})")
_PARTICLE_SIZES = sorted({len(p) for p in _PARTICLE[3:-1].split("|")})
NON_SPACE = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")
# Initials ("U.S.") and the abbreviations whose full stop ends no sentence ("Gen.", "Lt.Col.").
ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+[A-Z]?|(?:"
    + "|".join(map(re.escape, sorted(ABBREVIATED | {"Lt.Gen", "Maj.Gen", "Brig.Gen", "Lt.Col"})))
    + r")\."
)
_OPENERS = " \t\n\r\"'“”‘’(«[-–—\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"
INITIAL = re.compile(rf"\b{_UPPER}\.? {_UPPER}[^\W\d_A-Z]")
# A word shaped like a forename or surname: a capital and lowercase letters ("Chomsky",
# "McDonnell", "O'Brien", "Che-cheung", "Łukashenka").
PERSONAL = re.compile(
    rf"(?:Mc|Mac|O['’]|D['’])?{_UPPER}[^\W\d_A-Z]+(?:-[^\W\d_]+)?(?:[A-Z][^\W\d_A-Z]+)?"
)
Word = tuple[int, int, str]
"""A word of a run: start and end relative to the run, and its text."""
Verdict = tuple[tuple[int, int, tuple[str, ...]], ...]
"""What a run holds: start, end (relative to the run) and cleaned words of each name in it."""


def capitalised_runs(text: str) -> list[re.Match[str]]:
    """The matches of `RUN.finditer(text)`, found faster.

    Runs that open with a capital are searched with a pattern the regex engine can skip ahead
    on; the few that open with a particle ("al-Assad") may start only before a hyphen before
    a capital, and the two are merged as `finditer` would find them: leftmost first, none
    overlapping the one before.

    A particle's run is matched only once it is taken, and a capital's run found is kept
    until a run is taken past its start: a run reads on through every word after it, so
    matching at each particle inside one long run ("al-Assad Abu al-Shishani el-Sisi ..."), or
    searching again for the same long run after each particle's run before it, read the rest
    of the line once per particle, quadratic in the particles of a line.
    """
    led = []  # where a run may open with a particle, leftmost first
    for hyphen in _PARTICLE_HYPHEN.finditer(text):
        at = hyphen.start()
        for size in _PARTICLE_SIZES:
            if at >= size and _RUN_OPENING.match(text, at - size) is not None:
                led.append(at - size)
    led.sort()
    out: list[re.Match[str]] = []
    pos, k = 0, 0
    capital = _CAPITAL_RUN.search(text)
    while True:
        while k < len(led) and led[k] < pos:
            k += 1
        if capital is not None and capital.start() < pos:
            capital = _CAPITAL_RUN.search(text, pos)
        if k < len(led) and (capital is None or led[k] < capital.start()):
            # A run opening with a particle comes first; the capital's run may overlap it.
            match = RUN.match(text, led[k])
            assert match is not None  # `_RUN_OPENING` matched there
        elif capital is not None:
            match = capital
        else:
            return out
        out.append(match)
        pos = match.end()


class ArticleWords:
    """What the whole article says about its words, gathered once, in linear time."""

    __slots__ = ("_asked", "_lower", "_mid", "headings", "runs", "text", "verdicts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.headings = _heading_lines(text)
        self.verdicts: dict[tuple[str, bool, bool], Verdict] = {}
        self.runs: list[re.Match[str]] = []
        self._lower: set[str] | None = None
        self._asked: dict[str, bool] = {}
        self._mid: set[str] | None = None

    def written_lowercase(self, word: str) -> bool:
        """True when the article writes `word` (lowercase) as a word of its own somewhere.

        A short article is searched for each word asked about, which costs less than reading
        all its words; a long one is read once, so the cost stays linear in its length.
        """
        if self._lower is None:
            if len(self.text) <= _SEARCHED:
                known = self._asked.get(word)
                if known is None:
                    known = self._asked[word] = _stands_alone(self.text, word)
                return known
            self._lower = _lowercase_words(self.text)
        return word in self._lower

    def capitalised_mid_sentence(self, word: str) -> bool:
        """True when the article writes `word` capitalised after another word."""
        if self._mid is None:
            self._mid = _mid_sentence_words(self.text, self.runs)
        return word in self._mid


_SEARCHED = 1 << 15
"""Articles up to this many characters are searched word by word (see `written_lowercase`)."""


def _stands_alone(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` with no letter or digit before it and no letter after,
    and not inside a web or mail address ("quantcast.com", "@wikihow")."""
    size, at = len(word), text.find(word)
    while at >= 0:
        end = at + size
        if (
            (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in _ADDRESS_MARKS))
            and (end >= len(text) or not text[end].isalpha())
            and not (text[end : end + 1] in _ADDRESS_MARKS and text[end + 1 : end + 2].isalnum())
        ):
            return True
        at = text.find(word, at + 1)
    return False


_ADDRESS_MARKS = frozenset("./@:")
_EDGE_PUNCTUATION = ".,;:!?\"'()“”‘’"
"""Marks that join the words of a web or mail address."""
_ADDRESS = re.compile(r"[^\W_][./@:][^\W_]")


_LETTERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _lowercase_words(text: str) -> set[str]:
    """Every word the text writes in lowercase, whole and by its hyphen or apostrophe parts:
    one pass over the distinct whitespace-separated tokens, however often a word recurs."""
    out: set[str] = set()
    for token in set(text.split()):
        if token.isupper() or token.istitle() and "-" not in token and "'" not in token:
            continue
        word = token.strip(_EDGE_PUNCTUATION)
        if word.isalpha():
            # Most tokens are one plain word with a comma or a stop at most.
            if word.islower():
                out.add(word)
            continue
        if _ADDRESS.search(token):
            # "www.quantcast.com": an address's words are no prose.
            continue
        for word in _LETTERS.findall(token):
            if word.islower():
                out.add(word)
                if "-" in word or "'" in word or "’" in word:
                    out.update(re.split(r"[-'’]", word))
    return out


def _mid_sentence_words(text: str, runs: list[re.Match[str]]) -> set[str]:
    """Words of the capitalised runs written right after a word, a comma or a middle initial
    ("Isiah L. Booker"): every word of a run but its first, and the first when it follows one."""
    out: set[str] = set()
    for match in runs:
        at = match.start()
        if at >= 2 and text[at - 1] == " ":
            prev = text[at - 2]
            if (
                prev.isalpha()
                or prev in ",;"
                or (prev == "." and at >= 4 and text[at - 3].isupper() and text[at - 4] == " ")
            ):
                out.add(match[1].split(None, 1)[0])
    # A long text repeats its names: split each distinct run once.
    for run in {match[1] for match in runs}:
        if " " in run or "\t" in run:
            out.update(run.split()[1:])
    for word in list(out):
        bare = word.split("'")[0].split("’")[0].rstrip(".,")
        if bare != word:
            out.add(bare)
    return out


_LABEL_VALUE = re.compile(r"[^\W\d_][\w ]{0,30}:\s*\S")


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short title-case lines without a closing stop: headlines and section titles."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line or line.endswith((".", ":", '"', "”", ";", ",")):
            continue
        # Fifteen words are too many already: a paragraph's line is not split whole.
        words = line.split(None, 14)
        if len(words) > 14:
            continue
        if _LABEL_VALUE.match(line):
            # "Frequency: 11,766 MHz": a label and its value, not a title.
            continue
        capitalised = sum(1 for w in words if w[:1].isupper())
        if capitalised * 2 > len(words):
            out.append(m.span())
    return out


_STOPS = frozenset(".!?:;\n•*#|>“")
_OPENER_MARKS = frozenset("\"'“”‘’(«[-–—\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad")
_LEADING = frozenset(_OPENERS)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def opens_sentence(text: str, at: int) -> bool:
    """True when the letter at `at` is the first of a sentence, line or quoted opening: a
    stop, colon, bullet or line break before it, or a quote after a space or comma, with only
    quotes, brackets, dashes, spaces and invisible marks between; or nothing but those before
    it in the text. Not after an abbreviation ("Gen. Igor", "U.S. forces") or a credit's label
    ("Image: Huebi", which names someone wherever it stands).

    Looks back only over the marks before the letter, so asking about every capitalised run of
    a long text costs far less than finding every opening in it.
    """
    j = at
    found = False
    leading = True
    while j > 0:
        c = text[j - 1]
        if not (c in _OPENER_MARKS or c.isspace()):
            break
        if (
            c == "\n"
            or c == "“"
            or ((c == '"' or c == "‘") and j > 1 and (text[j - 2].isspace() or text[j - 2] == ","))
        ):
            found = True
        if c not in _LEADING:
            leading = False
        j -= 1
    if j == 0:
        return found or leading
    c = text[j - 1]
    if c in _STOPS:
        found = True
    if not found:
        return False
    if c == "." and text[at] in _ASCII_LETTERS and _abbreviation_before(text, j - 1):
        return False
    if c == ":" and _credit_before(text, at):
        return False
    return True


def _abbreviation_before(text: str, stop: int) -> bool:
    """True when the full stop at `stop` closes an initial or a listed abbreviation."""
    k = stop
    while k > 0 and stop - k < 5 and "a" <= text[k - 1] <= "z":
        k -= 1
    if k == 0 or not "A" <= text[k - 1] <= "Z":
        return False
    k -= 1
    if k > 0 and text[k - 1] in _ASCII_LETTERS:
        return False
    return stop - k == 1 or text[k:stop] in ABBREVIATED


def _credit_before(text: str, at: int) -> bool:
    """True when a credit's label and its colon stand right before `at`: "Image: "."""
    k = at
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if k == 0 or text[k - 1] != ":":
        return False
    end = k - 1
    begin = end
    while begin > 0 and end - begin < 16 and text[begin - 1].isalpha():
        begin -= 1
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return False
    return text[begin:end] in CREDIT_LABELS
