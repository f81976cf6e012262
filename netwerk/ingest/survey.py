"""Survey files as they arrive: the long format and the wide export of form tools.

Both become a :class:`~netwerk.ingest.validate.ParsedFile` of the ``beoordelingen``
(ratings) kind, so they pass the same checks and are written in the same all-or-nothing
import as every other file.

Long format
    One row per answer: ``beoordelaar`` (rater), ``beoordeelde`` (rated), ``item``,
    ``score`` and ``ronde``. The rows of one (ronde, beoordelaar, beoordeelde) together
    make one rating. English headers (rater, rated, item, score, round) work too.

Wide format (Microsoft Forms, Google Forms, LimeSurvey exports)
    One row per respondent: a ``beoordelaar`` column (also ``respondent``,
    ``organisatie``, ``uw organisatie``), a ``ronde`` column, and one column per rated
    partner and item, named ``<partner> - <item>`` (e.g. ``Woonstichting Vecht -
    betrouwbaarheid``; ``–`` or ``:`` also separate). Form metadata columns (tijdstempel,
    e-mailadres, begintijd, eindtijd, id) are ignored. An empty cell is an unanswered
    item; a partner with all cells empty was not rated by that respondent.

Items (Dutch or English, case and accents ignored): betrouwbaarheid/reliability,
gedeelde missie/mission, openheid/openness (trust); invloed/power, betrokkenheid/
involvement, middelen/resources (value) — each a whole number 1-4 —, plus himmelman
(0-4 or the level in words) and contactfrequentie (nooit ... dagelijks).

Raters and rated are organisation ids or organisation names, or person ids. Unknown
partners, rounds and items, scores out of range, ratings of residents and conflicting
repeated answers are errors naming file, row and column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from netwerk.domain import RowError
from netwerk.ingest.kinds import FILE_KINDS, normalise_header
from netwerk.ingest.validate import ParsedFile, Record, parse_cell

__all__ = ["ITEM_ALIASES", "SurveyLookup", "parse_survey", "survey_format", "survey_lookup"]

ITEM_ALIASES: dict[str, tuple[str, ...]] = {
    "reliability": ("betrouwbaarheid", "betrouwbaar", "reliability", "reliable"),
    "mission": ("gedeelde missie", "missie", "steun voor de missie", "mission", "in support of mission",
                "support of mission", "shared mission"),
    "openness": ("openheid", "open voor discussie", "openness", "open to discussion"),
    "power": ("invloed", "macht", "power", "influence", "power influence"),
    "involvement": ("betrokkenheid", "mate van betrokkenheid", "involvement", "level of involvement"),
    "resources": ("middelen", "bijdrage middelen", "inbreng van middelen", "resources", "resource contribution",
                  "contributing resources"),
    "himmelman_level": ("himmelman", "himmelman niveau", "samenwerkingsniveau", "niveau van samenwerking",
                        "level of collaboration", "collaboration level", "himmelman level"),
    "contact_frequency": ("contactfrequentie", "contact", "frequentie", "hoe vaak contact", "contact frequency",
                          "frequency of contact", "frequency"),
}
"""Canonical rating column -> accepted item names (compared after normalise_header)."""

_ITEMS = {normalise_header(a): item for item, aliases in ITEM_ALIASES.items() for a in (item, *aliases)}
_ENGLISH_FREQUENCY = {"never": "nooit", "yearly": "jaarlijks", "annually": "jaarlijks", "quarterly": "per kwartaal",
                      "monthly": "maandelijks", "weekly": "wekelijks", "daily": "dagelijks"}

_LONG = {
    "rater": ("rater", "rater_id", "beoordelaar", "beoordelaar_id", "respondent"),
    "rated": ("rated", "rated_id", "beoordeelde", "beoordeelde_id", "partner"),
    "item": ("item", "vraag", "question"),
    "score": ("score", "waarde", "antwoord", "answer", "value"),
    "round": ("ronde", "ronde_id", "round", "round_id", "survey_round"),
}
_WIDE_RATER = ("beoordelaar", "beoordelaar_id", "rater", "rater_id", "respondent", "organisatie", "uw_organisatie",
               "organisation", "organization", "your_organisation", "your_organization")
_WIDE_META = {"tijdstempel", "timestamp", "e_mailadres", "emailadres", "email", "e_mail", "email_address", "begintijd",
              "starttijd", "start_time", "eindtijd", "completion_time", "id", "tijd_van_voltooien"}
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]\s+|\s*:\s+")


@dataclass(frozen=True)
class SurveyLookup:
    """Who and what a survey may name: built from the store plus the other files of the run.

    ``organisations`` maps normalised org id and normalised organisation name -> org_id;
    ``persons`` holds person ids, ``residents`` those of residents (never rated);
    ``rounds`` maps normalised round id and name -> round_id.
    """

    organisations: Mapping[str, str] = field(default_factory=dict)
    persons: frozenset[str] = frozenset()
    residents: frozenset[str] = frozenset()
    rounds: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, organisations: Iterable[tuple[str, str]], persons: Iterable[tuple[str, str]],
              rounds: Iterable[tuple[str, str]]) -> SurveyLookup:
        """From (org_id, name), (person_id, kind) and (round_id, name) pairs."""
        orgs: dict[str, str] = {}
        for org_id, name in organisations:
            orgs.setdefault(normalise_header(org_id), org_id)
            if name:
                orgs.setdefault(normalise_header(name), org_id)
        people = dict(persons)
        rnds: dict[str, str] = {}
        for round_id, name in rounds:
            rnds.setdefault(normalise_header(round_id), round_id)
            if name:
                rnds.setdefault(normalise_header(name), round_id)
        return cls(orgs, frozenset(people), frozenset(p for p, k in people.items() if k == "resident"), rnds)


def survey_lookup(parsed: Iterable[ParsedFile], organisations: pd.DataFrame, persons: pd.DataFrame,
                  rounds: pd.DataFrame) -> SurveyLookup:
    """The :class:`SurveyLookup` for a run: the store's tables (``Store.table``:
    organisations with org_id and name, persons with person_id and kind, survey_rounds
    with round_id and name) plus the organisations, persons and rounds files of the run.
    """
    orgs = list(zip(organisations["org_id"], organisations["name"], strict=True)) if len(organisations) else []
    people = list(zip(persons["person_id"], persons["kind"], strict=True)) if len(persons) else []
    rnds = list(zip(rounds["round_id"], rounds["name"], strict=True)) if len(rounds) else []
    for pf in parsed:
        for r in pf.records:
            v = r.values
            if pf.kind.name == "organisations":
                orgs.append((v["org_id"], v.get("name")))
            elif pf.kind.name == "persons":
                people.append((v["person_id"], v.get("kind")))
            elif pf.kind.name == "survey_rounds":
                rnds.append((v["round_id"], v.get("name")))
    # The run's own rows first: they override what the store holds.
    return SurveyLookup.build(orgs[::-1], people, rnds[::-1])


def _column(header: list[str], names: Iterable[str]) -> str | None:
    wanted = {normalise_header(n) for n in names}
    return next((h for h in header if normalise_header(h) in wanted), None)


def _required_column(header: list[str], names: tuple[str, ...]) -> str:
    """The header of a column that :func:`survey_format` found; ValueError if it is not there."""
    found = _column(header, names)
    if found is None:
        raise ValueError(f"survey column missing: {names[0]}")
    return found


def _split_item(h: str) -> tuple[str, str] | None:
    """(partner, canonical item) of a wide column ``<partner> - <item>``, else None."""
    matches = list(_SEPARATOR.finditer(h.strip()))
    if not matches:
        return None
    last = matches[-1]
    item = _ITEMS.get(normalise_header(h.strip()[last.end():]))
    partner = h.strip()[: last.start()].strip()
    return (partner, item) if item and partner else None


def survey_format(header: list[str]) -> Literal["long", "wide"] | None:
    """``"long"``, ``"wide"`` or None (another kind of file), from a header row.

    Long: rater, rated, item and score columns present. Wide: a rater column and at
    least one ``<partner> - <item>`` column with a known item name.
    """
    header = [str(h) for h in header]
    if all(_column(header, _LONG[k]) for k in ("rater", "rated", "item", "score")):
        return "long"
    if _column(header, _WIDE_RATER) and any(_split_item(h) for h in header):
        return "wide"
    return None


def parse_survey(name: str, table: pd.DataFrame, lookup: SurveyLookup) -> tuple[ParsedFile, list[RowError]]:
    """Parse a survey table (long or wide) into ratings records.

    Parameters
    ----------
    name : str
        File name, for messages.
    table : pandas.DataFrame
        From :func:`netwerk.ingest.readers.read_table` (index = spreadsheet row).
    lookup : SurveyLookup
        Organisations, persons and rounds that may be named.

    Returns
    -------
    (ParsedFile, list of RowError)
        A ``ratings`` ParsedFile whose records have the canonical rating columns
        (round_id, rater_id, rated_id, the six items, himmelman_level,
        contact_frequency; None where unanswered) and every problem found, each naming
        file, spreadsheet row and column.

    Raises
    ------
    ValueError
        If the header is neither survey format (check with :func:`survey_format`).
    """
    header = [str(c) for c in table.columns]
    fmt = survey_format(header)
    if fmt == "long":
        return _parse_long(name, table, header, lookup)
    if fmt == "wide":
        return _parse_wide(name, table, header, lookup)
    raise ValueError(f"{name}: not a survey file")


# --- shared -----------------------------------------------------------------------------

_KIND = FILE_KINDS["ratings"]
_EMPTY = {c.name: None for c in _KIND.columns}


def _actor(text: str | None, lookup: SurveyLookup, rated: bool) -> tuple[str | None, str | None]:
    """(id, error message) for a rater or rated cell."""
    if text is None:
        return None, "verplicht veld is leeg"
    if text in lookup.persons:
        if rated and text in lookup.residents:
            return None, f"'{text}' is een bewoner: beoordelingen van bewoners zijn niet toegestaan"
        return text, None
    org = lookup.organisations.get(normalise_header(text))
    if org is None:
        close = difflib.get_close_matches(normalise_header(text), sorted(lookup.organisations), n=1, cutoff=0.8)
        hint = f"; bedoelt u '{lookup.organisations[close[0]]}'?" if close else ""
        return None, f"onbekende organisatie of persoon '{text}': staat niet in deze import en niet in de store{hint}"
    return org, None


def _round(text: str | None, lookup: SurveyLookup) -> tuple[str | None, str | None]:
    if text is None:
        return None, "verplicht veld is leeg: welke ronde (bijv. nulmeting)?"
    found = lookup.rounds.get(normalise_header(text))
    if found is None:
        known = ", ".join(sorted(set(lookup.rounds.values()))) or "geen"
        return None, f"onbekende ronde '{text}'; bekende rondes: {known}"
    return found, None


def _noted(errors: list[RowError], error: RowError) -> bool:
    """Append ``error`` when it has a message (a cell that could not be read); True when it has none."""
    if error.message:
        errors.append(error)
        return False
    return True


def _value(item: str, text: str | None) -> Any:
    """Parse one answer; raises ValueError with a Dutch message."""
    if item == "contact_frequency" and text is not None:
        text = _ENGLISH_FREQUENCY.get(text.strip().lower(), text)
    value = parse_cell(text, _KIND.column(item))
    return value


def _item_columns(mapping: dict[str, str]) -> dict[str, str]:
    return {**{c.name: c.name for c in _KIND.columns}, **mapping}


# --- long ---------------------------------------------------------------------------------


def _parse_long(name: str, table: pd.DataFrame, header: list[str], lookup: SurveyLookup  # noqa: C901
                ) -> tuple[ParsedFile, list[RowError]]:
    cols = {k: _required_column(header, _LONG[k]) for k in ("rater", "rated", "item", "score")}
    round_col = _column(header, _LONG["round"])
    errors: list[RowError] = []
    header_row = int(table.attrs.get("header_row", 1))
    known = {h for h in (*cols.values(), round_col) if h}
    for h in header:
        if h not in known:
            errors.append(RowError(name, header_row, h, "onbekende kolom voor een enquête in lang formaat; verwacht: "
                                                        "beoordelaar, beoordeelde, item, score, ronde"))
    if round_col is None:
        errors.append(RowError(name, header_row, "ronde", "verplichte kolom ontbreekt: ronde"))
    columns = _item_columns({"round_id": round_col or "ronde", "rater_id": cols["rater"], "rated_id": cols["rated"],
                             **{i: cols["score"] for i in ITEM_ALIASES}})
    ratings: dict[tuple[str, str, str], Record] = {}
    answered: dict[tuple[str, str, str, str], tuple[Any, int]] = {}
    for row, cells in zip(table.index, table.itertuples(index=False, name=None), strict=True):
        row = int(row)
        cell = dict(zip(header, cells, strict=True))
        ok = True
        rater, msg = _actor(cell[cols["rater"]], lookup, rated=False)
        ok = _noted(errors, RowError(name, row, cols["rater"], msg or "")) and ok
        rated, msg = _actor(cell[cols["rated"]], lookup, rated=True)
        ok = _noted(errors, RowError(name, row, cols["rated"], msg or "")) and ok
        round_id, msg = _round(cell[round_col], lookup) if round_col else (None, "")
        ok = _noted(errors, RowError(name, row, round_col, msg or "")) and ok
        item_text = cell[cols["item"]]
        item = _ITEMS.get(normalise_header(item_text)) if item_text else None
        if item is None:
            allowed = ", ".join(ITEM_ALIASES[i][0] for i in ITEM_ALIASES)
            errors.append(RowError(name, row, cols["item"], f"onbekend item '{item_text or ''}'; kies uit: {allowed}"))
            ok = False
        value = None
        if item is not None:
            try:
                value = _value(item, cell[cols["score"]])
            except ValueError as e:
                errors.append(RowError(name, row, cols["score"], str(e)))
                ok = False
        if not ok or round_id is None or rater is None or rated is None or item is None or rater == rated:  # ok: all found
            continue
        key = (round_id, rater, rated)
        seen = answered.get((*key, item))
        if seen is not None and seen[0] != value:
            errors.append(RowError(name, row, cols["score"], f"item '{item_text}' van {rater} over {rated} staat al in rij "
                                                             f"{seen[1]} met een andere score"))
            continue
        answered[(*key, item)] = (value, row)
        record = ratings.setdefault(key, Record(row, dict(_EMPTY, round_id=round_id, rater_id=rater, rated_id=rated)))
        if value is not None:
            record.values[item] = value
    return ParsedFile(name, _KIND, columns, list(ratings.values())), errors


# --- wide ---------------------------------------------------------------------------------


def _parse_wide(name: str, table: pd.DataFrame, header: list[str], lookup: SurveyLookup  # noqa: C901
                ) -> tuple[ParsedFile, list[RowError]]:
    errors: list[RowError] = []
    header_row = int(table.attrs.get("header_row", 1))
    rater_col = _required_column(header, _WIDE_RATER)
    round_col = _column(header, _LONG["round"])
    if round_col is None:
        errors.append(RowError(name, header_row, "ronde", "verplichte kolom ontbreekt: ronde (bijv. nulmeting)"))
    partners: dict[str, tuple[str, str]] = {}  # header -> (rated id, item)
    for h in header:
        if h in (rater_col, round_col) or normalise_header(h) in _WIDE_META:
            continue
        split = _split_item(h)
        if split is None:
            errors.append(RowError(name, header_row, h, "onbekende kolom: verwacht '<organisatie> - <item>', bijv. "
                                                        "'Woonstichting Vecht - betrouwbaarheid'"))
            continue
        partner, item = split
        rated, msg = _actor(partner, lookup, rated=True)
        if msg or rated is None:
            errors.append(RowError(name, header_row, h, msg or ""))
            continue
        partners[h] = (rated, item)
    columns = _item_columns({"round_id": round_col or "ronde", "rater_id": rater_col, "rated_id": rater_col})
    records: list[Record] = []
    for row, cells in zip(table.index, table.itertuples(index=False, name=None), strict=True):
        row = int(row)
        cell = dict(zip(header, cells, strict=True))
        ok = True
        rater, msg = _actor(cell[rater_col], lookup, rated=False)
        ok = _noted(errors, RowError(name, row, rater_col, msg or "")) and ok
        round_id, msg = _round(cell[round_col], lookup) if round_col else (None, "")
        ok = _noted(errors, RowError(name, row, round_col, msg or "")) and ok
        by_rated: dict[str, dict[str, Any]] = {}
        for h, (rated, item) in partners.items():
            try:
                value = _value(item, cell[h])
            except ValueError as e:
                errors.append(RowError(name, row, h, str(e)))
                ok = False
                continue
            answers = by_rated.setdefault(rated, {})
            if value is not None:
                if item in answers and answers[item] != value:
                    errors.append(RowError(name, row, h, "dit item staat al in een andere kolom met een andere score"))
                    ok = False
                answers[item] = value
        if not ok or round_id is None:
            continue
        for rated, answers in by_rated.items():
            if answers and rated != rater:
                records.append(Record(row, dict(_EMPTY, round_id=round_id, rater_id=rater, rated_id=rated, **answers)))
    return ParsedFile(name, _KIND, columns, records), errors
