"""Word lists the rules are built from: verb and noun classes, not phrases from any article."""

from __future__ import annotations

# Verbs that report a statement made in speech or writing (lemmas).
REPORTING_VERBS = frozenset(
    ["say", "tell", "claim", "state", "accuse", "allege", "argue", "insist", "warn", "deny", "add", "announce", "describe", "write", "post", "testify", "question", "assure", "admit", "confirm", "acknowledge", "explain", "note", "report", "reply", "respond", "suggest", "stress", "emphasise", "emphasize", "maintain", "contend", "assert", "declare", "predict", "promise", "reveal", "disclose", "concede", "boast", "complain", "fume", "slam", "reject", "dispute", "caution", "estimate", "conclude", "quote", "call", "brand", "dismiss", "rule", "remind", "tweet", "counter", "retort", "answer", "mention", "observe", "recall", "agree", "blast", "tout", "vow", "pledge", "charge", "hint", "signal", "defend", "point"]
)
# Reporting verbs whose noun-phrase object is the content ("denied the charges", "questioned the decision").
NP_CONTENT_VERBS = frozenset(
    ["deny", "reject", "dispute", "question", "admit", "confirm", "accuse", "describe", "call", "brand", "dismiss", "quote", "defend"]
)
# Verbs whose object + "as"/"of" phrase is the content ("accused X of Y", "described X as Y").
OBJECT_PREP_CONTENT = {"accuse": "of", "describe": "as", "brand": "as", "dismiss": "as", "call": None, "quote": "as"}
# ... and those that are reporting only with that phrase ("dismissed the case" is a ruling, not a claim).
PREP_REQUIRED = frozenset(["dismiss", "brand", "call"])
# Verbs that need a particle or a clause to be reporting ("pointed out that").
PARTICLE_REQUIRED = {"point": "out"}
# Nouns naming a statement: "X's claim that ...", "gave assurances that ...".
CLAIM_NOUNS = frozenset(
    ["claim", "allegation", "assertion", "accusation", "insistence", "warning", "assurance", "assurances", "denial", "suggestion", "statement", "argument", "contention", "promise", "pledge"]
)
SUPPORT_VERBS = frozenset(["give", "make", "offer", "issue", "repeat"])  # "gave assurances (that) ..."
SUBJECT_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "his": "m", "her": "f", "their": "p", "its": "n"}
RELATIVE_PRONOUNS = frozenset(["which", "that", "who", "whom", "whose"])

# Nouns for bodies that speak as one (head of the subject noun phrase).
ORG_NOUNS = frozenset(
    ["ministry", "department", "government", "council", "company", "firm", "court", "police", "agency", "commission", "committee", "union", "party", "mission", "authority", "office", "bank", "board", "campaign", "association", "organisation", "organization", "university", "hospital", "school", "club", "team", "league", "federation", "institute", "television", "newspaper", "network", "army", "military", "navy", "embassy", "administration", "regulator", "prosecutor", "prosecution", "defence", "defense", "inquiry", "tribunal", "parliament", "cabinet", "service", "group", "charity", "trust", "foundation", "corporation", "operator", "airline", "manufacturer", "maker", "developer", "publisher", "broadcaster", "station", "paper", "website", "agency", "coalition", "alliance", "bloc", "state", "spokesperson"]
) - {"spokesperson", "group"}
TITLE_WORDS = frozenset(
    ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president", "vice", "prime", "minister", "pm", "premier", "chancellor", "secretary", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "gov", "governor", "mayor", "judge", "justice", "gen", "general", "col", "colonel", "lt", "capt", "captain", "adm", "admiral", "sgt", "rev", "reverend", "fr", "father", "saint", "king", "queen", "prince", "princess", "sheikh", "pope", "ambassador", "commissioner", "chairman", "chairwoman", "chair", "speaker", "leader", "former", "acting", "deputy", "chief", "mp", "mep", "coach", "manager", "spokesman", "spokeswoman"]
)
# Role nouns for people: "the Rovers boss", "its chief executive" refer back to a named person.
ROLE_NOUNS = TITLE_WORDS | frozenset(
    ["boss", "executive", "officer", "director", "head", "founder", "owner", "author", "lawyer", "attorney", "player", "striker", "candidate", "spokesman", "spokeswoman", "manager", "coach", "chairman", "chairwoman", "chair", "minister", "president", "secretary", "official"]
)
MALE_TITLES = frozenset(["mr", "sir", "lord", "king", "prince", "father", "fr", "spokesman", "chairman", "congressman"])
FEMALE_TITLES = frozenset(["mrs", "ms", "miss", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman", "congresswoman"])

# Evidence: verbs of showing/naming/providing, and nouns for checkable material.
SHOW_VERBS = frozenset(
    ["provide", "give", "offer", "produce", "present", "show", "name", "identify", "specify", "explain", "cite", "publish", "disclose", "reveal", "release", "share", "detail", "elaborate", "substantiate", "support", "back", "supply", "furnish", "document", "prove", "describe", "make"]
)
SAY_VERBS = frozenset(["say", "tell"])
WH_WORDS = frozenset(["how", "where", "which", "who", "what", "whom", "whose", "why"])
DECLINE_VERBS = frozenset(["decline", "refuse"])
RESPOND_VERBS = frozenset(["respond", "reply", "answer"])
BASIS_NOUNS = frozenset(["evidence", "basis", "proof", "source", "sources", "support", "backing"])
UNSUPPORTED_ADJECTIVES = frozenset(
    ["baseless", "unsubstantiated", "unsupported", "unverified", "unfounded", "unproven", "groundless", "evidence-free"]
)
EVIDENCE_NOUNS = frozenset(
    ["evidence", "proof", "data", "dataset", "figures", "figure", "numbers", "statistics", "results", "study", "studies", "report", "reports", "survey", "analysis", "audit", "research", "records", "record", "log", "document", "documents", "paper", "papers", "file", "files", "table", "tables", "chart", "charts", "spreadsheet", "receipt", "receipts", "invoice", "invoices", "contract", "contracts", "letter", "letters", "email", "emails", "message", "messages", "screenshot", "screenshots", "photograph", "photographs", "photo", "photos", "picture", "pictures", "image", "images", "footage", "video", "videos", "recording", "recordings", "tape", "tapes", "transcript", "transcripts", "minutes", "copy", "copies", "sample", "samples", "modelling", "modeling", "model", "projections", "tallies", "tally", "measurements", "readings", "map", "maps", "poll", "polls", "findings", "tabulation", "statements"]
)
PROVIDE_VERBS = frozenset(
    ["show", "publish", "release", "post", "share", "distribute", "produce", "present", "provide", "supply", "hand", "circulate", "table", "read", "play", "cite"]
)
