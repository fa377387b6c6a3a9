"""The evidence flag on wording it was not developed on: invented sentences, one row per rule.

Every person, place and event here is made up; none of the sentences comes from the seed, the dev corpora
or any news text. Each row gives a passage and, for some of its claims (found by their content), the label
the guidelines give them and, where it matters, the evidence words. The rows cover: which claim the words
are about (issue 11, class 1), "no evidence" built from refusal/negation/absence + a verb or noun of
showing, explaining, naming or sourcing (class 2), evidence shown without the usual nouns (class 6), and
the look-alikes that are not about evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from apps.extraction import extract_claims


@dataclass(frozen=True)
class Flag:
    content: str
    evidence: str
    evidence_cue: str | None = None  # None = not checked


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    flags: tuple[Flag, ...]


NS, NP, PR = "not_stated", "not_provided", "provided"

ROWS: list[Row] = [
    # ---- 1. the claim the words are about, not the nearest one --------------------------------------
    Row(
        "about-the-leak-not-the-nearest",
        "Harbour commissioner Elin Vasquez said the tender papers had been leaked to a rival bidder. She "
        "added that the dredging firm had overcharged the port. She did not say who had leaked the papers.",
        (
            Flag(
                "the tender papers had been leaked to a rival bidder",
                NP,
                "did not say who had leaked the papers",
            ),
            Flag("the dredging firm had overcharged the port", NS),
        ),
    ),
    Row(
        "name-reaches-the-description-in-focus",  # "The firm" stands for Kestrel Mills, last in focus
        "Kestrel Mills announced on Monday that it would close its Dunmore plant. The firm said the closure "
        "would save it 3 million pounds a year. Kestrel gave no breakdown of the savings.",
        (
            Flag("the closure would save it 3 million pounds a year", NP, "gave no breakdown of the savings"),
            Flag("it would close its Dunmore plant", NS),
        ),
    ),
    Row(
        "negated-speaker-picks-her-claim",
        "Bakery owner Tamsin Rook said the mill had doubled its flour prices. The mill's director, Osei "
        "Brandt, said the increase was smaller than reported. Ms Rook did not say where her figures came "
        "from.",
        (
            Flag("the mill had doubled its flour prices", NP),
            Flag("the increase was smaller than reported", NS),
        ),
    ),
    Row(
        "outer-claim-of-a-nested-report",
        "Joan Pike said a council officer had told her that the bridge would be closed for a year. "
        "She declined to name the officer.",
        (
            Flag("a council officer had told her that the bridge would be closed for a year", NP),
            Flag("the bridge would be closed for a year", NS),
        ),
    ),
    Row(
        "someone-else-named-attaches-to-none",
        "Coach Ravi Anand said the pitch had been watered to slow his wingers. The groundsman, Colm Reedy, "
        "has not published the watering log.",
        (Flag("the pitch had been watered to slow his wingers", NS),),
    ),
    Row(
        "same-matter-three-sentences-back",
        "Union organiser Petra Lund said the depot had cut 60 night shifts since March. She said morale was "
        "low. Drivers have complained for months. She gave no breakdown of the cut shifts.",
        (
            Flag("the depot had cut 60 night shifts since March", NP, "gave no breakdown of the cut shifts"),
            Flag("morale was low", NS),
        ),
    ),
    Row(
        "the-figure-points-to-the-claim-with-a-number",
        "The ferry company said the strike had cost it 3.1 million kroner. The company said talks would "
        "resume on Monday. It gave no source for the figure.",
        (
            Flag("the strike had cost it 3.1 million kroner", NP),
            Flag("talks would resume on Monday", NS),
        ),
    ),
    Row(
        "the-allegation-names-the-act",
        "The tenants' group alleged that the landlord had cut the heating. The landlord said repairs were "
        "planned. No evidence was offered for the allegation.",
        (
            Flag("the landlord had cut the heating", NP, "No evidence was offered for the allegation"),
            Flag("repairs were planned", NS),
        ),
    ),
    Row(
        "standalone-quote-reached-by-its-own-speaker",
        "Ferry captain Ilse Maartens said the company had cut crew numbers. "
        '"We sail with two deckhands where we used to have four. It is not safe." '
        "Maartens did not name the sailings she meant.",
        (Flag('"We sail with two deckhands where we used to have four. It is not safe."', NP),),
    ),
    # ---- 2. "no evidence" by construction -----------------------------------------------------------
    Row(
        "did-not-respond-to-requests-to-back-up",
        "The vice-chancellor, Moira Delane, said enrolments had risen by a fifth. Her office did not respond "
        "to requests to back that up.",
        (Flag("enrolments had risen by a fifth", NP, "did not respond to requests to back that up"),),
    ),
    Row(
        "has-yet-to-publish",
        "The transport authority said its new timetable had cut delays by half. It has yet to publish the "
        "punctuality data behind the claim.",
        (
            Flag(
                "its new timetable had cut delays by half",
                NP,
                "has yet to publish the punctuality data behind the claim",
            ),
        ),
    ),
    Row(
        "declined-to-substantiate",
        "Senator Hugo Marr said the grant scheme had lost 40 million euros. He declined to substantiate the "
        "figure.",
        (Flag("the grant scheme had lost 40 million euros", NP, "declined to substantiate the figure"),),
    ),
    Row(
        "no-one-has-produced",
        "Some residents claimed the quarry had poisoned the stream. No one has produced evidence for that, "
        "and the mayor said on Friday that samples would be taken.",
        (
            Flag("the quarry had poisoned the stream", NP, "No one has produced evidence for that"),
            Flag("samples would be taken", NS),
        ),
    ),
    Row(
        "has-not-identified",
        "The party's treasurer, Aled Price, said wealthy donors had been hiding their gifts. He has not "
        "identified any of the donors.",
        (Flag("wealthy donors had been hiding their gifts", NP, "has not identified any of the donors"),),
    ),
    Row(
        "gave-no-source-as-relative-aside",
        "Councillor Noor Jamil said fly-tipping had cost the borough £900,000, a figure for which she gave "
        "no source.",
        (Flag("fly-tipping had cost the borough £900,000", NP, "gave no source"),),
    ),
    Row(
        "not-clear-how-she-knew",
        "The striker's agent, Lola Ferran, said two clubs had made offers. It was not clear how Ferran knew "
        "about the offers.",
        (Flag("two clubs had made offers", NP, "not clear how Ferran knew about the offers"),),
    ),
    Row(
        "would-not-say-where-the-money-went",
        "Auditor Piet Vos said the charity had misspent its flood appeal. He would not say where the money "
        "had gone.",
        (Flag("the charity had misspent its flood appeal", NP, "would not say where the money had gone"),),
    ),
    Row(
        "failed-to-provide",
        "The landlord said the tenants had damaged the boiler. He failed to provide any invoices for the "
        "repair.",
        (Flag("the tenants had damaged the boiler", NP),),
    ),
    Row(
        "did-not-put-a-figure-on",
        "The club's owner, Sven Dahl, insisted the club was in good financial health. He did not put a "
        "figure on its debts.",
        (Flag("the club was in good financial health", NP, "did not put a figure on its debts"),),
    ),
    Row(
        "no-document-put-before-the-tribunal",
        "The employer said the dismissal followed three written warnings. No warning letter has been put "
        "before the tribunal.",
        (Flag("the dismissal followed three written warnings", NP),),
    ),
    Row(
        "did-not-name-the-officials",
        "Activist Maru Tane said officials had taken bribes from the developer. She did not name the "
        "officials.",
        (Flag("officials had taken bribes from the developer", NP, "did not name the officials"),),
    ),
    Row(
        "without-evidence-noun",
        "The candidate claimed without evidence that the count had been rigged in three wards.",
        (Flag("the count had been rigged in three wards", NP, "without evidence"),),
    ),
    Row(
        "without-proof-fronted",
        "Without proof, the pundit alleged that the cup final had been fixed.",
        (Flag("the cup final had been fixed", NP, "Without proof"),),
    ),
    Row(
        "without-permission-is-not-evidence",
        "The climbers had camped without permission, a ranger said.",
        (Flag("The climbers had camped without permission", NS),),
    ),
    Row(
        "negated-pointing-to",
        "The councillor said the library was losing readers. She did not point to any survey.",
        (Flag("the library was losing readers", NP, "did not point to any survey"),),
    ),
    Row(
        "with-no-evidence",
        "The blogger wrote, with no evidence, that the vaccine trial had been faked.",
        (Flag("the vaccine trial had been faked", NP, "with no evidence"),),
    ),
    Row(
        "no-evidence-has-emerged",
        "The opposition leader said the tender had been rigged. No evidence has emerged to support the "
        "allegation.",
        (Flag("the tender had been rigged", NP),),
    ),
    Row(
        "not-clear-what-evidence",
        "The trainer said the race had been fixed. It was not clear what evidence he had.",
        (Flag("the race had been fixed", NP, "not clear what evidence he had"),),
    ),
    Row(
        "little-evidence",
        "The minister said the scheme had cut truancy, but offered little evidence.",
        (Flag("the scheme had cut truancy", NP, "offered little evidence"),),
    ),
    Row(
        "has-not-said-where",
        "The treasurer said savings of £40m had been found. The department has not said where.",
        (Flag("savings of £40m had been found", NP, "has not said where"),),
    ),
    Row(
        "without-putting-a-figure-on-it",
        "The port's spokesman said the strike had cost millions, without putting a figure on it.",
        (Flag("the strike had cost millions", NP, "without putting a figure on it"),),
    ),
    Row(
        "statement-did-not-include-measurements",
        "The refinery said the leak was contained. Its statement did not include any measurements.",
        (Flag("the leak was contained", NP, "did not include any measurements"),),
    ),
    Row(
        "there-was-no-data",
        "The mayor said the underpass was safe. There was no data to support that.",
        (Flag("the underpass was safe", NP),),
    ),
    Row(
        "figure-could-not-be-confirmed",
        "The police chief said 200 people had been arrested. The figure could not be confirmed.",
        (Flag("200 people had been arrested", NP),),
    ),
    Row(
        "outlet-could-not-verify",
        "The rebel commander said his fighters had taken the airport. The Courier could not independently "
        "verify the claim.",
        (Flag("his fighters had taken the airport", NP),),
    ),
    Row(
        "did-not-confirm-is-a-report-not-evidence",
        "The ministry said the talks had failed. It did not confirm the date of the next round.",
        (Flag("the talks had failed", NS),),
    ),
    # ---- look-alikes that are not about evidence -----------------------------------------------------
    Row(
        "did-not-say-whether-he-would-run",
        "The deputy mayor, Kit Orme, said the budget was balanced. He did not say whether he would run "
        "again.",
        (Flag("the budget was balanced", NS),),
    ),
    Row(
        "did-not-respond-to-requests-for-comment",
        "Campaigners said the incinerator breached its permit. The operator did not respond to requests for "
        "comment.",
        (Flag("the incinerator breached its permit", NS),),
    ),
    Row(
        "yet-to-decide-is-not-evidence",
        "The nurses' union said pay had fallen behind inflation. It has yet to decide whether to strike.",
        (Flag("pay had fallen behind inflation", NS),),
    ),
    Row(
        "unclear-when-is-not-evidence",
        "The rail operator said the line would reopen. It is not clear when the work will finish.",
        (Flag("the line would reopen", NS),),
    ),
    Row(
        "held-up-the-bill-is-not-evidence",
        "The opposition said the reform was rushed. The speaker held up the bill for a week.",
        (Flag("the reform was rushed", NS),),
    ),
    Row(
        "planned-showing-is-not-provided",
        "The hospital trust said waiting times had improved. It plans to publish the monthly figures in "
        "the spring.",
        (Flag("waiting times had improved", NS),),
    ),
    Row(
        "asked-to-show-is-not-provided",
        "The family said the officer had fired first. They asked the police to show them the bodycam "
        "footage.",
        (Flag("the officer had fired first", NS),),
    ),
    Row(
        "citing-a-reason-is-not-provided",
        "The ambassador said the talks mattered, citing the importance of the shipping lanes.",
        (Flag("the talks mattered", NS),),
    ),
    Row(
        "number-words-tie-the-cue-to-its-claim",
        "The regulator said one in five meters was faulty. It said prices would rise in two years. It has "
        "yet to publish the test results behind the one-in-five estimate.",
        (
            Flag("one in five meters was faulty", NP),
            Flag("prices would rise in two years", NS),
        ),
    ),
    # ---- 6. evidence shown without the usual nouns ---------------------------------------------------
    Row(
        "held-up-a-folder-of-emails",
        "The caretaker, Bram Ocampo, said he had reported the leak eleven times. He held up a folder of "
        "printed emails to the housing office.",
        (
            Flag(
                "he had reported the leak eleven times",
                PR,
                "held up a folder of printed emails to the housing office",
            ),
        ),
    ),
    Row(
        "played-the-recording",
        "Residents' leader Gita Sorel said the engineer had promised a new pump. She played the recording of "
        "the meeting to reporters.",
        (Flag("the engineer had promised a new pump", PR),),
    ),
    Row(
        "played-it-for-reporters",
        "The cyclist's lawyer said a bus had clipped her client, and played it for reporters after the "
        "hearing.",
        (Flag("a bus had clipped her client", PR),),
    ),
    Row(
        "pointed-to-page-of-the-audit",
        "Trustee Joss Whitlow said the fund had lost money on every bond. He pointed to page 9 of the "
        "auditors' report.",
        (Flag("the fund had lost money on every bond", PR, "pointed to page 9 of the auditors' report"),),
    ),
    Row(
        "attached-a-certificate",
        "The distillery said its whisky met the age rules, and attached a certificate from the inspectors.",
        (Flag("its whisky met the age rules", PR, "attached a certificate from the inspectors"),),
    ),
    Row(
        "sent-a-copy",
        "The tenant, Ruth Amadi, said the landlord had refused to fix the roof. She sent the Gazette a copy "
        "of her complaint.",
        (Flag("the landlord had refused to fix the roof", PR),),
    ),
    Row(
        "referred-reporters-to-a-table",
        "The statistics office said burglaries had fallen for a fourth year, and referred reporters to table "
        "4 of its quarterly bulletin.",
        (Flag("burglaries had fallen for a fourth year", PR),),
    ),
    Row(
        "took-the-panel-through-a-schedule",
        "Counsel for the council, Imre Hale, said the contractor had been paid twice for the same work. He "
        "took the panel through a schedule of the invoices.",
        (Flag("the contractor had been paid twice for the same work", PR),),
    ),
    Row(
        "had-the-footage-played",
        "The prosecutor said the driver had run a red light, and had the dashcam footage played to the jury.",
        (Flag("the driver had run a red light", PR),),
    ),
    Row(
        "based-its-forecast-on-data",
        "The consultancy predicted that fares would rise by a tenth, basing its forecast on booking data "
        "from six airlines.",
        (Flag("fares would rise by a tenth", PR),),
    ),
    Row(
        "relative-clause-on-the-speaker",
        "Ms Adaeze Ode, who showed reporters the bank receipts, said the builder had been paid in full.",
        (Flag("the builder had been paid in full", PR, "showed reporters the bank receipts"),),
    ),
    Row(
        "backed-the-claim-with-figures",
        "The landlord said rents were fair and backed the claim with figures from the letting agency.",
        (Flag("rents were fair", PR),),
    ),
    Row(
        "sets-out-in-a-table",
        "The water board said bills would rise by 6%. Its notice sets out each increase in a table.",
        (Flag("bills would rise by 6%", PR, "sets out each increase in a table"),),
    ),
    Row(
        "walked-through-a-ledger",
        "Counsel for the bank, Ines Carro, said the loans began in 2018, and walked jurors through the "
        "branch ledger.",
        (Flag("the loans began in 2018", PR),),
    ),
    Row(
        "put-records-before-the-jury",
        "The prosecutor said the defendant had lied about the date, and put the phone records before the "
        "jury.",
        (Flag("the defendant had lied about the date", PR),),
    ),
    Row(
        "sent-a-letter-is-the-statement",
        "The mayors said the rail cuts were reckless. They sent a letter to the minister urging a rethink.",
        (Flag("the rail cuts were reckless", NS),),
    ),
    Row(
        "referred-to-remarks-is-a-mention",
        "The senator said the nominee was unfit, and referred to her remarks about judges.",
        (Flag("the nominee was unfit", NS),),
    ),
    Row(
        "not-shared-view-is-not-evidence",
        "The judge said the law was clear. That view is not shared by the appeal court.",
        (Flag("the law was clear", NS),),
    ),
    Row(
        "could-not-be-verified",
        "The militia said 30 soldiers had been captured. The claim could not be independently verified.",
        (Flag("30 soldiers had been captured", NP),),
    ),
    Row(
        "offering-analysis-is-commentary",
        "The pollster said the race was tightening, offering analysis of the swing states.",
        (Flag("the race was tightening", NS),),
    ),
    Row(
        "held-up-traffic-is-not-evidence",
        "Protesters held up traffic in the city centre for an hour, police said.",
        (Flag("Protesters held up traffic in the city centre for an hour", NS),),
    ),
    Row(
        "offered-figures",
        "The MP said burglaries had doubled. He offered figures from the county police force.",
        (Flag("burglaries had doubled", PR, "offered figures from the county police force"),),
    ),
    Row(
        "its-own-analysis-showed",
        "The bus company said its own analysis of ticket sales showed demand had fallen by a third.",
        (
            Flag(
                "its own analysis of ticket sales showed demand had fallen by a third",
                PR,
                "its own analysis of ticket sales showed",
            ),
        ),
    ),
]


def _find(claims, content: str):
    """The claim with this content (or, where the row is not about the span, starting with it)."""
    exact = next((c for c in claims if c.content == content), None)
    return exact or next((c for c in claims if c.content.startswith(content)), None)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_evidence_row(row: Row) -> None:
    result = extract_claims(row.text)
    assert result.status == "ok", result.reason
    for flag in row.flags:
        claim = _find(result.claims, flag.content)
        assert claim is not None, f"missing {flag.content!r}; got {[c.content for c in result.claims]}"
        assert claim.evidence == flag.evidence, f"{flag.content!r}: {claim.evidence} ({claim.evidence_cue!r})"
        if flag.evidence_cue is not None:
            assert claim.evidence_cue == flag.evidence_cue
        if claim.evidence != "not_stated":
            s, e = claim.evidence_span
            assert row.text[s:e] == claim.evidence_cue


def test_table_covers_each_class() -> None:
    labels = [f.evidence for r in ROWS for f in r.flags]
    assert labels.count(NP) >= 15 and labels.count(PR) >= 8 and labels.count(NS) >= 8
