"""Word lists the rules are built from: verb and noun classes, not phrases from any article."""

from __future__ import annotations

# Verbs that report a statement made in speech or writing (lemmas).
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "claim",
        "state",
        "accuse",
        "allege",
        "argue",
        "insist",
        "warn",
        "deny",
        "add",
        "announce",
        "describe",
        "write",
        "post",
        "testify",
        "question",
        "assure",
        "admit",
        "confirm",
        "acknowledge",
        "explain",
        "note",
        "report",
        "reply",
        "respond",
        "suggest",
        "stress",
        "emphasise",
        "emphasize",
        "maintain",
        "contend",
        "assert",
        "declare",
        "predict",
        "promise",
        "reveal",
        "disclose",
        "concede",
        "boast",
        "complain",
        "fume",
        "slam",
        "reject",
        "dispute",
        "caution",
        "estimate",
        "conclude",
        "quote",
        "call",
        "brand",
        "dismiss",
        "rule",
        "remind",
        "tweet",
        "counter",
        "retort",
        "answer",
        "mention",
        "observe",
        "recall",
        "agree",
        "blast",
        "tout",
        "vow",
        "pledge",
        "charge",
        "hint",
        "signal",
        "defend",
        "point",
        "blame",
        "reiterate",
        "reaffirm",
        "remark",
        "joke",
        "quip",
    ]
)
# Verbs of asking or directing: not claims themselves, but a second act of the speaker when coordinated
# with a report ("said A and urged B"), so they end the first report's content.
DIRECTIVE_VERBS = frozenset(
    [
        "urge",
        "ask",
        "demand",
        "appeal",
        "encourage",
        "invite",
        "order",
        "instruct",
        "call",
        "remind",
        "refuse",
    ]
)
# Clause-taking reporting verbs whose noun object is a parser slip for the start of the clause
# ("said [the railway] cost taxpayers ..."): these verbs do not report a plain noun phrase.
CLAUSE_ONLY_VERBS = frozenset(["say", "argue", "insist", "contend", "assert", "add"])
# Nouns for utterances and documents that "say" something: "issued a statement saying ...".
UTTERANCE_NOUNS = frozenset(
    [
        "statement",
        "letter",
        "post",
        "tweet",
        "release",
        "message",
        "note",
        "email",
        "filing",
        "announcement",
        "video",
        "notice",
        "memo",
        "report",
        "submission",
        "communique",
        "bulletin",
    ]
)
# Concessive conjunctions: ", though the department disputes that number" is the writer's aside.
CONCESSIVE_MARKS = frozenset(["though", "although", "whereas"])
# Reporting verbs whose noun-phrase object is the content ("denied the charges", "questioned the decision").
NP_CONTENT_VERBS = frozenset(
    [
        "deny",
        "reject",
        "dispute",
        "question",
        "admit",
        "confirm",
        "accuse",
        "describe",
        "call",
        "brand",
        "dismiss",
        "quote",
        "defend",
        "blame",
        "slam",
    ]
)
# Verbs whose object + "as"/"of" phrase is the content ("accused X of Y", "described X as Y").
OBJECT_PREP_CONTENT = {
    "accuse": ("of",),
    "describe": ("as",),
    "brand": ("as",),
    "dismiss": ("as",),
    "call": None,
    "quote": ("as",),
    "blame": ("for", "on"),
    "slam": ("as",),
}
# ... and those that are reporting only with that phrase ("dismissed the case" is a ruling, not a claim).
PREP_REQUIRED = frozenset(["dismiss", "brand", "call", "describe", "blame", "slam"])
# Nouns after which a prepositional phrase says where the words were said, not what was said.
VENUE_NOUNS = frozenset(
    ["statement", "interview", "letter", "post", "court", "conference", "briefing", "hearing", "meeting"]
)
# Verbs that need a particle or a clause to be reporting ("pointed out that").
PARTICLE_REQUIRED = {"point": "out"}
# Nouns naming a statement: "X's claim that ...", "gave assurances that ...".
CLAIM_NOUNS = frozenset(
    [
        "claim",
        "allegation",
        "assertion",
        "accusation",
        "insistence",
        "warning",
        "assurance",
        "assurances",
        "denial",
        "suggestion",
        "statement",
        "argument",
        "contention",
        "promise",
        "pledge",
    ]
)
SUPPORT_VERBS = frozenset(["give", "make", "offer", "issue", "repeat"])  # "gave assurances (that) ..."
SUBJECT_PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": "p",
    "it": "n",
    "his": "m",
    "her": "f",
    "their": "p",
    "its": "n",
}
RELATIVE_PRONOUNS = frozenset(["which", "that", "who", "whom", "whose"])

# Nouns for bodies that speak as one (head of the subject noun phrase).
ORG_NOUNS = frozenset(
    [
        "ministry",
        "department",
        "government",
        "council",
        "company",
        "firm",
        "court",
        "police",
        "agency",
        "commission",
        "committee",
        "union",
        "party",
        "mission",
        "authority",
        "office",
        "bank",
        "board",
        "campaign",
        "association",
        "organisation",
        "organization",
        "university",
        "hospital",
        "school",
        "club",
        "team",
        "league",
        "federation",
        "institute",
        "television",
        "newspaper",
        "network",
        "army",
        "military",
        "navy",
        "embassy",
        "administration",
        "regulator",
        "prosecutor",
        "prosecution",
        "defence",
        "defense",
        "inquiry",
        "tribunal",
        "parliament",
        "cabinet",
        "service",
        "group",
        "charity",
        "trust",
        "foundation",
        "corporation",
        "operator",
        "airline",
        "manufacturer",
        "maker",
        "developer",
        "publisher",
        "broadcaster",
        "station",
        "paper",
        "website",
        "agency",
        "coalition",
        "alliance",
        "bloc",
        "state",
        "spokesperson",
    ]
) - {"spokesperson", "group"}
TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "prime",
        "minister",
        "pm",
        "premier",
        "chancellor",
        "secretary",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "gov",
        "governor",
        "mayor",
        "judge",
        "justice",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "capt",
        "captain",
        "adm",
        "admiral",
        "sgt",
        "rev",
        "reverend",
        "fr",
        "father",
        "saint",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "pope",
        "ambassador",
        "commissioner",
        "chairman",
        "chairwoman",
        "chair",
        "speaker",
        "leader",
        "former",
        "acting",
        "deputy",
        "chief",
        "mp",
        "mep",
        "coach",
        "manager",
        "spokesman",
        "spokeswoman",
    ]
)
# Role nouns for people: "the Rovers boss", "its chief executive" refer back to a named person.
ROLE_NOUNS = TITLE_WORDS | frozenset(
    [
        "boss",
        "executive",
        "officer",
        "director",
        "head",
        "founder",
        "owner",
        "author",
        "lawyer",
        "attorney",
        "player",
        "striker",
        "candidate",
        "spokesman",
        "spokeswoman",
        "manager",
        "coach",
        "chairman",
        "chairwoman",
        "chair",
        "minister",
        "president",
        "secretary",
        "official",
    ]
)
# Documents that speak for whoever issued them ("according to the release", "the company's filing").
DOCUMENT_NOUNS = frozenset(["release", "statement", "report", "filing", "letter", "announcement", "document"])
# Nouns for someone speaking on behalf of a body ("a spokesperson for the ministry": the ministry speaks).
SPOKES_NOUNS = frozenset(["spokesperson", "spokesman", "spokeswoman", "representative"])
MALE_TITLES = frozenset(
    ["mr", "sir", "lord", "king", "prince", "father", "fr", "spokesman", "chairman", "congressman"]
)
FEMALE_TITLES = frozenset(
    ["mrs", "ms", "miss", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman", "congresswoman"]
)

# Evidence: verbs of showing/naming/providing, and nouns for checkable material.
SHOW_VERBS = frozenset(
    [
        "provide",
        "give",
        "offer",
        "produce",
        "present",
        "show",
        "name",
        "identify",
        "specify",
        "explain",
        "cite",
        "publish",
        "disclose",
        "reveal",
        "release",
        "share",
        "detail",
        "elaborate",
        "substantiate",
        "support",
        "back",
        "supply",
        "furnish",
        "document",
        "prove",
        "describe",
        "make",
    ]
)
SAY_VERBS = frozenset(["say", "tell"])
WH_WORDS = frozenset(["how", "where", "which", "who", "what", "whom", "whose", "why"])
DECLINE_VERBS = frozenset(["decline", "refuse"])
RESPOND_VERBS = frozenset(["respond", "reply", "answer"])
BASIS_NOUNS = frozenset(["evidence", "basis", "proof", "source", "sources", "support", "backing"])
# What a speaker can be said to withhold: "gave no breakdown", "has not shared the names".
WITHHOLD_NOUNS = frozenset(
    [
        "detail",
        "details",
        "breakdown",
        "name",
        "names",
        "example",
        "examples",
        "specifics",
        "information",
        "explanation",
        "documentation",
        "substantiation",
        "corroboration",
        "justification",
        "citation",
    ]
)
# Refusal or failure to do something ("declined to", "failed to", "has yet to"): the act did not happen.
REFUSE_VERBS = frozenset(["decline", "refuse", "fail", "neglect", "omit"])
# Pronouns and determiners that deny a subject: "No one has produced ...", "Nobody has identified ...".
NOBODY_WORDS = frozenset(["nobody", "none", "noone", "neither"])
# Nouns for the requests a speaker did not answer: "did not respond to requests to explain ...".
REQUEST_NOUNS = frozenset(
    ["request", "requests", "question", "questions", "call", "calls", "invitation", "demand"]
)
# Verbs of knowing or arriving at a figure: "it was not clear how she knew", "... how it calculated".
KNOW_VERBS = frozenset(
    [
        "know",
        "learn",
        "establish",
        "calculate",
        "arrive",
        "reach",
        "determine",
        "verify",
        "derive",
        "obtain",
        "conclude",
        "estimate",
        "source",
        "find",
    ]
)
UNSUPPORTED_ADJECTIVES = frozenset(
    [
        "baseless",
        "unsubstantiated",
        "unsupported",
        "unverified",
        "unfounded",
        "unproven",
        "groundless",
        "evidence-free",
    ]
)
EVIDENCE_NOUNS = frozenset(
    [
        "evidence",
        "proof",
        "data",
        "dataset",
        "figures",
        "figure",
        "numbers",
        "statistics",
        "results",
        "study",
        "studies",
        "report",
        "reports",
        "survey",
        "analysis",
        "audit",
        "research",
        "records",
        "record",
        "log",
        "document",
        "documents",
        "paper",
        "papers",
        "file",
        "files",
        "table",
        "tables",
        "chart",
        "charts",
        "spreadsheet",
        "receipt",
        "receipts",
        "invoice",
        "invoices",
        "contract",
        "contracts",
        "letter",
        "letters",
        "email",
        "emails",
        "message",
        "messages",
        "screenshot",
        "screenshots",
        "photograph",
        "photographs",
        "photo",
        "photos",
        "picture",
        "pictures",
        "image",
        "images",
        "footage",
        "video",
        "videos",
        "recording",
        "recordings",
        "tape",
        "tapes",
        "transcript",
        "transcripts",
        "minutes",
        "copy",
        "copies",
        "sample",
        "samples",
        "modelling",
        "modeling",
        "model",
        "projections",
        "tallies",
        "tally",
        "measurements",
        "readings",
        "map",
        "maps",
        "poll",
        "polls",
        "findings",
        "tabulation",
        "statements",
    ]
)
# Concrete things a speaker can show, hand over or point to (besides EVIDENCE_NOUNS): the artefacts of
# "held up a folder of emails", "attached a certificate", "pointed to page 14 of the audit".
ARTEFACT_NOUNS = frozenset(
    [
        "certificate",
        "schedule",
        "register",
        "list",
        "breakdown",
        "bulletin",
        "clause",
        "note",
        "notes",
        "exhibit",
        "census",
        "accounts",
        "page",
        "pages",
        "archive",
        "counts",
        "folder",
        "frame",
        "freeze-frame",
        "clip",
        "still",
        "ledger",
        "memo",
        "memorandum",
        "correspondence",
        "dossier",
        "affidavit",
        "evaluation",
        "assessment",
        "agreement",
        "deed",
        "diary",
        "notebook",
        "logbook",
        "payslip",
        "payslips",
        "statements",
        "printout",
        "graph",
        "graphs",
        "database",
        "ruling",
        "judgment",
        "review",
        "slides",
        "audio",
        "timesheet",
        "timesheets",
        "screengrab",
        "screengrabs",
    ]
)
# Verbs of presenting such a thing (besides PROVIDE_VERBS); those in ARTEFACT_PARTICLES need their
# particle or preposition ("held up", "took ... through", "referred ... to").
PRESENT_VERBS = frozenset(
    [
        "send",
        "forward",
        "attach",
        "enclose",
        "email",
        "display",
        "upload",
        "submit",
        "give",
        "screen",
        "brandish",
        "offer",
    ]
)
ARTEFACT_PARTICLES = {
    "hold": ("up",),
    "take": ("through",),
    "refer": ("to",),
    "direct": ("to",),
    "point": ("to",),
    "base": ("on",),
    "back": ("with",),
    "support": ("with",),
    "substantiate": ("with",),
    "wave": ("around", "about", "at", "in"),
    "set": ("out",),
    "lay": ("out",),
    "walk": ("through",),
    "quote": ("from",),
    "put": ("before",),
}
# Verbs after which a showing is only intended or asked for ("plans to publish", "asked them to show").
UNDONE_VERBS = frozenset(
    [
        "plan",
        "intend",
        "promise",
        "pledge",
        "vow",
        "hope",
        "want",
        "aim",
        "expect",
        "ask",
        "urge",
        "call",
        "invite",
        "demand",
        "agree",
        "offer",
        "threaten",
        "try",
        "seek",
        "prepare",
        "need",
    ]
)
# A noun naming a reporting act, and the act's verb: "no evidence for the allegation" -> "alleged".
CLAIM_NOUN_VERBS = {
    "allegation": "allege",
    "accusation": "accuse",
    "charge": "charge",
    "assertion": "assert",
    "prediction": "predict",
    "promise": "promise",
    "pledge": "pledge",
    "warning": "warn",
    "suggestion": "suggest",
    "denial": "deny",
    "boast": "boast",
    "estimate": "estimate",
}
# Verbs with which a speaker's own study backs the claim: "its own analysis of ticket data showed ...".
FINDING_VERBS = frozenset(
    ["show", "find", "suggest", "indicate", "reveal", "demonstrate", "confirm", "prove"]
)
PROVIDE_VERBS = frozenset(
    [
        "show",
        "publish",
        "release",
        "post",
        "share",
        "distribute",
        "produce",
        "present",
        "provide",
        "supply",
        "hand",
        "circulate",
        "table",
        "read",
        "play",
        "cite",
    ]
)

# ", citing X" / ", invoking X" after a reported clause: the speaker's stated reason, not part of what
# was said (GUIDELINES: a reason, not a claim)
REASON_PARTICIPLES = frozenset(["cite", "invoke"])

# ---- Stop words and titles: the one list of each for every app ---------------------------------------
# Function words too common to tell texts apart. Each user takes this base and, where it needs more, its
# named extension below (the lists were merged from four copies; each user keeps the words it had).
STOPWORDS = frozenset(
    [
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "had", "has", "have", "he",
        "her", "his", "in", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their", "they",
        "this", "to", "was", "were", "what", "when", "where", "which", "who", "with",
    ]
)  # fmt: skip
# attribution: words that say nothing about what a claim is about, when its words are compared with a
# nearby sentence's (evidence in context, hyphenated parts of a lemma)
CONTENT_STOPWORDS = STOPWORDS | frozenset(["but", "did", "how", "no", "not", "said"])
# language.detect_language: words whose share of a text says it is English
ENGLISH_MARKERS = STOPWORDS | frozenset(
    [
        "about", "after", "also", "before", "but", "can", "could", "i", "into", "no", "not", "our", "over",
        "said", "says", "than", "then", "there", "these", "those", "we", "will", "would", "you",
    ]
)  # fmt: skip
# similarity's lexical matcher: words it ignores when comparing two claims (it keeps "not" and "no")
MATCHER_STOPWORDS = STOPWORDS | frozenset(
    [
        "all", "any", "being", "can", "could", "i", "may", "me", "might", "my", "our", "should", "so",
        "some", "such", "than", "them", "there", "these", "those", "us", "we", "whom", "will", "would",
        "you", "your",
    ]
)  # fmt: skip
# Titles and offices written before a name ("Dr", "Prime Minister"), which claims' normalise_name strips to
# key a speaker: every word is in TITLE_WORDS, which also holds roles ("chief", "former") kept in a key.
TITLES = (
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
    "prime minister", "pm", "minister", "secretary", "senator", "sen", "rep", "representative", "judge",
    "justice", "chancellor", "governor", "mayor", "gen", "general", "col", "colonel", "capt", "captain",
    "rev", "reverend", "king", "queen", "prince", "princess",
)  # fmt: skip


# --- What makes a claim worth checking (apps/triage/features.py) ----------------------------------
# words of a figure, of a comparison, of accusing and of wrongdoing, of opinion
FIGURE_WORDS = frozenset(
    [
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "half",
        "third",
        "quarter",
        "doubled",
        "tripled",
        "halved",
        "twice",
        "percent",
        "per",
        "cent",
        "dozen",
        "dozens",
    ]
)

COMPARISON_WORDS = frozenset(
    [
        "more",
        "most",
        "less",
        "least",
        "fewer",
        "fewest",
        "higher",
        "highest",
        "lower",
        "lowest",
        "record",
        "biggest",
        "largest",
        "smallest",
        "worst",
        "best",
        "fastest",
        "slowest",
        "rise",
        "rose",
        "risen",
        "fall",
        "fell",
        "fallen",
        "increase",
        "increased",
        "decrease",
        "decreased",
        "doubled",
        "halved",
    ]
)

ACCUSATION_CUES = frozenset(
    [
        "accuse",
        "accused",
        "accuses",
        "accusing",
        "allege",
        "alleged",
        "alleges",
        "blame",
        "blamed",
        "blames",
        "charge",
        "charged",
        "charges",
        "denounce",
        "denounced",
        "condemn",
        "condemned",
    ]
)

WRONGDOING_WORDS = frozenset(
    [
        "corrupt",
        "corruption",
        "fraud",
        "fraudulent",
        "lied",
        "lie",
        "lies",
        "lying",
        "stole",
        "stolen",
        "theft",
        "bribe",
        "bribes",
        "bribery",
        "illegal",
        "illegally",
        "unlawful",
        "cover-up",
        "covered",
        "misled",
        "mislead",
        "abuse",
        "abused",
        "rigged",
        "rig",
        "embezzled",
        "negligence",
        "negligent",
        "crimes",
        "criminal",
        "laundering",
    ]
)

OPINION_CUES = frozenset(
    [
        "think",
        "thinks",
        "thought",
        "believe",
        "believes",
        "believed",
        "feel",
        "feels",
        "felt",
        "hope",
        "hopes",
        "hoped",
        "wish",
        "wished",
        "want",
        "wants",
        "wanted",
        "urge",
        "urged",
    ]
)

OPINION_WORDS = frozenset(
    [
        "great",
        "wonderful",
        "terrible",
        "awful",
        "fantastic",
        "amazing",
        "disgraceful",
        "shameful",
        "proud",
        "delighted",
        "disappointed",
        "sad",
        "happy",
        "excited",
        "beautiful",
        "incredible",
        "important",
        "should",
        "must",
        "ought",
    ]
)
