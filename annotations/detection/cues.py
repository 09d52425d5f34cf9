"""Words around and inside a name that say what it is: cues, titles, roles, heads."""

from __future__ import annotations

from annotations.detection.lexicon import DEMONYMS, ORG_ACRONYMS, PLACE_WORDS, PLACES, word_set

__all__ = [
    "ABBREVIATED",
    "ABSTRACT_ENDINGS",
    "ACTING",
    "AFTER_WORDS",
    "BEFORE_WORDS",
    "BODIES",
    "BODY_NOUNS",
    "BREAKS",
    "CLAUSE_END",
    "CONNECTOR_WORDS",
    "CREDIT_LABELS",
    "DIRECTIONS",
    "DOCUMENT_HEADS",
    "EVENT_HEADS",
    "EVENT_WORDS",
    "FACILITIES",
    "FUNCTION_WORDS",
    "KNOWN_NAMES",
    "LIST_JOINS",
    "ORG_NOUNS",
    "PLACE_CUES",
    "PLACE_HEADS",
    "PLACE_NOUNS",
    "PLACE_OPENERS",
    "PLAYED",
    "PLAYS",
    "PUNCT",
    "ROLES",
    "SAID",
    "SHORT_STATES",
    "SPEECH",
    "STRONG_PLACE_CUES",
    "STRONG_TITLES",
    "STYLE_ADJECTIVES",
    "STYLE_PREFIXES",
    "TITLE_FOLLOWERS",
    "WEAK_PLACE_CUES",
]


ABBREVIATED = word_set("""
Mr Mrs Ms Dr St Gen Lt Col Maj Capt Sgt Adm Cmdr Brig Gov Sen Rep Rev Pvt Cpl Spc Jr Sr Jan
Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Co Corp Inc Ltd Mt Ft Prof Pres Amb Messrs
Dept
""")
PLACE_CUES = word_set("""
in near nearby neighbouring neighboring at from to into across outside around of toward
towards throughout via inside east west north south northeast northwest southeast southwest
eastern western northern southern central province city town village
""")
# Prepositions that as often lead to a body or a person ("according to Quantcast", "a member
# of Civic Passion") as to a place.
WEAK_PLACE_CUES = word_set("""
to of
""")
# Nouns of places, lowercase: "the town of", "Raqa city".
PLACE_NOUNS = word_set("""
city town village province region area district governorate county suburb neighbourhood
neighborhood
""")
STRONG_PLACE_CUES = word_set("""
in near nearby outside into inside
""") | PLACE_NOUNS
FUNCTION_WORDS = word_set("""
The A An This That These Those Our Their His Her Its My Your We I It In On At Of For From To
By With And Or But As If When While After Before During Since Until
""")
# Contractions are pronouns and verbs, whatever their capital: "I'm", "They've", "Let's".
_CONTRACTIONS = frozenset(
    f"{head}{mark}{tail}"
    for head in "I You We They He She It That There Here What Who Let".split()
    for mark in "'’"
    for tail in ("m", "ve", "ll", "d", "re", "s")
)
# Capitalised words that open a new sentence inside a run when a line lacks its full stop
# ("Elizabeth Quat In the New Territories"); "I" is left out for "World War I".
BREAKS = word_set("""
In On At By With From To But As If When While After Before During Since Until This These
Those Our Their His Her Its My Your We It
""")
# Wars, games, awards and festivals are events, and a deity is nobody the news quotes: none is
# a person, organisation, place or group, so they are not highlighted as names.
EVENT_HEADS = word_set("""
War Wars Revolution Olympics Olympiad Games Cup Championship Championships Festival Awards
Award Prize Expo Marathon Grand
""")
_NOT_NAMES = word_set("""
God Allah Lord's
""")
EVENT_WORDS = word_set("""
Operation Exercise
""")
# Agreements, laws and plans are documents, not people, organisations, places or groups.
DOCUMENT_HEADS = word_set("""
Agreement Agreements Initiative Law Laws Convention Conventions Treaty Accord Accords
Declaration Communique Communiqué Protocol Act Plan Framework Strategy Cessation Hostilities
Talks Process Doctrine Charter Roadmap Memorandum Guidelines
""")
FUNCTION_WORDS = FUNCTION_WORDS | _CONTRACTIONS | _NOT_NAMES
KNOWN_NAMES = PLACES | DEMONYMS | ORG_ACRONYMS
PUNCT = "\"'“”‘’()[],;:.!?-–—"
# Titles that make the run a person ("Foreign Office Minister Tobias Ellwood").
STRONG_TITLES = word_set("""
Secretary Minister President Envoy Ambassador Representative Spokesman Spokeswoman
Spokesperson Chancellor King Queen Prince Sheikh Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Gen Gen.
Lt Lt. Col Col. Capt Capt. Maj Maj. Sgt Sgt. Adm Adm. Brig Brig. Cmdr Cmdr. Officer Governor
Mayor Senator Premier Secretary-General Vice-President Pvt Pvt. Cpl Cpl. Spc Spc. Sen Sen.
Rep Rep. Gov Gov. Ayatollah Imam Pope Commodore Lieutenant Colonel Major Captain Sergeant
Admiral Brigadier General HE Professor Prof Prof. Judge Justice Bishop Archbishop Cardinal
Rabbi Reverend Rev Rev. Father Sister Detective Inspector Superintendent Constable Sir Dame
Lord Lady Baroness Baron Duke Duchess Princess Attorney Congressman Congresswoman Councillor
Councilman Chairman Chairwoman Administrator Commissioner Director Prosecutor Sheriff Coach
""")
# Roles written in lowercase before a person's name: "designer Halston", "said spokesman
# John Kirby", "by photographer Nat Finkelstein".
ROLES = word_set("""
spokesman spokeswoman spokesperson minister president secretary ambassador envoy governor
mayor senator chairman chairwoman director professor prof judge lawyer attorney actor
actress singer musician artist designer photographer author writer novelist poet journalist
reporter editor correspondent columnist blogger researcher scientist biologist physicist
economist analyst historian philosopher activist campaigner candidate nominee politician
councillor lawmaker legislator leader chief commander general officer captain coach player
striker goalkeeper manager founder owner executive ceo chief-executive president-elect
premier chancellor king queen prince princess pope imam cleric bishop pastor priest rabbi
student teacher doctor nurse victim survivor witness resident farmer worker driver pilot
astronaut colleague wife husband son daughter mother father brother sister widow interviewee
""")
TITLE_FOLLOWERS = word_set("""
Office Ministry Department Council Committee Command
""")
CONNECTOR_WORDS = word_set("""
of for the on de du al el
""")
# Short names of states whose noun phrases ("U.S. forces", "UK support") mean the state.
SHORT_STATES = word_set("""
U.S. US UK U.K. U.K USA America
""")
ACTING = word_set("""
is has was will would remains continues stands must should can could condemns supports
reaffirms welcomes calls urges believes strongly also announced signed said says 's
""")
ORG_NOUNS = word_set("""
forces force government governments army military troops officials authorities regime people
peoples population security community communities opposition parties partners allies
counterparts citizens service ships strike strikes airstrikes assistance support commitment
efforts tribe tribes militia militias soldiers personnel navy delegation leadership leaders
administration ministry police diplomats embassy news agency newspaper channel television
radio
""")
SPEECH = word_set("""
said says told added stated explained noted commented wrote claims claimed argued insisted
replied recalled admitted denied agreed proposed asked tweeted testified
""")
PLACE_HEADS = PLACE_WORDS | word_set("""
State Bay Isle Gulf
""")
DIRECTIONS = word_set("""
North South East West Northern Southern Eastern Western Central Upper Lower Greater
Northeast Northwest Southeast Southwest Northeastern Northwestern Southeastern Southwestern
""")
CLAUSE_END = frozenset(",.;:!?)\n\"”'’")
# Kinds of body written in lowercase before a body's name.
BODY_NOUNS = word_set("""
militia group party agency company firm newspaper broadcaster network coalition alliance
movement organisation organization union band charity club team faction website
""")
# Verbs of speech that come before the speaker: "said Mauer".
SAID = word_set("""
said says added
""")
# Buildings and sites, which are places even when a body's name is part of theirs.
FACILITIES = word_set("""
Center Centre Museum Airport Stadium Arena Hospital Station Palace Prison Cathedral Mosque
Temple Castle Park Hall Tower Library Zoo Complex Facility Mall Hotel Gallery Galleries
Theatre Theater Road Avenue Boulevard Lane Highway Planetarium Observatory
""")
PLACE_OPENERS = word_set("""
Mount Wadi Fort Jabal Jebel Tal Tell Ain Ayn Bir Qasr Kafr Deir Dayr Ras Camp Lake Port Cape
Saint St. Bay Isle Strait Gulf
""")
# Bodies an article may capitalise by house style; after "a" or "an" they name no one body
# ("form such a Government", "set up a Committee").
BODIES = word_set("""
Government Ministry Council Committee Commission Parliament Assembly Court Agency Authority
Department Office Coalition
""")
STYLE_PREFIXES = word_set("""
Counter Anti Non Pro Post Pre Multi Inter Sub
""")
# Adjectives of office that house style capitalises ("at the Ministerial level"); on their own
# they name nothing, while "Presidential Palace" is judged as a whole run.
STYLE_ADJECTIVES = word_set("""
Ministerial Governmental Parliamentary Presidential Congressional Departmental
Ministerial-level
""")
ABSTRACT_ENDINGS = ("ism", "ist", "ists", "ion", "ity", "ing", "cy", "ment")
# A side in a game: "beat Sweden", "against Peru", "Ghana won", "England drew".
PLAYED = word_set("""
beat beats defeated defeat against versus vs v play plays played face faces faced edged
thrashed
""")
PLAYS = word_set("""
beat beats won win wins lost lose loses drew draw draws scored score scores defeated play
plays played face faces faced edged thrashed advance advances advanced
""")
BEFORE_WORDS = PLACE_CUES | PLACE_NOUNS | ROLES | BODY_NOUNS | SPEECH | PLAYED | {"the"}
AFTER_WORDS = ACTING | ORG_NOUNS | SPEECH | PLACE_NOUNS | PLAYS
# Captions' and credits' labels ("Image: Jane Doe", "Photo: AFP"): page furniture, not names.
CREDIT_LABELS = word_set("""
Image Images Photo Photos Photograph Picture Video Credit Credits Source Sources Courtesy
Caption Map Graphic Illustration File
""")
LIST_JOINS = frozenset((", ", " and ", ", and ", " or ", ", or "))
