"""A table of invented sentences and passages with the claims the guidelines say they hold.

None of these come from the seed or the dev corpus: the people, places and events are made up so the
rules are checked on wording they were not developed on. Each case lists every claim expected; when
``exact`` is set no other claim may be extracted (used for the non-claims).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from apps.extraction import extract_claims


@dataclass(frozen=True)
class Want:
    content: str
    speaker: str
    kind: str = "indirect"
    evidence: str = "not_stated"
    cue: str | None = "?"  # "?" = not checked; None = must be null
    evidence_cue: str | None = None
    confident: bool | None = None  # None = not checked


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    wants: tuple[Want, ...] = ()
    exact: bool = True
    xfail: str = ""
    notes: dict = field(default_factory=dict)


CASES: list[Case] = [
    # ---- direct quotes ---------------------------------------------------------------------------
    Case(
        "straight-quote-after",
        'Opening the new bridge, "This crossing will save commuters an hour a day," Mayor Ilse Brandt said.',
        (Want('"This crossing will save commuters an hour a day,"', "Ilse Brandt", "direct", cue="said"),),
    ),
    Case(
        "curly-quote-inverted",
        "“The reservoir is at its lowest level since 1976,” said Tomas Ferreira, a hydrologist at the agency.",
        (Want("“The reservoir is at its lowest level since 1976,”", "Tomas Ferreira", "direct", cue="said"),),
    ),
    Case(
        "quote-after-colon",
        'The harbour master, Olu Adebayo, told the inquiry: "We had no radar coverage that night."',
        (Want('"We had no radar coverage that night."', "Olu Adebayo", "direct", cue="told"),),
    ),
    Case(
        "split-quote-comma",
        "“The figures are encouraging,” Ms Varga said, “but we are not out of the woods yet.”",
        (
            Want(
                "“The figures are encouraging,” Ms Varga said, “but we are not out of the woods yet.”",
                "Varga",
                "direct",
                cue="said",
            ),
        ),
    ),
    Case(
        "split-quote-two-sentences",
        'Defence lawyer Hamid Qureshi rose to speak. "My client was in Leeds that evening," Mr Qureshi '
        'told the court. "Three witnesses will say so."',
        (
            Want(
                '"My client was in Leeds that evening," Mr Qureshi told the court. "Three witnesses will say so."',
                "Hamid Qureshi",
                "direct",
                cue="told",
            ),
        ),
    ),
    Case(
        "single-curly-quotes",
        "‘We will not be lectured by people who have never run a hospital,’ health secretary Priya Nandakumar "
        "said.",
        (
            Want(
                "‘We will not be lectured by people who have never run a hospital,’",
                "Priya Nandakumar",
                "direct",
                cue="said",
            ),
        ),
    ),
    Case(
        "apostrophes-not-quotes",
        "The club’s chairman, Ray O’Donnell, said the stadium’s roof would be replaced before the players’ "
        "return.",
        (
            Want(
                "the stadium’s roof would be replaced before the players’ return", "Ray O’Donnell", cue="said"
            ),
        ),
    ),
    Case(
        "multi-paragraph-quote",
        "Engineer Marisol Quintero described the night the dam failed.\n\n“We heard the first crack at two in "
        "the morning. Nobody slept after that.\n\n“By dawn the water was over the road and the village was "
        "cut off,” she said.",
        (
            Want(
                "“We heard the first crack at two in the morning. Nobody slept after that.\n\n“By dawn the water "
                "was over the road and the village was cut off,”",
                "Marisol Quintero",
                "direct",
                cue="said",
            ),
        ),
    ),
    Case(
        "context-speaker-previous-sentence",
        "Farmer Gideon Achterberg said the drought had cost him half his herd.\n\n“I have never seen the "
        "pastures this brown. My father never saw it either.”",
        (
            Want("the drought had cost him half his herd", "Gideon Achterberg", cue="said"),
            Want(
                "“I have never seen the pastures this brown. My father never saw it either.”",
                "Gideon Achterberg",
                "direct",
                cue=None,
            ),
        ),
    ),
    Case(
        "scare-quotes-inside-indirect",
        "The opposition leader, Dario Lenz, said the budget was a “smoke screen” for deeper cuts.",
        (Want("the budget was a “smoke screen” for deeper cuts", "Dario Lenz", cue="said"),),
    ),
    Case(
        "headline-not-claim",
        "Minister says ferry fares will fall\n\nTransport minister Kofi Mensah said on Monday that ferry fares "
        "would fall by 10% in April.",
        (Want("ferry fares would fall by 10% in April", "Kofi Mensah", cue="said"),),
    ),
    # ---- reporting verbs -------------------------------------------------------------------------
    Case(
        "said-that",
        "Councillor Brenda Okafor said that the library would stay open on Sundays.",
        (Want("the library would stay open on Sundays", "Brenda Okafor", cue="said"),),
    ),
    Case(
        "accused-of-quoted-phrase-runs-to-its-close",  # the parse stops at the comma inside the quote
        "Councillor Bea Thorne accused the mayor of “burying the report, twice over” to protect his allies.",
        (Want("the mayor of “burying the report, twice over”", "Bea Thorne", cue="accused"),),
        exact=False,
    ),
    Case(
        "interrupting-participle-keeps-the-subject",  # "X, asked whether ..., said": X speaks
        "Marta Kovacs, asked whether the ferry would run in winter, said no decision had been taken.",
        (Want("no decision had been taken", "Marta Kovacs", cue="said"),),
    ),
    Case(
        "reiterated-and-joked",
        "The harbour master, Idris Penhale, reiterated that the pier was safe. He joked that the gulls were "
        "the only danger.",
        (
            Want("the pier was safe", "Idris Penhale", cue="reiterated"),
            Want("the gulls were the only danger", "Idris Penhale", cue="joked"),
        ),
    ),
    Case(
        "told-reporters",
        "Police chief Anton Weiss told reporters the suspect had fled across the border.",
        (Want("the suspect had fled across the border", "Anton Weiss", cue="told"),),
    ),
    Case(
        "claimed",
        "The striker, Leo Varga, claimed he had been pushed before the ball crossed the line.",
        (Want("he had been pushed before the ball crossed the line", "Leo Varga", cue="claimed"),),
    ),
    Case(
        "accused-of",
        "The shipping firm Northline accused its rival of dumping fuel in the estuary.",
        (Want("its rival of dumping fuel in the estuary", "Northline", cue="accused"),),
    ),
    Case(
        "warned",
        "Economist Hana Sato warned that house prices could fall by a fifth next year.",
        (Want("house prices could fall by a fifth next year", "Hana Sato", cue="warned"),),
    ),
    Case(
        "denied-np",
        "The minister, Rafael Costa, denied the allegations of bribery.",
        (Want("the allegations of bribery", "Rafael Costa", cue="denied"),),
    ),
    Case(
        "denied-that",
        "Rafael Costa denied that he had met the contractor in private.",
        (Want("he had met the contractor in private", "Rafael Costa", cue="denied"),),
    ),
    Case(
        "described-as",
        "Senator Ada Whitfield has described the new tariffs as an act of economic vandalism.",
        (Want("the new tariffs as an act of economic vandalism", "Ada Whitfield", cue="has described"),),
    ),
    Case(
        "insisted",
        "Coach Jonas Petrak insisted his team had been the better side for most of the game.",
        (Want("his team had been the better side for most of the game", "Jonas Petrak", cue="insisted"),),
    ),
    Case(
        "argued",
        "Campaigner Noor Haddad argued that the motorway would destroy the last wetland in the county.",
        (Want("the motorway would destroy the last wetland in the county", "Noor Haddad", cue="argued"),),
    ),
    Case(
        "added-pronoun",
        "Professor Lise Andersen said the vaccine was safe. She added that side effects were mild and rare.",
        (
            Want("the vaccine was safe", "Lise Andersen", cue="said"),
            Want("side effects were mild and rare", "Lise Andersen", cue="added"),
        ),
    ),
    Case(
        "alleged",
        "The union alleged that managers had falsified the safety logs.",
        (Want("managers had falsified the safety logs", "The union", cue="alleged"),),
    ),
    Case(
        "announced",
        "Mayor Petra Lindqvist announced that the tram line would open in June.",
        (Want("the tram line would open in June", "Petra Lindqvist", cue="announced"),),
    ),
    Case(
        "wrote",
        "In a letter to parents, headteacher Colm Brady wrote that the school would close early.",
        (Want("the school would close early", "Colm Brady", cue="wrote"),),
    ),
    Case(
        "posted",
        "The singer Maya Roux posted on Instagram that her tour had been cancelled.",
        (Want("her tour had been cancelled", "Maya Roux", cue="posted"),),
    ),
    Case(
        "testified",
        "The nurse, Grace Mbeki, testified that the ward had been left unstaffed for an hour.",
        (Want("the ward had been left unstaffed for an hour", "Grace Mbeki", cue="testified"),),
    ),
    Case(
        "pointed-out",
        "Analyst Victor Hale pointed out that exports had fallen for six months in a row.",
        (Want("exports had fallen for six months in a row", "Victor Hale", cue="pointed out"),),
    ),
    Case(
        "questioned-np",
        "Opposition spokesman Idris Bello questioned the timing of the announcement.",
        (Want("the timing of the announcement", "Idris Bello", cue="questioned"),),
    ),
    Case(
        "gave-assurances",
        "Officials in Lisbon gave assurances the bailout money would be repaid in full.",
        (Want("the bailout money would be repaid in full", "Officials in Lisbon", cue="gave assurances"),),
    ),
    Case(
        "according-to-front",
        "According to the fire brigade, the blaze started in a disused warehouse.",
        (Want("the blaze started in a disused warehouse", "the fire brigade", cue="According to"),),
    ),
    Case(
        "according-to-end",
        "The factory will cut 300 jobs, according to the regional development agency.",
        (Want("The factory will cut 300 jobs", "the regional development agency", cue="according to"),),
    ),
    Case(
        "possessive-claim-that",
        "Ms Adeyemi's claim that the tender had been rigged was rejected by the panel.",
        (Want("the tender had been rigged", "Adeyemi", cue="claim"),),
        exact=False,
    ),
    Case(
        "inverted-said-the-minister",
        "The border will reopen on Friday, said the interior minister, Yusuf Demir.",
        (Want("The border will reopen on Friday", "Yusuf Demir", cue="said"),),
    ),
    Case(
        "group-officials-say",
        "Officials say the evacuation will take at least two days.",
        (Want("the evacuation will take at least two days", "Officials", cue="say"),),
    ),
    Case(
        "group-critics-argue",
        "Critics argue that the scheme rewards the richest landlords.",
        (Want("the scheme rewards the richest landlords", "Critics", cue="argue"),),
    ),
    Case(
        "group-residents-verbatim",
        "Residents of the Marsh Lane estate say the lifts have been broken since March.",
        (Want("the lifts have been broken since March", "Residents of the Marsh Lane estate", cue="say"),),
    ),
    Case(
        "organisation-speaker",
        "The World Meteorological Organization said last year was the warmest on record.",
        (Want("last year was the warmest on record", "The World Meteorological Organization", cue="said"),),
    ),
    Case(
        "nested-attribution",
        "Auditor Karen Holt said the treasurer had told her that the accounts were balanced.",
        (
            Want("the treasurer had told her that the accounts were balanced", "Karen Holt", cue="said"),
            Want("the accounts were balanced", "the treasurer", cue="had told"),
        ),
    ),
    Case(
        "said-he-believed",
        "Mr Ivanov said he believed the fire had been started deliberately.",
        (Want("he believed the fire had been started deliberately", "Ivanov", cue="said"),),
    ),
    # ---- speaker resolution ----------------------------------------------------------------------
    Case(
        "surname-resolution",
        "Prime Minister Helena Marsh opened the summit on Tuesday. Ms Marsh said the talks would be difficult.",
        (Want("the talks would be difficult", "Helena Marsh", cue="said"),),
    ),
    Case(
        "pronoun-he",
        "Shipping magnate Arturo Benedetti arrived late. He told reporters the strike would end this week.",
        (Want("the strike would end this week", "Arturo Benedetti", cue="told"),),
    ),
    Case(
        "pronoun-it-organisation",
        "The mining company Ridgeway Metals closed the pit in May. It said the seam was no longer profitable.",
        (Want("the seam was no longer profitable", "Ridgeway Metals", cue="said"),),
    ),
    Case(
        "title-description",
        "Finance minister Oskar Lund presented the budget on Wednesday. The minister said taxes would not rise.",
        (Want("taxes would not rise", "Oskar Lund", cue="said"),),
    ),
    Case(
        "pronoun-gender-by-title",
        "Mr Halloran and Mrs Dube met in Geneva. She said the ceasefire would hold.",
        (Want("the ceasefire would hold", "Dube", cue="said"),),
    ),
    # ---- not claims ------------------------------------------------------------------------------
    Case("passive-no-speaker", "Dozens of people are reported to have died in the floods."),
    Case("is-said-to-be", "The new stadium is said to be the largest in the region."),
    Case("thought-not-stated", "She believes the company will recover by the spring."),
    Case("fears", "Farmers fear the new rules will drive them out of business."),
    Case("directive-urged", "The mayor urged residents to stay indoors during the storm."),
    Case("called-for", "Campaigners have called for an independent inquiry into the collapse."),
    Case("declined-to-comment", "The company declined to comment on the report."),
    Case("question-writer", "Will the plan work? Nobody in the town seems sure."),
    Case("writer-statement", "The bridge was built in 1932 and carries 40,000 vehicles a day."),
    Case("did-not-say-is-not-a-claim", "The spokesman did not say when the road would reopen."),
    # ---- evidence --------------------------------------------------------------------------------
    Case(
        "ev-provided-no-evidence-same-sentence",
        "Governor Luis Ortega said the fires had been set by foreign agents but provided no evidence for the "
        "claim.",
        (
            Want(
                "the fires had been set by foreign agents",
                "Luis Ortega",
                evidence="not_provided",
                cue="said",
                evidence_cue="provided no evidence for the claim",
            ),
        ),
    ),
    Case(
        "ev-neither-nor-subject",  # a denied subject: "Neither she nor her office has produced any evidence"
        "Councillor Ysolde Marr said the tender had been rigged. Neither she nor her office has produced any "
        "evidence.",
        (
            Want(
                "the tender had been rigged",
                "Ysolde Marr",
                evidence="not_provided",
                cue="said",
                evidence_cue="Neither she nor her office has produced any evidence",
            ),
        ),
    ),
    Case(
        "ev-without-giving",
        "The chairman, Piet de Wit, said the club had been sabotaged by its own sponsors, without giving "
        "details.",
        (
            Want(
                "the club had been sabotaged by its own sponsors",
                "Piet de Wit",
                evidence="not_provided",
                evidence_cue="without giving details",
            ),
        ),
    ),
    Case(
        "ev-did-not-name",
        "Defence minister Ruth Kagame said two generals had leaked the plans, but did not name them.",
        (
            Want(
                "two generals had leaked the plans",
                "Ruth Kagame",
                evidence="not_provided",
                evidence_cue="did not name them",
            ),
        ),
    ),
    Case(
        "ev-following-sentence-pronoun",
        "Trade envoy Magnus Berg said exports to the region had tripled. He did not say where the figure came "
        "from.",
        (
            Want(
                "exports to the region had tripled",
                "Magnus Berg",
                evidence="not_provided",
                evidence_cue="did not say where the figure came from",
            ),
        ),
    ),
    Case(
        "ev-following-sentence-this-claim",
        "The developer claimed the tower would create 2,000 jobs. No evidence was offered for this claim.",
        (Want("the tower would create 2,000 jobs", "The developer", evidence="not_provided", cue="claimed"),),
    ),
    Case(
        "ev-declined-to-give-details",
        "A police spokeswoman said several arrests had been made but declined to give details.",
        (
            Want(
                "several arrests had been made",
                "A police spokeswoman",
                evidence="not_provided",
                evidence_cue="declined to give details",
            ),
        ),
    ),
    Case(
        "ev-unsubstantiated-writer",
        "Councillor Fay Pruitt said the contract had been awarded to a friend of the leader, an "
        "unsubstantiated allegation.",
        (
            Want(
                "the contract had been awarded to a friend of the leader",
                "Fay Pruitt",
                evidence="not_provided",
                evidence_cue="unsubstantiated",
            ),
        ),
    ),
    Case(
        "ev-rival-baseless-is-not-flag",
        "Councillor Fay Pruitt said the contract had been rigged. The council said the allegation was "
        "baseless.",
        (
            Want("the contract had been rigged", "Fay Pruitt", evidence="not_stated"),
            Want("the allegation was baseless", "The council", evidence="not_stated"),
        ),
    ),
    Case(
        "ev-citing-provided",
        "The charity said child poverty had risen by a third, citing figures from the national statistics "
        "office.",
        (
            Want(
                "child poverty had risen by a third",
                "The charity",
                evidence="provided",
                evidence_cue="citing figures from the national statistics office",
            ),
        ),
    ),
    Case(
        "ev-pointing-to-provided",
        "Professor Anil Rao said the river was recovering, pointing to a survey showing salmon had returned.",
        (Want("the river was recovering", "Anil Rao", evidence="provided"),),
    ),
    Case(
        "ev-showed-document-next-sentence",
        "Landlord Vera Quist said she had paid the repair bill in full. She showed reporters a receipt for "
        "the work.",
        (
            Want(
                "she had paid the repair bill in full",
                "Vera Quist",
                evidence="provided",
                evidence_cue="showed reporters a receipt for the work",
            ),
        ),
    ),
    Case(
        "ev-attaches-to-right-neighbour",
        "Minister Tara Quinn said the hospital would open in May. Her deputy, Sam Ekwueme, said the budget "
        "had doubled. Mr Ekwueme did not explain how he had arrived at the figure.",
        (
            Want("the hospital would open in May", "Tara Quinn", evidence="not_stated"),
            Want("the budget had doubled", "Sam Ekwueme", evidence="not_provided"),
        ),
    ),
    Case(
        "ev-no-evidence-passage-neutral",
        "The regulator said the bank had broken no rules. The bank published its annual report on Friday.",
        (Want("the bank had broken no rules", "The regulator", evidence="not_stated"),),
    ),
    Case(
        "ev-did-not-say-when-is-not-evidence",
        "The airline said the delays were caused by a software fault. It did not say when flights would "
        "return to normal.",
        (Want("the delays were caused by a software fault", "The airline", evidence="not_stated"),),
    ),
    Case(
        "ev-offered-no-proof",
        "Businessman Otto Brandauer accused the tax office of targeting him. He offered no proof.",
        (Want("the tax office of targeting him", "Otto Brandauer", evidence="not_provided", cue="accused"),),
    ),
    Case(
        "ev-refused-to-release",
        "The ministry said the inspection had found no faults but refused to release the inspection report.",
        (Want("the inspection had found no faults", "The ministry", evidence="not_provided"),),
    ),
    # ---- rules-1.3 -------------------------------------------------------------------------------
    Case(
        "appos-hyphenated-role-before-name",
        "A co-founder, Dr Tilde Varenne of the Ostmark Soil Trust, said the trial plots had lost half their "
        "earthworms in two summers.",
        (Want("the trial plots had lost half their earthworms in two summers", "Tilde Varenne", cue="said"),),
    ),
    Case(
        "appos-after-fronted-phrase",
        "Under cross-examination by the council's barrister, Ivo Marsh, the surveyor, Petra Lindqvist, "
        "conceded that she had never inspected the roof herself.",
        (Want("she had never inspected the roof herself", "Petra Lindqvist", cue="conceded"),),
    ),
    Case(
        "hyphenated-role-unnamed",
        "A vice-chairman said the club would appeal.",
        (Want("the club would appeal", "A vice-chairman", cue="said"),),
    ),
    Case(
        "transcript-turns-opening-with-quote-marks",
        "The station broadcast the exchange on Sunday.\n\n"
        '"HOST: Will the ferry run this winter?\n\n'
        '"QUILLAN: It will run every day. We have leased a second boat from Norway.\n\n'
        '"HOST: And the fares?\n\n'
        '"QUILLAN: The fares stay frozen until April.',
        (
            Want(
                "It will run every day. We have leased a second boat from Norway.",
                "Quillan",
                "direct",
                cue=None,
            ),
            Want("The fares stay frozen until April.", "Quillan", "direct", cue=None),
        ),
    ),
    Case(
        "attribution-inside-a-long-fronted-clause",
        "Though the first merger had gone smoothly, Mr Okafor said, a second one would cost far more jobs.",
        (
            Want(
                "Though the first merger had gone smoothly, Mr Okafor said, a second one would cost far more jobs",
                "Okafor",
                cue="said",
            ),
        ),
    ),
    Case(
        "attribution-after-a-fronted-subject",
        "The real problem now, she told me on Tuesday, is that nobody reads the warnings.",
        (
            Want(
                "The real problem now, she told me on Tuesday, is that nobody reads the warnings",
                "she",
                cue="told",
            ),
        ),
    ),
    Case(
        "colon-quote-in-the-next-paragraph",
        "In a statement on Monday, the rowing federation said:\n\n"
        "“The regatta will go ahead on the new course and every crew has been told.”\n\n"
        "The course was moved after the flood.",
        (
            Want(
                "“The regatta will go ahead on the new course and every crew has been told.”",
                "the rowing federation",
                "direct",
                cue="said",
            ),
        ),
    ),
    Case(
        "colon-then-a-paragraph-without-quote-marks",
        "Councillor Yusuf Amari added:\n\n"
        "This is the third budget in a row that forgets the villages. The buses are already half gone.\n\n"
        "The vote is on Thursday.",
        (
            Want(
                "This is the third budget in a row that forgets the villages. The buses are already half gone",
                "Yusuf Amari",
                cue="added",
            ),
        ),
    ),
    Case(
        "reporting-gerund-after-by",
        "Governor Hattie Colquhoun closed the hearing on Friday by saying that the quarry would never "
        "reopen.",
        (Want("the quarry would never reopen", "Hattie Colquhoun", cue="saying"),),
    ),
    Case(
        "without-saying-is-no-claim",
        "The director left the hearing without saying where the missing files were kept.",
        (),
    ),
    Case(
        "quoted-noun-is-not-the-speaker",
        "“The harvest is in real trouble. Total trouble,” said Mara Quist, an agronomist in Brenn.",
        (Want("“The harvest is in real trouble. Total trouble,”", "Mara Quist", "direct", cue="said"),),
    ),
    Case(
        "straight-single-quoted-phrase-runs-to-its-close",
        "Alderman Piet Voskuil accused Mr Duval of 'pulling figures from a hat' to defend 'a vanity project'.",
        (
            Want(
                "Mr Duval of 'pulling figures from a hat' to defend 'a vanity project'",
                "Piet Voskuil",
                cue="accused",
            ),
        ),
    ),
    Case(
        "untagged-name-with-a-title-is-confident",
        "Councillor Rhodri Vale said the bus lane would close in May.",
        (Want("the bus lane would close in May", "Rhodri Vale", cue="said", confident=True),),
    ),
    Case(
        "inverted-attribution-after-a-coordinated-sentence",
        "The warden had asked the council for two more rangers, but the request was turned down, a park "
        "volunteer added.",
        (
            Want(
                "The warden had asked the council for two more rangers, but the request was turned down",
                "a park volunteer",
                cue="added",
            ),
        ),
    ),
    Case(
        "recording-of-a-call-played-to-the-jury-is-provided",
        "Ms Ferrant told the court the tanker had left port with a broken radio, and had the recording of "
        "the skipper's last call played to the jury.",
        (
            Want(
                "the tanker had left port with a broken radio",
                "Ferrant",
                cue="told",
                evidence="provided",
                evidence_cue="had the recording of the skipper's last call played to the jury",
            ),
        ),
    ),
    Case(
        "trailing-walk-through-a-register-is-provided",
        "Ms Ferrant said the crane had not been serviced for a year, walking the court through the depot's "
        "maintenance register line by line.",
        (
            Want(
                "the crane had not been serviced for a year",
                "Ferrant",
                cue="said",
                evidence="provided",
            ),
        ),
    ),
    Case(
        "put-it-to-a-witness-is-a-claim",
        "Cross-examining, Mr Oduya put it to the foreman that the alarm had been switched off before the "
        "shift began. He did not put any log of the alarm before the court.",
        (
            Want(
                "the alarm had been switched off before the shift began",
                "Oduya",
                cue="put it to",
                evidence="not_provided",
                evidence_cue="did not put any log of the alarm before the court",
            ),
        ),
    ),
    Case(
        "quoting-figures-is-provided-not-a-claim",
        "Mr Lund said turnout had fallen, quoting figures from the electoral commission.",
        (
            Want(
                "turnout had fallen",
                "Lund",
                cue="said",
                evidence="provided",
                evidence_cue="quoting figures from the electoral commission",
            ),
        ),
    ),
    Case(
        "a-claim-inside-the-cue-is-not-its-target",
        "Ms Fenn said the clinic had lost patients' records. She has not released the complaint she says "
        "she filed.",
        (
            Want(
                "the clinic had lost patients' records",
                "Fenn",
                cue="said",
                evidence="not_provided",
                evidence_cue="has not released the complaint she says she filed",
            ),
            Want("she filed", "Fenn", cue="says"),
        ),
    ),
    Case(
        "no-reply-when-asked-where-the-number-came-from",
        "Councillor Ama Brisk said the ring road would create 900 jobs. Her office did not respond when "
        "asked where the number came from.",
        (
            Want(
                "the ring road would create 900 jobs",
                "Ama Brisk",
                cue="said",
                evidence="not_provided",
                evidence_cue="did not respond when asked where the number came from",
            ),
        ),
    ),
    Case(
        "no-reply-when-asked-whether-is-no-cue",
        "Ama Brisk said the road meant jobs. She did not reply when asked whether she would run again.",
        (Want("the road meant jobs", "Ama Brisk", cue="said"),),
    ),
    Case(
        "put-it-to-a-vote-is-no-claim",
        "The committee put it to a vote after lunch.",
        (),
    ),
]


def _find(claims, content: str):
    return next((c for c in claims if c.content == content), None)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else [])
        for c in CASES
    ],
)
def test_sentence(case: Case) -> None:
    result = extract_claims(case.text)
    assert result.status == "ok", result.reason
    got = result.claims
    for want in case.wants:
        claim = _find(got, want.content)
        assert claim is not None, f"missing {want.content!r}; got {[c.content for c in got]}"
        assert claim.speaker.casefold().endswith(want.speaker.casefold()) or (
            want.speaker.casefold() == claim.speaker.casefold()
        ), f"speaker {claim.speaker!r} != {want.speaker!r}"
        assert claim.kind == want.kind
        assert claim.evidence == want.evidence, f"evidence {claim.evidence} ({claim.evidence_cue!r})"
        if want.cue != "?":
            assert claim.cue == want.cue
        if want.confident is not None:
            assert claim.speaker_confident is want.confident
        if want.evidence_cue is not None:
            assert claim.evidence_cue == want.evidence_cue
        s, e = claim.content_span
        assert case.text[s:e] == claim.content
    if case.exact:
        extra = [c.content for c in got if c.content not in {w.content for w in case.wants}]
        assert not extra, f"unexpected claims: {extra}"


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 60
