"""Names in text: people, organisations, places and groups, found from capitalisation."""

from __future__ import annotations

import re
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



def _capitals() -> str:
    """A character class of every capital letter of the scripts that have capitals (Latin,
    Greek, Cyrillic, Armenian, Georgian, ...): "Łukashenka", "Çavuşoğlu", "Élysée", "Ωmega"."""
    spans = ((0x41, 0x5B), (0xC0, 0x590), (0x10A0, 0x1100), (0x13A0, 0x1400), (0x1C80, 0x1CC0),
             (0x1E00, 0x2000), (0x2C00, 0x2D00), (0xA640, 0xA800), (0xFF21, 0xFF3B))
    ranges: list[list[int]] = []
    for low, high in spans:
        for code in range(low, high):
            char = chr(code)
            if char.isupper() or char.istitle():
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return "[" + "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ) + "]"


_UPPER = _capitals()
"""Any capital letter, not only A to Z."""
_PARTICLE = r"(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|de|del|da|le|la)"
_WORD = (
    rf"(?:{_UPPER}[\w'’&.]*(?:-[\w'’&.]+)*|{_PARTICLE}-{_UPPER}[\w'’.]*(?:-[\w'’.]+)*)"
)
_CONNECTOR = (
    r"(?:of|for|the|de|du|al|el|az|ad|ash|ar|bu|bin|ibn|bint|van|von|der|la|da"
    # "Minister for the Middle East Tobias Ellwood": a title's remit is part of the title.
    r"|of the|for the)"
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
_OPENERS_CLASS = r"[\s\"'“”‘’(«\[\-–—\u200b-\u200f\u2060\ufeff\xad]*(?=[^\W\d_])"
_OPENING = re.compile(r"[.!?:;\n•*#|>“]" + _OPENERS_CLASS)
# A straight or single opening quote after a space or comma opens a quoted sentence too.
_QUOTE_OPENING = re.compile(r"[\s,][\"‘]" + _OPENERS_CLASS)
_FIRST_LETTER = re.compile(r"[^\W\d_]")
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
    "in near nearby neighbouring neighboring at from to into across outside around of toward "
    "towards throughout via "
    "inside east west north south northeast northwest southeast southwest "
    "eastern western northern southern central province city town village".split()
)
# Prepositions that as often lead to a body or a person ("according to Quantcast", "a member
# of Civic Passion") as to a place.
_WEAK_PLACE_CUES = frozenset("to of".split())
# Nouns of places, lowercase: "the town of", "Raqa city".
_PLACE_NOUNS = frozenset(
    "city town village province region area district governorate county suburb "
    "neighbourhood neighborhood".split()
)
_STRONG_PLACE_CUES = frozenset("in near nearby outside into inside".split()) | _PLACE_NOUNS
_FUNCTION = frozenset(
    "The A An This That These Those Our Their His Her Its My Your We I It In On At Of For From To "
    "By With And Or But As If When While After Before During Since Until".split()
)
# Contractions are pronouns and verbs, whatever their capital: "I'm", "They've", "Let's".
_CONTRACTIONS = frozenset(
    f"{head}{mark}{tail}"
    for head in "I You We They He She It That There Here What Who Let".split()
    for mark in "'’"
    for tail in ("m", "ve", "ll", "d", "re", "s")
)
# Capitalised words that open a new sentence inside a run when a line lacks its full stop
# ("Elizabeth Quat In the New Territories"); "I" is left out for "World War I".
_BREAKS = frozenset(
    "In On At By With From To But As If When While After Before During Since Until This "
    "These Those Our Their His Her Its My Your We It".split()
)
# Wars, games, awards and festivals are events, and a deity is nobody the news quotes: none is
# a person, organisation, place or group, so they are not highlighted as names.
_EVENT_HEADS = frozenset(
    "War Wars Revolution Olympics Olympiad Games Cup Championship Championships Festival "
    "Awards Award Prize Expo Marathon Grand".split()
)
_NOT_NAMES = frozenset("God Allah Lord's".split())
_EVENT_WORDS = frozenset("Operation Exercise".split())
# Agreements, laws and plans are documents, not people, organisations, places or groups.
_DOCUMENT_HEADS = frozenset(
    "Agreement Agreements Initiative Law Laws Convention Conventions Treaty Accord Accords "
    "Declaration Communique Communiqué Protocol Act Plan Framework Strategy Cessation "
    "Hostilities Talks Process Doctrine Charter Roadmap Memorandum Guidelines".split()
)
_FUNCTION = _FUNCTION | _CONTRACTIONS | _NOT_NAMES
_KNOWN = PLACES | DEMONYMS | ORG_ACRONYMS
_NO_END = 1 << 62
_PUNCT = "\"'“”‘’()[],;:.!?-–—"

# Titles that make the run a person ("Foreign Office Minister Tobias Ellwood").
_STRONG_TITLES = frozenset(
    "Secretary Minister President Envoy Ambassador Representative Spokesman Spokeswoman "
    "Spokesperson Chancellor King Queen Prince Sheikh Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. "
    "Gen Gen. Lt Lt. Col Col. Capt Capt. Maj Maj. Sgt Sgt. Adm Adm. Brig Brig. Cmdr Cmdr. "
    "Officer Governor Mayor Senator Premier Secretary-General Vice-President Pvt Pvt. "
    "Cpl Cpl. Spc Spc. Sen Sen. Rep Rep. Gov Gov. Ayatollah Imam Pope Commodore "
    "Lieutenant Colonel Major Captain Sergeant Admiral Brigadier General HE Professor Prof "
    "Prof. Judge Justice Bishop Archbishop Cardinal Rabbi Reverend Rev Rev. Father Sister "
    "Detective Inspector Superintendent Constable Sir Dame Lord Lady Baroness Baron Duke "
    "Duchess Princess Attorney Congressman Congresswoman Councillor Councilman Chairman "
    "Chairwoman Administrator Commissioner Director Prosecutor Sheriff Coach".split()
)
# Roles written in lowercase before a person's name: "designer Halston", "said spokesman
# John Kirby", "by photographer Nat Finkelstein".
_ROLES = frozenset(
    "spokesman spokeswoman spokesperson minister president secretary ambassador envoy "
    "governor mayor senator chairman chairwoman director professor prof judge lawyer attorney "
    "actor actress singer musician artist designer photographer author writer novelist poet "
    "journalist reporter editor correspondent columnist blogger researcher scientist "
    "biologist physicist economist analyst historian philosopher activist campaigner "
    "candidate nominee politician councillor lawmaker legislator leader chief commander "
    "general officer captain coach player striker goalkeeper manager founder owner executive "
    "ceo chief-executive president-elect premier chancellor king queen prince princess pope "
    "imam cleric bishop pastor priest rabbi student teacher doctor nurse victim survivor "
    "witness resident farmer worker driver pilot astronaut colleague wife husband son "
    "daughter mother father brother sister widow interviewee".split()
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
    "leadership leaders administration ministry police diplomats embassy news agency "
    "newspaper channel television radio".split()
)
_SPEECH = frozenset(
    "said says told added stated explained noted commented wrote claims claimed argued insisted "
    "replied recalled admitted denied agreed proposed asked tweeted testified".split()
)
_PLACE_HEADS = PLACE_WORDS | frozenset("State Bay Isle Gulf".split())
_DIRECTIONS = frozenset(
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater "
    "Northeast Northwest Southeast Southwest Northeastern Northwestern Southeastern "
    "Southwestern".split()
)
_CLAUSE_END = frozenset(",.;:!?)\n\"”'’")
# Kinds of body written in lowercase before a body's name.
_BODY_NOUNS = frozenset(
    "militia group party agency company firm newspaper broadcaster network coalition alliance "
    "movement organisation organization union band charity club team faction website".split()
)
# Verbs of speech that come before the speaker: "said Mauer".
_SAID = frozenset("said says added".split())
# Buildings and sites, which are places even when a body's name is part of theirs.
_FACILITIES = frozenset(
    "Center Centre Museum Airport Stadium Arena Hospital Station Palace Prison Cathedral Mosque "
    "Temple Castle Park Hall Tower Library Zoo Complex Facility Mall Hotel Gallery Galleries "
    "Theatre Theater Road Avenue Boulevard Lane Highway Planetarium Observatory".split()
)
_PLACE_OPENERS = frozenset(
    "Mount Wadi Fort Jabal Jebel Tal Tell Ain Ayn Bir Qasr Kafr Deir Dayr Ras Camp Lake "
    "Port Cape Saint St. Bay Isle Strait Gulf".split()
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
# A side in a game: "beat Sweden", "against Peru", "Ghana won", "England drew".
_PLAYED = frozenset(
    "beat beats defeated defeat against versus vs v play plays played face faces faced "
    "edged thrashed".split()
)
_PLAYS = frozenset(
    "beat beats won win wins lost lose loses drew draw draws scored score scores defeated "
    "play plays played face faces faced edged thrashed advance advances advanced".split()
)
_BEFORE_WORDS = _PLACE_CUES | _PLACE_NOUNS | _ROLES | _BODY_NOUNS | _SPEECH | _PLAYED | {"the"}
_AFTER_WORDS = _ACTING | _ORG_NOUNS | _SPEECH | _PLACE_NOUNS | _PLAYS
_INITIAL = re.compile(rf"\b{_UPPER}\.? {_UPPER}[^\W\d_A-Z]")
# A word shaped like a forename or surname: a capital and lowercase letters ("Chomsky",
# "McDonnell", "O'Brien", "Che-cheung", "Łukashenka").
_PERSONAL = re.compile(
    rf"(?:Mc|Mac|O['’]|D['’])?{_UPPER}[^\W\d_A-Z]+(?:-[^\W\d_]+)?(?:[A-Z][^\W\d_A-Z]+)?"
)

Word = tuple[int, int, str]
"""A word of a run: start and end relative to the run, and its text."""

Verdict = tuple[tuple[int, int, tuple[str, ...]], ...]
"""What a run holds: start, end (relative to the run) and cleaned words of each name in it."""


class _Article:
    """What the whole article says about its words, gathered once, in linear time."""

    __slots__ = ("_asked", "_lower", "_mid", "headings", "runs", "starts", "text", "verdicts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = _sentence_starts(text)
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
    """Whether `word` occurs in `text` with no letter or digit before it and no letter after."""
    size, at = len(word), text.find(word)
    while at >= 0:
        end = at + size
        if (at == 0 or not text[at - 1].isalnum()) and (
            end >= len(text) or not text[end].isalpha()
        ):
            return True
        at = text.find(word, at + 1)
    return False


_LETTERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _lowercase_words(text: str) -> set[str]:
    """Every word the text writes in lowercase, whole and by its hyphen or apostrophe parts:
    one pass over the distinct whitespace-separated tokens, however often a word recurs."""
    out: set[str] = set()
    for token in set(text.split()):
        if token.isupper() or token.istitle() and "-" not in token and "'" not in token:
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
        run = match.group("run")
        at = match.start()
        if at >= 2 and text[at - 1] == " ":
            prev = text[at - 2]
            if prev.isalpha() or prev in ",;" or (
                prev == "." and at >= 4 and text[at - 3].isupper() and text[at - 4] == " "
            ):
                out.add(run.split(None, 1)[0])
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
        words = line.split()
        if not 0 < len(words) <= 14 or line.endswith((".", ":", '"', "”", ";", ",")):
            continue
        if _LABEL_VALUE.match(line):
            # "Frequency: 11,766 MHz": a label and its value, not a title.
            continue
        capitalised = sum(1 for w in words if w[:1].isupper())
        if capitalised * 2 > len(words):
            out.append(m.span())
    return out


# Captions' and credits' labels ("Image: Jane Doe", "Photo: AFP"): page furniture, not names.
_CREDIT_LABELS = frozenset(
    "Image Images Photo Photos Photograph Picture Video Credit Credits Source Sources Courtesy "
    "Caption Map Graphic Illustration File".split()
)
_CREDIT = re.compile(r"\b(?:" + "|".join(sorted(_CREDIT_LABELS)) + r"):[ \t]*(?=\S)")


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
    # "Image: Huebi.": a credit names someone, whatever its place.
    for m in _CREDIT.finditer(text):
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


def _sentences(words: list[Word], breaks: bool = True) -> list[list[Word]]:
    """Split a run where a word ends a sentence ("Al-Mayadeen. Gen. Igor") or a name ends in
    a possessive ("the European Union's Regional Initiative")."""
    out: list[list[Word]] = [[]]
    for word in words:
        if breaks and word[2] in _BREAKS and out[-1]:
            out.append([])
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
) -> Verdict:
    """The names one sentence's part of a run holds, once opening words are dropped."""
    ws, _, w = words[-1]
    stripped = _strip(w)
    if stripped != w:
        if not stripped:
            return ()
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
        return ()
    # Drop leading words that are capitalised only because they open a sentence; a
    # sentence-opening "The" or title stays when a name follows ("The Foreign Secretary").
    # Walk an index rather than popping the list's head, so a huge run stays linear.
    i, n = 0, len(words)
    while i < n:
        first = _strip(words[i][2])
        if i + 1 < n and f"{first} {_strip(words[i + 1][2])}" in PLACES:
            # "New Zealand", "South Africa": the opening word is part of a known place.
            break
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
        return ()
    clean = [_strip(x[2]) for x in words if not x[2].islower()]
    if not clean or not any(c.isalpha() for c in clean[0]) or clean[0] in _EVENT_WORDS:
        return ()
    if clean[-1] in _DOCUMENT_HEADS or (len(clean) > 1 and clean[0] in _DOCUMENT_HEADS):
        return ()
    if len(clean) > 1 and clean[-1] in _EVENT_HEADS:
        return ()
    return (
        _affiliation(words)
        or _body_then_person(words)
        or _title_of_place(words)
        or ((words[0][0], words[-1][1], tuple(clean)),)
    )


def _body_then_person(words: list[Word]) -> Verdict:
    """A body's acronym or a place, and the title after it, as two names: "NASA Administrator
    Charles Bolden" is NASA and Administrator Charles Bolden, "U.S. Senator John Cornyn" the
    U.S. and Senator John Cornyn, "Virginia Governor" Virginia and a governor."""
    if len(words) < 2:
        return ()
    k = 2 if len(words) > 2 and f"{words[0][2]} {_strip(words[1][2])}" in PLACES else 1
    head = " ".join(_strip(x[2]) for x in words[:k])
    acronym = head.isupper() and len(head) > 1 and "." not in head
    if not (acronym or head in PLACES) or words[k][2] not in _STRONG_TITLES:
        return ()
    rest = [_strip(x[2]) for x in words[k:] if not x[2].islower()]
    return (
        (words[0][0], words[k - 1][0] + len(_strip(words[k - 1][2])), tuple(head.split())),
        (words[k][0], words[-1][1], tuple(rest)),
    )


def _title_of_place(words: list[Word]) -> Verdict:
    """A title and the place it is the title of: "Governor of Virginia" holds the place
    Virginia (and a governor), as "Mayor of Toronto" holds Toronto."""
    if len(words) != 3 or words[1][2] != "of" or words[0][2] not in _STRONG_TITLES:
        return ()
    place = _strip(words[2][2])
    if place not in PLACES:
        return ()
    return (
        (words[0][0], words[0][1], (words[0][2],)),
        (words[2][0], words[2][0] + len(place), (place,)),
    )


def _affiliation(words: list[Word]) -> Verdict:
    """A person and the body after "of" as two names: "Ann Chiang of DAB", "Lee Cheuk-yan of
    the Labour Party"; nothing when the words before "of" do not look like a person's name
    ("Bank of England", "Secretary of State", "United States of America")."""
    k = next((i for i, x in enumerate(words) if x[2] == "of"), 0)
    if not 2 <= k <= 3 or k + 1 >= len(words):
        return ()
    person = [x[2] for x in words[:k]]
    rest = [x for x in words[k + 1 :] if x[2] != "the"]
    if (
        not rest
        or not all(_PERSONAL.fullmatch(w) for w in person)
        or any(
            w in ORG_WORDS or w in PERSON_TITLES or w in PLACE_WORDS or w in _FACILITIES
            or w in _FUNCTION
            for w in person
        )
        or " ".join(person) in PLACES
        or any(x[2].islower() for x in rest)
    ):
        return ()
    return (
        (words[0][0], words[k - 1][1], tuple(person)),
        (rest[0][0], rest[-1][1], tuple(_strip(x[2]) for x in rest)),
    )


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
            # A lone capital ("Polarisation: H", "option B") names nothing.
            or len(word) == 1
            or word in _STYLE_ADJECTIVES
            or ("-" in word and _prefixed_common(word))
        ):
            return ()
        return ((0, len(word), (word,)),)
    words = _words_of(run)
    if (
        "." not in run[:-1]
        and "'s " not in run
        and "’s " not in run
        # A headline capitalises every word: "In" there opens nothing.
        and (heading or not any(w[2] in _BREAKS for w in words[1:]))
    ):
        return _judge(words, initial, heading, article)
    # A run that crosses a sentence end or a possessive is judged part by part.
    out: list[tuple[int, int, tuple[str, ...]]] = []
    for k, part in enumerate(_sentences(words, breaks=not heading)):
        opens = k > 0 and (part[0][2] in _BREAKS or _ends_sentence(words, part[0]))
        out.extend(_judge(part, initial if k == 0 else opens, heading, article))
    return tuple(out)


_SHARED_LIMIT = 100_000
"""Entries each shared cache may hold before it starts afresh (a few tens of megabytes)."""

_SHARED_VERDICTS: dict[str, Verdict] = {}
"""Verdicts on runs inside a sentence, which no article evidence can change: most runs of an
article ("ISIL", "Iraq", "Secretary Kerry") were judged in an earlier one."""

_SHARED_LABELS: dict[tuple[tuple[str, ...], str, str, bool], str] = {}
"""Labels by (clean words, word before, word after, "the" before); `_label` looks at nothing
else."""


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
        if (
            "." not in run[:-1]
            and "'s " not in run
            and "’s " not in run
            and not _BREAKS.intersection(run.split()[1:])
        ):
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
    place_cues = _PLACE_CUES | _PLACE_NOUNS
    article.runs = runs = list(_RUN.finditer(text))
    # Runs come in order, so one walk over the headings' spans says which run is in one.
    h, heading_start, heading_end = 0, *(headings[0] if headings else (_NO_END, _NO_END))
    for match in runs:
        run, poss, after = match.groups()
        start = match.start()
        while start >= heading_end:
            h += 1
            heading_start, heading_end = headings[h] if h < len(headings) else (_NO_END, _NO_END)
        key = (run, start in starts, heading_start <= start)
        verdict = known_verdict(key)
        if verdict is None:
            if key[1] or key[2]:
                verdict = _verdict(run, key[1], key[2], article)
            else:
                verdict = _shared_verdict(run, article)
            verdicts[key] = verdict
        for a, b, clean in verdict:
            at = start + a
            if len(clean) == 1 and (
                (clean[0] in bodies and _indefinite(text, at))
                or (clean[0] in _CREDIT_LABELS and text[start + b : start + b + 1] == ":")
            ):
                continue
            # A line break ends what the previous line says: "...Democratic Party\n\nLeung
            # Yiu-chung" is not a party named Leung.
            reach = at - 24 if at > 24 else 0
            lead = text[max(reach, text.rfind("\n", reach, at) + 1) : at].rsplit(None, 2)
            # A word that closes a clause ("the town,") says nothing of the name after it.
            before = (
                lead[-1].lstrip(_PUNCT).lower() if lead and lead[-1][-1] not in _PUNCT else ""
            )
            the = before == "the"
            if before in ("the", "of") and len(lead) > 1 and lead[-2].lower() in place_cues:
                # "in the United States", "the region of Abu Kamal": the word before places it.
                before = lead[-2].lower()
            # Only a few neighbouring words change a label; the rest share one cache entry.
            if before not in before_words or (
                # "said Mauer." names the speaker; "said Qawat al-Nimr lost" the subject of
                # what was said, which may be anything.
                before in _SAID and text[start + b : start + b + 1] not in _CLAUSE_END
            ):
                before = ""
            follows = ("'s" if poss else after) if b == len(run) else ""
            if follows not in after_words:
                # A verb in the past tense after the name: "North Korea fired".
                follows = _PAST if follows and follows.endswith("ed") else ""
            the = the or clean[0] == "The"
            label = known_label((clean, before, follows, the))
            if label is None:
                words = [c for c in clean if c != "The"] or list(clean)
                label = labels[(clean, before, follows, the)] = _label(words, before, follows, the)
            end = start + b
            add(make(at, end, "name", label, text[at:end]))
    return _resolve(spans, article)


def _indefinite(text: str, at: int) -> bool:
    """True when the word at `at` follows "a" or "an": "to form such a Government"."""
    lead = text[at - 4 if at > 4 else 0 : at].lower()
    return lead.endswith((" a ", " an ", "\na ", "\nan ", '"a ', "“a ")) or lead in ("a ", "an ")


def _resolve(spans: list[Span], article: _Article) -> list[Span]:
    """Settle the labels no list decided, from what the whole article says about the name.

    A name no list knows is a person when an age or a pronoun follows it ("Reid, 33,", "Paris
    claims that she"), and a body after "a" ("a Creative Commons licence"); without such
    evidence it is a person when it is two or three plain capitalised words none of which the
    article writes in lowercase or knows as a place ("Mathias Krumbholz", not "Environment
    Canada"), else a body, unless evidence elsewhere in the article typed the same name. A
    lone surname is a person when the article named that person in full or with a title
    ("Chomsky" after "Noam Chomsky"), and so is a place's name that is a person's surname
    ("Paris claims", once "Valeska Paris" is named); an acronym defined in brackets takes the
    label of what it stands for.
    """
    text = article.text
    settled: list[Span] = []
    guessed: list[int] = []
    """Indices in `settled` of labels settled without evidence."""
    evidenced: dict[str, str] = {}
    placed = {
        s.text
        for s in spans
        if s.label == "place"
        and _placed_by_cue(text, s.start)
        and text[s.end : s.end + 2] not in ("'s", "’s")
    }
    teams: set[str] = set()
    for span in spans:
        label = span.label
        if span.text in PLACES and label != "person" and _in_a_game(text, span):
            # A national team, or a club named after its town: "Sweden 2–1", "beat Sweden".
            teams.add(span.text)
            if label == "place":
                label = "org"
                span = quick_span(span.start, span.end, "name", label, span.text)
        elif label == _UNKNOWN:
            if (
                span.text in placed
                or _PARTICLE_LEAD.sub("", span.text) in placed
                or _listed_with_place(text, spans, len(settled))
            ):
                # A name the article places somewhere once is that place every time.
                label = "place"
            elif (
                _PERSON_AFTER.match(text, span.end) is not None
                or _credited(text, span.start)
                or _forename_after(text, span.end)
            ):
                label = "person"
            elif _indefinite(text, span.start):
                label = "org"
            else:
                guessed.append(len(settled))
                label = "person" if _plain_name(span.text.split(), article) else "org"
            if not guessed or guessed[-1] != len(settled):
                evidenced.setdefault(span.text, label)
            span = quick_span(span.start, span.end, "name", label, span.text)
        settled.append(span)
    for k in guessed:
        span = settled[k]
        label = evidenced.get(span.text, span.label)
        if label != span.label:
            settled[k] = quick_span(span.start, span.end, "name", label, span.text)
    if teams:
        # A side in a game stays one through the article, unless placed: "fans in Sweden".
        settled = [
            quick_span(s.start, s.end, "name", "org", s.text)
            if s.label == "place" and s.text in teams and not _placed_by_cue(text, s.start)
            else s
            for s in settled
        ]
    return _by_article(settled, text)


# A score beside a name makes it a side in a game: "Sweden 2–1", "a 3-0 win over Peru".
_SCORE_AFTER = re.compile(r" \(?\d{1,2} ?[–-] ?\d{1,2}\b(?![–-]\d)")
_SCORE_BEFORE = re.compile(
    r"\b\d{1,2} ?[–-] ?\d{1,2} (?:(?:win|victory|defeat|loss|draw) )?(?:over|against|to|with|by|"
    r"v|vs\.?|versus)? ?$"
)


_WORD_AFTER = re.compile(r" ([a-z]+)")


def _in_a_game(text: str, span: Span) -> bool:
    """True when a score or a verb of play stands right before or after the name."""
    if _SCORE_AFTER.match(text, span.end) or _SCORE_BEFORE.search(
        text, max(0, span.start - 30), span.start
    ):
        return True
    lead = text[max(0, span.start - 12) : span.start].split()
    after = _WORD_AFTER.match(text, span.end)
    return bool(lead and lead[-1] in _PLAYED) or (after is not None and after[1] in _PLAYS)


def _plain_name(words: list[str], article: _Article) -> bool:
    """True for two or three words shaped like a person's names that are nothing else: no
    list knows the first as a place, none is a state, the article writes none in lowercase."""
    return (
        len(words) in (2, 3)
        and all(_PERSONAL.fullmatch(w) for w in words)
        # A surname may be a place's name ("Valeska Paris"); a forename is not.
        and words[0] not in _KNOWN
        # "Environment Canada" is a body; a state is nobody's surname.
        and not any(w in COUNTRIES for w in words)
        and not any(article.written_lowercase(w.lower()) for w in words)
    )


def _by_article(spans: list[Span], text: str) -> list[Span]:
    """Relabel lone surnames of the article's people and acronyms it defines (see
    `_resolve`)."""
    surnames = set()
    for span in spans:
        if span.label == "person":
            words = span.text.split()
            last = words[-1].rstrip(".,").split("'")[0].split("’")[0]
            if _PERSONAL.fullmatch(last) and last not in ORG_WORDS and (
                last not in _KNOWN or _place_as_surname(words)
            ):
                surnames.add(last)
    acronyms = _acronyms(text, spans)
    if not surnames and not acronyms:
        return spans
    out = []
    for span in spans:
        if " " not in span.text:
            bare = span.text.split("'")[0].split("’")[0]
            label = span.label
            if bare in surnames and (
                label == "org" or (label == "place" and not _placed_by_cue(text, span.start))
            ):
                # Once "Valeska Paris" is a person, "Paris claims" is her; "in Paris" is not.
                label = "person"
            elif span.text in acronyms:
                label = acronyms[span.text]
            if label != span.label:
                span = quick_span(span.start, span.end, "name", label, span.text)
        out.append(span)
    return out


def _place_as_surname(words: list[str]) -> bool:
    """True when a place's name ends a person's full name as a surname: "Valeska Paris", not
    "Governor of Virginia" or a state ("Environment Canada")."""
    last = words[-1]
    return (
        len(words) > 1
        and last in PLACES
        and last not in COUNTRIES
        and words[-2] not in _CONNECTOR_WORDS
        and words[-2] not in PERSON_TITLES
        and words[-2] not in _STRONG_TITLES
    )


def _acronyms(text: str, spans: list[Span]) -> dict[str, str]:
    """Acronyms the article defines, with the label of the name they stand for: "Kennedy
    Space Center (KSC)" makes every "KSC" a place."""
    out: dict[str, str] = {}
    for k in range(1, len(spans)):
        short, full = spans[k], spans[k - 1]
        if (
            short.start == full.end + 2
            and text[full.end : short.start] == " ("
            and text[short.end : short.end + 1] == ")"
            and short.text.isupper()
            and " " in full.text
        ):
            out[short.text] = full.label
    return out


# "Al-Mayadeen" is Mayadeen: an Arabic article before a place's name.
_PARTICLE_LEAD = re.compile(r"^(?:[Aa]l|[Ee]l|[Aa]d|[Aa]s|[Aa]sh|[Aa]r|[Aa]z)[- ]")


def _credited(text: str, at: int) -> bool:
    """True for a name right after a credit label: "Image: Huebi"."""
    lead = text[max(0, at - 16) : at].rstrip()
    return lead.endswith(":") and lead[:-1].rsplit(None, 1)[-1:] in (
        [w] for w in _CREDIT_LABELS
    )


_COMMA_WORD = re.compile(r", ([^\W\d_]+)\b")


def _forename_after(text: str, end: int) -> bool:
    """True for a surname written before its forename, as lists of authors do: "Austen,
    Jane." (a forename that is also a place, "Paris, Virginia", does not count)."""
    m = _COMMA_WORD.match(text, end)
    return (
        m is not None
        and m.group(1) in FIRST_NAMES
        # "Paris, Virginia" and "Toronto Star, August 15" are not surnames before forenames.
        and m.group(1) not in PLACES
        and m.group(1) not in TIME_WORDS
    )


def _placed_by_cue(text: str, at: int) -> bool:
    """True when the word before `at` places what follows: "in", "near", "town of" (a bare
    "of" or "from" leads to bodies and people as often)."""
    lead = text[max(0, at - 24) : at].split()
    if not lead:
        return False
    word = lead[-1].lower()
    if word == "of" and len(lead) > 1:
        return lead[-2].lower() in _PLACE_CUES
    return word in _PLACE_CUES and word not in ("of", "from", "to")


_LIST_JOINS = frozenset((", ", " and ", ", and ", " or ", ", or "))


def _listed_with_place(text: str, spans: list[Span], k: int) -> bool:
    """True when the k-th span is listed beside a place ("in Qamenas, Sarmin and Talamenes"):
    the items of one list are of one kind."""
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(spans):
            a, b = (spans[j], spans[j + step]) if step == 1 else (spans[j + step], spans[j])
            if text[a.end : b.start] not in _LIST_JOINS:
                break
            j += step
            if spans[j].label == "place":
                return True
            if spans[j].label != _UNKNOWN:
                break
    return False


# What follows a person's name: an age ("Reid, 33,"), or a pronoun within a few words
# ("Paris claims that she", "Mauer, who").
_PERSON_AFTER = re.compile(
    r"(?:['’]s)?(?:, (?:aged )?\d{1,3},|,? who\b|(?: [a-z]+){1,3} (?:he|she)\b)"
)


_PAST = "-ed"
"""What `_label` is told follows a name when a verb in the past tense does."""

_UNKNOWN = "unknown"
"""The label `_label` gives a run no list or neighbouring word types; `_resolve` settles it."""


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
    if (before in _PLAYED or after in _PLAYS) and joined in PLACES:
        # A national team or a club named after its town is a body: "beat Sweden 2-0".
        return "org"
    if joined in COUNTRIES:
        # A country that acts is the state: "the UK condemns", "U.S. forces"; one that is
        # somewhere things happen is a place: "in the United States".
        if before not in _PLACE_CUES and (
            after in _ACTING
            or after == _PAST
            or after in _SPEECH
            or (after in _ORG_NOUNS and joined in _SHORT_STATES)
            or the
        ):
            return "org"
        return "place"
    if joined in PLACES or (len(words) == 2 and words[0] in _DIRECTIONS and last in PLACES):
        # "Northern Caucasus", "Southern Sudan", "Greater London".
        return "place"
    if len(words) > 1 and words[0] in _PLACE_HEADS and last in PLACES:
        # "Bay of Bengal", "State of Texas", "Province of Anbar".
        return "place"
    if len(words) > 1 and last in _FACILITIES and not ORG_WORDS.intersection(words[:-1]):
        # A building or a site is a place: "Kennedy Space Center", "Heathrow Airport".
        return "place"
    if len(words) > 1 and words[0] in _FACILITIES and words[0] not in ORG_WORDS:
        # "Museum of Flight", "Palace of Westminster" (the words hold no "of" here).
        return "place"
    if any(w in ORG_WORDS or w in ORG_ACRONYMS for w in words):
        if len(words) > 1 and last in PLACE_WORDS and last not in ORG_WORDS:
            return "place"
        return "org"
    if all(w in DEMONYMS for w in words):
        # "Iraqi security forces", "the Syrian people": the demonym stands for a body.
        return "org" if after in _ORG_NOUNS else "group"
    if all(w in PLACES or w in DEMONYMS for w in words):
        return "place" if last in PLACES else "group"
    if before in _BODY_NOUNS:
        # "militia Yekineyen Parastina Gel", "the band Spoken Motion".
        return "org"
    if before in _STRONG_PLACE_CUES or (after in _PLACE_NOUNS and len(words) < 3):
        # "in Abu Kamal", "the region of Abu Kamal", "Raqa city": placed before a forename
        # or a person's particle can say otherwise.
        return "place"
    if (words[0] in FIRST_NAMES and (len(words) > 1 or after not in _ORG_NOUNS)) or (
        words[0] in PERSON_TITLES and len(words) > 1
    ):
        # "Sana said" is a person, "the Sana news agency" a body.
        return "person"
    if words[0] in ("Abu", "Umm") and len(words) > 1:
        return "person"
    if last in PLACE_WORDS or words[0] in _PLACE_OPENERS:
        return "place"
    if after in _SPEECH:
        # "Mauer said"; a body speaks too, and is more often written as an acronym
        # ("KCNA said").
        return "person" if len(words) <= 3 and not joined.isupper() and not the else "org"
    if before in _ROLES or (before in _SAID and not joined.isupper()):
        # "designer Halston", "said Mauer".
        return "person"
    if len(words) == 1 and last.isupper() and len(last) > 1:
        # An unknown acronym is a body: "DAB", "NWSC".
        return "org"
    if before in _PLACE_CUES and before not in _WEAK_PLACE_CUES and after != "'s":
        # "in Raqqah", but not "interest in Warhol's work".
        return "place"
    if len(words) in (2, 3, 4) and _INITIAL.search(joined):
        return "person"
    if the or len(words) > 3:
        return "org"
    return _UNKNOWN
