"""Names in text: people, organisations, places and groups, found from capitalisation."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from annotations.detection.lexicon import (
    COMMON_CAPITALISED,
    COUNTRIES,
    DEMONYMS,
    FIRST_NAMES,
    KNOWN_PEOPLE,
    ORG_ACRONYMS,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    PLACES,
    TIME_WORDS,
)
from annotations.detection.quick import quick_span
from annotations.spans import Span

__all__ = ["clear_shared_caches", "detect_names"]

_PARTICLE = r"(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|de|del|da|le|la)"
_WORD = rf"(?:[A-Z][\w'’&.]*(?:-[\w'’&.]+)*|{_PARTICLE}-[A-Z][\w'’.]*(?:-[\w'’.]+)*)"
_CONNECTOR = (
    r"(?:of|for|the|de|du|al|el|az|ad|ash|ar|bu|bin|ibn|bint|van|von|der|la|da"
    # "Minister for the Middle East Tobias Ellwood": a title's remit is part of the title.
    r"|and the|of the|for the)"
)
_JOIN = rf"(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?)"
# A run of capitalised words (with Arabic and European particles), then the word after it.
_RUN = re.compile(
    rf"(?<![\w'’-])(?P<run>{_WORD}(?:{_JOIN}{_WORD})*)"
    r"(?:(?P<poss>['’]s\b)?[ ,]{0,2}(?P<after>[a-z]+))?"
)
_NON_SPACE = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")
_ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+[A-Z]?|(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cmdr|Brig|Gov|Sen|Rep|Rev"
    r"|Pvt|Cpl|Spc|Jr|Sr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Co|Corp|Inc|Ltd"
    r"|Mt|Ft|Prof|Pres|Amb|Messrs|Dept|Lt\.Gen|Maj\.Gen|Brig\.Gen|Lt\.Col)\."
)
# Where a sentence, line or quotation opens: after a stop, colon, bullet or line break,
# past any quotes, brackets, dashes and invisible marks.
_OPENERS_CLASS = r"[\s\"'“”‘’(«\[\-–—\u200b-\u200f\u2060\ufeff\xad]*(?=[A-Za-z])"
_OPENING = re.compile(r"[.!?:;\n•*#|>“]" + _OPENERS_CLASS)
# A straight or single opening quote after a space or comma opens a quoted sentence too.
_QUOTE_OPENING = re.compile(r"[\s,][\"‘]" + _OPENERS_CLASS)
_FIRST_LETTER = re.compile(r"[A-Za-z]")
_OPENERS = " \t\n\r\"'“”‘’(«[-–—\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"
# A capitalised word of up to six letters and a full stop, then the next word.
_SHORT_STOP = re.compile(
    r"[A-Z](?<![A-Za-z][A-Z])([a-z]{0,5})\.[\s\"'“”‘’(«\[\-–—\u200b-\u200f\u2060\ufeff\xad]*"
    r"(?=[A-Za-z])"
)
_ABBREVIATED = frozenset(
    "Mr Mrs Ms Dr St Gen Lt Col Maj Capt Sgt Adm Cmdr Brig Gov Sen Rep Rev Pvt Cpl Spc Jr Sr Jan "
    "Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Co Corp Inc Ltd Mt Ft Prof Pres Amb Messrs "
    "Dept".split()
)
_PLACE_CUES = frozenset(
    "in near at from to into across outside around of toward towards throughout via "
    "against inside east west north south northeast northwest southeast southwest "
    "eastern western northern southern central province city town village".split()
)
_FUNCTION = frozenset(
    "The A An This That These Those Our Their His Her Its My Your We I It In On At Of For From To "
    "By With And Or But As If When While After Before During Since Until".split()
)
_EVENT_WORDS = frozenset("Operation Exercise".split())
# Agreements, laws and plans are documents, not people, organisations, places or groups.
_DOCUMENT_HEADS = frozenset(
    "Agreement Agreements Initiative Law Laws Convention Conventions Treaty Accord Accords "
    "Declaration Communique Communiqué Protocol Act Plan Framework Strategy Cessation "
    "Hostilities Talks Process Doctrine Charter Roadmap Memorandum Guidelines".split()
)
_KNOWN = PLACES | DEMONYMS | ORG_ACRONYMS | FIRST_NAMES
_NO_END = 1 << 62
_PUNCT = "\"'“”‘’()[],;:.!?-–—"

# Titles that make the run a person ("Foreign Office Minister Tobias Ellwood").
_STRONG_TITLES = frozenset(
    "Secretary Minister President Envoy Ambassador Representative Spokesman Spokeswoman "
    "Spokesperson Chancellor King Queen Prince Sheikh Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. "
    "Gen Gen. Lt Lt. Col Col. Capt Capt. Maj Maj. Sgt Sgt. Adm Adm. Brig Brig. Cmdr Cmdr. "
    "Officer Governor Mayor Senator Premier Secretary-General Vice-President Pvt Pvt. "
    "Cpl Cpl. Spc Spc. Sen Sen. Rep Rep. Gov Gov. Ayatollah Imam Pope Commodore "
    "Lieutenant Colonel Major Captain Sergeant Admiral Brigadier General HE".split()
)
_TITLE_FOLLOWERS = frozenset("Office Ministry Department Council Committee Command".split())
_CONNECTOR_WORDS = frozenset("of for the on de du al el".split())
# Short names of states whose noun phrases ("U.S. forces", "UK support") mean the state.
_SHORT_STATES = frozenset("U.S. US UK U.K. U.K USA America".split())
_ACTING = frozenset(
    "is has was will would remains continues stands must should can could condemns supports "
    "reaffirms welcomes calls urges believes strongly also announced signed said says "
    "'s".split()
)
_ORG_NOUNS = frozenset(
    "forces force government governments army military troops officials authorities regime "
    "people peoples population security community communities opposition parties partners "
    "allies counterparts citizens service ships strike strikes airstrikes assistance support "
    "commitment efforts tribe tribes militia militias soldiers personnel navy delegation "
    "leadership leaders administration ministry police diplomats embassy".split()
)
_SPEECH = frozenset("said says told added stated explained noted commented wrote".split())
_PLACE_OPENERS = frozenset(
    "Mount Wadi Fort Jabal Jebel Tal Tell Ain Ayn Bir Qasr Kafr Deir Dayr Ras Camp Lake "
    "Port Cape Saint St. Al-Qaim".split()
)
# Bodies an article may capitalise by house style; after "a" or "an" they name no one body
# ("form such a Government", "set up a Committee").
_BODIES = frozenset(
    "Government Ministry Council Committee Commission Parliament Assembly Court Agency "
    "Authority Department Office Coalition".split()
)
_STYLE_PREFIXES = frozenset("Counter Anti Non Pro Post Pre Multi Inter Sub".split())
# Adjectives of office that house style capitalises ("at the Ministerial level"); on their own
# they name nothing, while "Presidential Palace" is judged as a whole run.
_STYLE_ADJECTIVES = frozenset(
    "Ministerial Governmental Parliamentary Presidential Congressional Departmental "
    "Ministerial-level".split()
)
_ABSTRACT_ENDINGS = ("ism", "ist", "ists", "ion", "ity", "ing", "cy", "ment")
_BEFORE_WORDS = _PLACE_CUES | {"the"}
_AFTER_WORDS = _ACTING | _ORG_NOUNS | _SPEECH
_INITIAL = re.compile(r"\b[A-Z]\. [A-Z]")

Word = tuple[int, int, str]
"""A word of a run: start and end relative to the run, and its text."""

Verdict = tuple[tuple[int, int, tuple[str, ...]], ...]
"""What a run holds: start, end (relative to the run) and cleaned words of each name in it."""


class _Article:
    """What the whole article says about its words, looked up lazily and remembered."""

    __slots__ = ("_lower", "_mid", "headings", "starts", "text", "verdicts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = _sentence_starts(text)
        self.headings = _heading_lines(text)
        self.verdicts: dict[tuple[str, bool, bool], Verdict] = {}
        self._lower: dict[str, bool] = {}
        self._mid: dict[str, bool] = {}

    def heading(self, at: int) -> bool:
        """True when `at` sits on a short title-case line without a closing stop."""
        k = bisect_right(self.headings, (at, _NO_END)) - 1
        return k >= 0 and self.headings[k][0] <= at < self.headings[k][1]

    def written_lowercase(self, word: str) -> bool:
        """True when the article writes `word` (lowercase) as a word of its own somewhere."""
        known = self._lower.get(word)
        if known is None:
            known = self._lower[word] = _occurs(self.text, word, mid_sentence=False)
        return known

    def capitalised_mid_sentence(self, word: str) -> bool:
        """True when the article writes `word` capitalised after another word."""
        known = self._mid.get(word)
        if known is None:
            known = self._mid[word] = _occurs(self.text, word, mid_sentence=True)
        return known


def _occurs(text: str, word: str, mid_sentence: bool) -> bool:
    """Whether `word` stands alone in `text` (and, if asked, right after a word and a space)."""
    size = len(word)
    at = text.find(word)
    tries = 0
    while at >= 0:
        tries += 1
        if tries > 64:
            # Many hits inside longer words: let the regex engine finish the scan.
            return _occurs_by_pattern(text, word, mid_sentence, at)
        end = at + size
        alone = (at == 0 or not text[at - 1].isalnum()) and (
            end >= len(text) or not text[end].isalpha()
        )
        if alone:
            if not mid_sentence:
                return True
            if at >= 2 and text[at - 1] == " ":
                prev = text[at - 2]
                # After a word, a comma, or a middle initial ("Isiah L. Booker").
                if (
                    prev.isalpha()
                    or prev in ",;"
                    or (prev == "." and at >= 4 and text[at - 3].isupper() and text[at - 4] == " ")
                ):
                    return True
        at = text.find(word, at + 1)
    return False


def _occurs_by_pattern(text: str, word: str, mid_sentence: bool, start: int) -> bool:
    """`_occurs` from `start` on, scanned by one compiled pattern."""
    lead = r"(?:(?<=[^\W\d_] )|(?<=[,;] )|(?<= [A-Z]\. ))" if mid_sentence else r"(?<![^\W_])"
    pattern = re.compile(lead + re.escape(word) + r"(?![^\W\d_])")
    return pattern.search(text, start) is not None


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short title-case lines without a closing stop: headlines and section titles."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        words = line.split()
        if not 0 < len(words) <= 14 or line.endswith((".", ":", '"', "”", ";", ",")):
            continue
        capitalised = sum(1 for w in words if w[:1].isupper())
        if capitalised * 2 > len(words):
            out.append(m.span())
    return out


def _sentence_starts(text: str) -> set[int]:
    """Offsets of the first letter of every sentence, line and quoted opening."""
    starts = {m.end() for m in _OPENING.finditer(text)}
    starts.update(m.end() for m in _QUOTE_OPENING.finditer(text))
    first = _FIRST_LETTER.search(text)
    if first and not text[: first.start()].strip(_OPENERS):
        starts.add(first.start())
    # "Gen. Igor" and "U.S. forces": a full stop after an abbreviation ends no sentence.
    for m in _SHORT_STOP.finditer(text):
        if not m.group(1) or text[m.start() : m.start(1) + len(m.group(1))] in _ABBREVIATED:
            starts.discard(m.end())
    return starts


def _words_of(run: str) -> list[Word]:
    """The words of a run with their offsets in it."""
    if "  " not in run and "\t" not in run:
        out = []
        at = 0
        for word in run.split(" "):
            out.append((at, at + len(word), word))
            at += len(word) + 1
        return out
    return [(m.start(), m.end(), m.group()) for m in _NON_SPACE.finditer(run)]


@lru_cache(maxsize=8192)
def _strip(word: str) -> str:
    """The word without a possessive or a sentence-final full stop."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("s'", "s’")):
        word = word[:-1]
    if word.endswith(".") and not _ABBREVIATION.fullmatch(word):
        word = word.rstrip(".")
    return word


def _sentences(words: list[Word]) -> list[list[Word]]:
    """Split a run where a word ends a sentence ("Al-Mayadeen. Gen. Igor") or a name ends in
    a possessive ("the European Union's Regional Initiative")."""
    out: list[list[Word]] = [[]]
    for word in words:
        out[-1].append(word)
        w = word[2]
        if (w.endswith(".") and not _ABBREVIATION.fullmatch(w)) or w.endswith(("'s", "’s")):
            out.append([])
    return [seg for seg in out if seg]


def _casual(word: str, article: _Article) -> bool:
    """True for a word capitalised only by position: it is written lowercase elsewhere, or
    it is a common word, an -ing/-ly form, a day or a month, and no list knows it as a name."""
    if word in _KNOWN:
        return False
    lowered = word.lower().split("'")[0].split("’")[0]
    return (
        lowered in COMMON_CAPITALISED
        or word in TIME_WORDS
        or article.written_lowercase(lowered)
        or (
            lowered.endswith(("ing", "ly"))
            and word[1:].islower()
            # "Keating", "Reilly": a name the article also writes mid-sentence.
            and not article.capitalised_mid_sentence(word)
        )
    )


def _lone_opener(word: str, article: _Article) -> bool:
    """True for a lone sentence-opening word with no sign of being a name: no list knows it,
    it is not an acronym, and the text never capitalises it mid-sentence."""
    w = _strip(word).split("'")[0]
    if w in _KNOWN or w in ORG_WORDS or w.isupper() or "-" in w:
        return False
    return not article.capitalised_mid_sentence(w)


def _prefixed_common(word: str) -> bool:
    """True for a prefixed common term capitalised by style ("Counter-IED", "Anti-Terrorism"),
    not one built on a name ("Counter-ISIL", "Anti-Assad")."""
    head, _, rest = word.partition("-")
    if head not in _STYLE_PREFIXES or not rest:
        return False
    rest = _strip(rest)
    if rest in _KNOWN or rest in ORG_WORDS or rest in ORG_ACRONYMS:
        return False
    # An unknown acronym ("IED") or an abstract noun ("Terrorism", "Insurgency").
    return rest.rstrip("s").isupper() or (rest[1:].islower() and rest.endswith(_ABSTRACT_ENDINGS))


def _judge(
    words: list[Word], initial: bool, heading: bool, article: _Article
) -> tuple[int, int, tuple[str, ...]] | None:
    """The name one sentence's part of a run holds, once opening words are dropped."""
    ws, _, w = words[-1]
    stripped = _strip(w)
    if stripped != w:
        if not stripped:
            return None
        words[-1] = (ws, ws + len(stripped), stripped)
    if heading:
        # Title-case lines capitalise everything: keep the longest stretch of words that
        # look like names ("Targeted Operations Against ISIL" keeps "ISIL").
        best: list[Word] = []
        current: list[Word] = []
        for x in words:
            w = _strip(x[2])
            if x[2].islower() and current:
                current.append(x)
            elif _casual(w, article) or w.endswith("ed"):
                current = []
            else:
                current.append(x)
                if len(current) > len(best):
                    best = list(current)
        words = best
        initial = False
    if words and _strip(words[0][2]) in _EVENT_WORDS:
        # "Exercise Eager Lion" names an event even when the opener would be dropped below.
        return None
    # Drop leading words that are capitalised only because they open a sentence; a
    # sentence-opening "The" or title stays when a name follows ("The Foreign Secretary").
    # Walk an index rather than popping the list's head, so a huge run stays linear.
    i, n = 0, len(words)
    while i < n:
        first = _strip(words[i][2])
        if (
            initial
            and (first == "The" or first in PERSON_TITLES or first in ORG_WORDS)
            and i + 1 < n
            and (not words[i + 1][2].islower() or first != "The")
        ):
            break
        if (
            first in _FUNCTION
            or first in TIME_WORDS
            or (initial and _casual(first, article))
            or (
                initial
                and (i + 1 == n or words[i + 1][2].islower())
                and _lone_opener(words[i][2], article)
            )
        ):
            i += 1
            while i < n and words[i][2].islower():
                i += 1
            initial = False
            continue
        break
    words = words[i:]
    while words and (words[-1][2].islower() or _strip(words[-1][2]) in TIME_WORDS):
        words.pop()
    if not words:
        return None
    clean = [_strip(x[2]) for x in words if not x[2].islower()]
    if not clean or not any(c.isalpha() for c in clean[0]) or clean[0] in _EVENT_WORDS:
        return None
    if clean[-1] in _DOCUMENT_HEADS or (len(clean) > 1 and clean[0] in _DOCUMENT_HEADS):
        return None
    return words[0][0], words[-1][1], tuple(clean)


def _ends_sentence(words: list[Word], first: Word) -> bool:
    """True when the word before `first` in the run ends a sentence."""
    k = words.index(first)
    w = words[k - 1][2]
    return w.endswith(".") and not _ABBREVIATION.fullmatch(w)


def _verdict(run: str, initial: bool, heading: bool, article: _Article) -> Verdict:
    """The names a capitalised run holds, judged once per article for each kind of place
    the run can stand in (sentence opening or not, headline or not)."""
    if not initial and not heading and " " not in run and "\t" not in run:
        # One word inside a sentence: the common case, judged without splitting.
        word = _strip(run)
        if (
            not word
            or word in _FUNCTION
            or word in TIME_WORDS
            or word in _EVENT_WORDS
            or word in _DOCUMENT_HEADS
            or not any(c.isalpha() for c in word)
            or word in _STYLE_ADJECTIVES
            or ("-" in word and _prefixed_common(word))
        ):
            return ()
        return ((0, len(word), (word,)),)
    words = _words_of(run)
    if "." not in run[:-1] and "'s " not in run and "’s " not in run:
        found = _judge(words, initial, heading, article)
        return (found,) if found else ()
    # A run that crosses a sentence end or a possessive is judged part by part.
    out = []
    for k, part in enumerate(_sentences(words)):
        opens = k > 0 and words[0] is not part[0] and _ends_sentence(words, part[0])
        found = _judge(part, initial if k == 0 else opens, heading, article)
        if found:
            out.append(found)
    return tuple(out)


_SHARED_LIMIT = 100_000
"""Entries each shared cache may hold before it starts afresh (a few tens of megabytes)."""

_SHARED_VERDICTS: dict[str, Verdict] = {}
"""Verdicts on runs inside a sentence, which no article evidence can change: most runs of an
article ("ISIL", "Iraq", "Secretary Kerry") were judged in an earlier one."""

_SHARED_LABELS: dict[tuple[tuple[str, ...], str, str], str] = {}
"""Labels by (clean words, word before, word after); `_label` looks at nothing else."""


def clear_shared_caches() -> None:
    """Forget the verdicts and labels shared across articles (benchmarks start cold)."""
    _SHARED_VERDICTS.clear()
    _SHARED_LABELS.clear()


def _shared_verdict(run: str, article: _Article) -> Verdict:
    """The verdict on a run inside a sentence and outside a heading, shared across articles.

    Only sentence openings and headings consult the article's own evidence (`_casual`,
    `_lone_opener`), and a run is split into sentences only at a stop or a possessive.
    """
    verdict = _SHARED_VERDICTS.get(run)
    if verdict is None:
        verdict = _verdict(run, False, False, article)
        if "." not in run[:-1] and "'s " not in run and "’s " not in run:
            if len(_SHARED_VERDICTS) >= _SHARED_LIMIT:
                _SHARED_VERDICTS.clear()
            _SHARED_VERDICTS[run] = verdict
    return verdict


def detect_names(text: str) -> list[Span]:
    """Every name in the text, in order, labelled person, org, place or group."""
    article = _Article(text)
    starts, verdicts, headings = article.starts, article.verdicts, article.headings
    if len(_SHARED_LABELS) >= _SHARED_LIMIT:
        _SHARED_LABELS.clear()
    labels = _SHARED_LABELS
    spans: list[Span] = []
    # Local names for what the loop touches on every run: it runs once per capitalised word.
    add, known_verdict, known_label = spans.append, verdicts.get, labels.get
    before_words, after_words, make, bodies = _BEFORE_WORDS, _AFTER_WORDS, quick_span, _BODIES
    for match in _RUN.finditer(text):
        run, poss, after = match.groups()
        start = match.start()
        key = (run, start in starts, bool(headings) and article.heading(start))
        verdict = known_verdict(key)
        if verdict is None:
            if key[1] or key[2]:
                verdict = _verdict(run, key[1], key[2], article)
            else:
                verdict = _shared_verdict(run, article)
            verdicts[key] = verdict
        for a, b, clean in verdict:
            at = start + a
            if clean[0] in bodies and len(clean) == 1 and _indefinite(text, at):
                continue
            lead = text[at - 24 if at > 24 else 0 : at].split()
            before = lead[-1].strip(_PUNCT).lower() if lead else ""
            # Only a few neighbouring words change a label; the rest share one cache entry.
            if before not in before_words:
                before = ""
            follows = ("'s" if poss else after) if b == len(run) else ""
            if follows not in after_words:
                follows = ""
            label = known_label((clean, before, follows))
            if label is None:
                the = clean[0] == "The" or before == "the"
                words = [c for c in clean if c != "The"] or list(clean)
                label = labels[(clean, before, follows)] = _label(words, before, follows, the)
            end = start + b
            add(make(at, end, "name", label, text[at:end]))
    return _known_people(spans)


def _indefinite(text: str, at: int) -> bool:
    """True when the word at `at` follows "a" or "an": "to form such a Government"."""
    lead = text[at - 4 if at > 4 else 0 : at].lower()
    return lead.endswith((" a ", " an ", "\na ", "\nan ", '"a ', "“a ")) or lead in ("a ", "an ")


def _known_people(spans: list[Span]) -> list[Span]:
    """Relabel a lone surname as a person when the article named that person in full."""
    surnames = set()
    for s in spans:
        if s.label == "person" and " " in s.text:
            last = s.text.split()[-1].rstrip(".,")
            if last[:1].isupper() and last not in _KNOWN and last not in ORG_WORDS:
                surnames.add(last)
    if not surnames:
        return spans
    out = []
    for span in spans:
        bare = span.text.split("'")[0].split("’")[0]
        if span.label != "person" and " " not in span.text and bare in surnames:
            span = Span(span.start, span.end, "name", "person", span.text)
        out.append(span)
    return out


def _label(words: list[str], before: str, after: str, the: bool) -> str:
    """Person, org, place or group, from word lists and the words around the run.

    `before` is the word before the run, `after` the word after it (both lowercased, "'s" for
    a possessive), `the` whether the run is preceded by, or opens with, "the".
    """
    if len(words) == 1 and words[0].isupper() and words[0].title() in PLACES:
        # Datelines shout: "BAGHDAD" is Baghdad.
        words = [words[0].title()]
    joined = " ".join(words)
    last = words[-1]
    if joined in KNOWN_PEOPLE:
        return "person"
    if words[0] == "Islamic" and len(words) > 1 and words[1] == "State":
        return "org"
    # A title followed by a name, or a singular title on its own, names a person:
    # "Foreign Office Minister Tobias Ellwood", "the U.S. Secretary of State".
    for k, w in enumerate(words):
        if w in _STRONG_TITLES:
            rest = [x for x in words[k + 1 :] if x not in _CONNECTOR_WORDS]
            if not rest or not any(x in ORG_WORDS or x in _TITLE_FOLLOWERS for x in rest[-1:]):
                return "person"
    if joined in COUNTRIES:
        # A country that acts is the state: "The UK is", "the United States condemns".
        if the or after in _ACTING or (after in _ORG_NOUNS and joined in _SHORT_STATES):
            return "org"
        return "place"
    if joined in PLACES:
        return "place"
    if any(w in ORG_WORDS or w in ORG_ACRONYMS for w in words):
        if len(words) > 1 and last in PLACE_WORDS and last not in ORG_WORDS:
            return "place"
        return "org"
    if words[0] in FIRST_NAMES or (words[0] in PERSON_TITLES and len(words) > 1):
        return "person"
    if words[0] in ("Abu", "Umm") and len(words) > 1:
        return "person"
    if last in PLACE_WORDS or words[0] in _PLACE_OPENERS:
        return "place"
    if all(w in DEMONYMS for w in words):
        # "Iraqi security forces", "the Syrian people": the demonym stands for a body.
        return "org" if after in _ORG_NOUNS else "group"
    if all(w in PLACES or w in DEMONYMS for w in words):
        return "place" if last in PLACES else "group"
    if after in _SPEECH:
        return "person" if len(words) <= 3 else "org"
    if before in _PLACE_CUES:
        return "place"
    if len(words) in (2, 3, 4) and _INITIAL.search(joined):
        return "person"
    return "org"
