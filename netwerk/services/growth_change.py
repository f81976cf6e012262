"""Growth you can defend: the change between two periods or two survey rounds, with its
uncertainty and a verdict in plain Dutch beside every figure. What ``netwerk verschil``,
the Verschil page and the bestuurders' report call.

The network compared is the organisation level, for every role (bestuurders see nothing
else; counts are rounded for them as CBS does, :func:`netwerk.access.round_count`):

- two **periods**: the organisation network of each period
  (:func:`netwerk.analysis.ties.organisation_network`, the tie kind ``organisatierelatie``:
  at least one working tie between their people; weight = the number of such ties), over
  the organisations with someone active in that period;
- two **survey rounds**: the directed network of ratings between organisations (persons
  count through their organisation, :func:`netwerk.analysis.ratings.to_organisations`): a
  tie rater -> rated when their mean Himmelman level is 1 or more (or not given: a rating is
  contact, as :func:`netwerk.analysis.diff.rating_organisation_graph`), weight = that level.

Every figure is over the organisations present at both moments (joined and left are counted
apart): structure and tie change from :mod:`netwerk.analysis.change`, node-bootstrap 95%
intervals of the paired difference (Snijders & Borgatti 1999) and the QAP correlation
(Krackhardt 1987/1988), seeded, with the number of samples recorded.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from netwerk.access import RATIO_DECIMALS, SUPPRESS_BELOW, SUPPRESSED_DERIVED, Viewer, require_role, round_count, visible_snapshot
from netwerk.analysis import change as ch
from netwerk.analysis import diff as df_
from netwerk.analysis import ratings as rt
from netwerk.analysis.growth import local_date, period_bounds, period_label, period_snapshot, periods
from netwerk.analysis.ties import person_network
from netwerk.domain import InputError, Snapshot
from netwerk.store.base import Store
from netwerk.text import fmt_count, fmt_number, fmt_percent, fold, plain

__all__ = [
    "FIGURE_COLUMNS",
    "LEVELS",
    "MIN_ACTORS",
    "N_SAMPLES",
    "SEED",
    "TOO_FEW",
    "ChangeFigure",
    "GrowthChange",
    "Moment",
    "describe",
    "growth_change",
    "growth_change_in",
    "moment_choices",
    "resolve_moment_in",
    "verdict",
]

N_SAMPLES = 1000
"""Bootstrap samples and QAP permutations per comparison."""

SEED = 17
"""Seed of the bootstrap draws and the QAP permutations (recorded with every result)."""

LEVEL = 0.95
"""Coverage of the intervals."""

LEVELS = ("organisation", "sector", "person")
"""The levels compared: organisations and sectors (every role) or persons (not for bestuurders)."""

MIN_ACTORS = SUPPRESS_BELOW
"""Fewer organisations than this at both moments: too few to say anything (and the CBS
threshold below which bestuurders see no counts)."""

TOO_FEW = "Te weinig gegevens om iets te zeggen."
"""The verdict when a figure cannot be computed or rests on too few organisations."""

CHANCE = "Dit verschil is niet te onderscheiden van toeval"

FIGURE_COLUMNS = ["key", "label", "before", "after", "difference", "ci_low", "ci_high", "p_value", "verdict"]
"""Columns of :meth:`GrowthChange.table`."""

# statistic -> (Dutch label, subject of the verdict, word for a rise, word for a fall, decimals)
_STATS: dict[str, tuple[str, str, str, str, int]] = {
    "density": ("Dichtheid", "De samenwerking tussen organisaties", "is gegroeid", "is afgenomen", 2),
    "transitivity": ("Transitiviteit (driehoeken)", "De onderlinge samenhang", "is gegroeid", "is afgenomen", 2),
    "degree_centralisation": ("Centralisatie (degree, Freeman)", "De concentratie rond enkele organisaties",
                              "is toegenomen", "is afgenomen", 2),
    "reciprocity_dyadic": ("Wederkerigheid (paren)", "De wederkerigheid van de beoordelingen", "is toegenomen",
                           "is afgenomen", 2),
    "reciprocity_edgewise": ("Wederkerigheid (relaties)", "Het deel beantwoorde beoordelingen", "is toegenomen",
                             "is afgenomen", 2),
    "mean_strength": ("Gemiddelde sterkte", "De sterkte van de relaties", "is toegenomen", "is afgenomen", 2),
    # Scores on 1-4 with one decimal, as Vertrouwen, Verschil and the report's first page show them.
    "trust": ("Gemiddeld vertrouwen (1-4)", "Het vertrouwen tussen organisaties", "is gegroeid", "is afgenomen",
              RATIO_DECIMALS),
    "value": ("Gemiddelde waarde (1-4)", "De ervaren waarde van de samenwerking", "is gegroeid", "is afgenomen",
              RATIO_DECIMALS),
}
_COUNT_KEYS = ("actors", "joined", "left", "ties_before", "ties_after", "kept", "new", "lost", "hamming")


@dataclass(frozen=True)
class Moment:
    """One moment: a period (``kind="period"``, ``key`` its label such as ``2025-K1``,
    ``start``/``end`` inclusive Europe/Amsterdam days) or a survey round (``kind="round"``,
    ``key`` the round id); ``label`` is its Dutch name."""

    kind: str
    key: str
    label: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class ChangeFigure:
    """One figure of a comparison: ``before``/``after`` (number, or text such as ``"<5"``),
    ``difference`` (after - before), the 95% interval of the difference ``ci_low``/``ci_high``
    and its ``p_value`` where a test applies (else None), and the Dutch ``verdict``."""

    key: str
    label: str
    before: float | int | str | None
    after: float | int | str | None
    difference: float | int | str | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    verdict: str

    def interval(self) -> str:
        """The 95% interval of the difference as Dutch text, ``"0,45 tot 0,97"``; ``"–"`` without one."""
        if self.ci_low is None or self.ci_high is None:
            return "–"
        return f"{_plain_number(self.ci_low)} tot {_plain_number(self.ci_high)}"


@dataclass
class GrowthChange:
    """The change between two moments at organisation level (see the module notes).

    ``kind``: ``periods`` or ``rounds``; ``before``/``after``: the moments; ``level``:
    ``organisation`` or ``person`` (actors are then persons); ``tie_label``: what
    a tie is, in Dutch; ``actors``: organisations at both moments, ``joined``/``left``: only at
    the later/earlier one (counts rounded for a bestuurder); ``n_samples``: bootstrap samples
    (= QAP permutations), ``seed``, ``coverage`` of the intervals (0.95); ``headline``: the verdict on density (on
    the mean strength when density cannot vary: every pair tied at both moments);
    ``figures``: every figure with its verdict, in a fixed order.
    """

    kind: str
    before: Moment
    after: Moment
    level: str
    tie_label: str
    actors: int | str
    joined: int | str
    left: int | str
    n_samples: int
    seed: int
    coverage: float
    headline: str
    figures: list[ChangeFigure] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """The figures as a DataFrame with :data:`FIGURE_COLUMNS`."""
        return pd.DataFrame([asdict(f) for f in self.figures], columns=FIGURE_COLUMNS)

    def figure(self, key: str) -> ChangeFigure:
        """The figure ``key`` (KeyError if absent)."""
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def as_dict(self) -> dict:
        """Plain JSON-ready values (NaN as None), as ``netwerk verschil --json`` prints them."""
        out = asdict(self)
        out["before"], out["after"] = _moment_dict(self.before), _moment_dict(self.after)
        out["figures"] = [{k: _plain(v) for k, v in asdict(f).items()} for f in self.figures]
        return {k: _plain(v) if k not in ("before", "after", "figures") else v for k, v in out.items()}


def _moment_dict(m: Moment) -> dict:
    return {"kind": m.kind, "key": m.key, "label": m.label, "start": m.start.isoformat() if m.start else None,
            "end": m.end.isoformat() if m.end else None}


def _plain(v):
    v = plain(v)
    return None if isinstance(v, float) and math.isnan(v) else v


# --- moments --------------------------------------------------------------------------------

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|-[Kk]([1-4]))?$")


def _period(text: str) -> Moment | None:
    m = _PERIOD.match(text.strip())
    if not m:
        return None
    year, month, quarter = int(m.group(1)), m.group(2), m.group(3)
    if month:
        if not 1 <= int(month) <= 12:
            return None
        day, freq = dt.date(year, int(month), 1), "month"
    elif quarter:
        day, freq = dt.date(year, 3 * (int(quarter) - 1) + 1, 1), "quarter"
    else:
        day, freq = dt.date(year, 1, 1), "year"
    start, end = period_bounds(day, freq)  # type: ignore[arg-type]
    label = period_label(day, freq)  # type: ignore[arg-type]
    return Moment("period", label, label, start, end)


def resolve_moment_in(snap: Snapshot, text: str) -> Moment:
    """A moment from what a user typed: a period label (``2025``, ``2025-03``, ``2025-K1``)
    or a survey round by id or (part of) its name, case and accents ignored (``nulmeting``).

    Raises
    ------
    InputError
        In Dutch, when ``text`` names no period or round, or more than one round.
    """
    rounds = snap.survey_rounds
    ids = [str(r) for r in rounds["round_id"]]
    names = dict(zip(ids, rounds["name"].astype(str), strict=True))
    if text in names:
        return Moment("round", text, names[text])
    period = _period(text)
    if period is not None:
        return period
    want = fold(text).strip()
    hits = [r for r in ids if want and (want in fold(r) or want in fold(names[r]))]
    if len(hits) == 1:
        return Moment("round", hits[0], names[hits[0]])
    known = ", ".join(ids) or "geen"
    if hits:
        raise InputError(f"Dat past bij meer dan één ronde ({', '.join(hits)}); kies er één.")
    # The text itself is not repeated: it may be anything, a name included.
    raise InputError(f"Dat is geen periode (2025, 2025-03 of 2025-K1) en geen ronde; bekende rondes: {known}.")


def moment_choices(viewer: Viewer, store: Store) -> tuple[list[Moment], list[Moment]]:
    """The moments one can compare: survey rounds (by date) and quarters with activities
    (oldest first). Every role.

    Returns
    -------
    (rounds, quarters)
    """
    require_role(viewer, "coordinator", "professional", "bestuurder")
    snap = visible_snapshot(viewer, store)
    rounds = snap.survey_rounds.sort_values(["date", "round_id"], kind="mergesort")
    out_rounds = [Moment("round", str(r), str(n)) for r, n in zip(rounds["round_id"], rounds["name"], strict=True)]
    days = [d for d in (local_date(v) for v in snap.activities["date"]) if d is not None]
    quarters = [Moment("period", lab, lab, s, e) for lab, s, e in periods(min(days), max(days), "quarter")] if days else []
    return out_rounds, quarters


# --- the two networks ----------------------------------------------------------------------


def _period_graph(snap: Snapshot, m: Moment) -> nx.Graph:
    part = period_snapshot(snap, m.start or dt.date.min, m.end or dt.date.max)
    G = df_.organisation_graph(part)
    active = {str(o) for o in part.persons["org_id"] if isinstance(o, str) and o}
    return G.subgraph(sorted(active & set(G))).copy()


def _person_graph(snap: Snapshot, m: Moment) -> nx.Graph:
    return person_network(period_snapshot(snap, m.start or dt.date.min, m.end or dt.date.max))


def _round_graph(snap: Snapshot, m: Moment) -> nx.DiGraph:
    person_org = dict(zip(snap.persons["person_id"].astype(str), snap.persons["org_id"], strict=True))
    ratings = snap.ratings[snap.ratings["round_id"] == m.key]
    pairs = rt.pair_scores(rt.to_organisations(ratings, person_org))
    G = nx.DiGraph()
    for r in pairs.itertuples(index=False):
        a, b = str(r.rater_id), str(r.rated_id)
        if a == b:
            continue
        G.add_nodes_from((a, b))
        level = r.himmelman_level
        if level is None or pd.isna(level):
            G.add_edge(a, b, weight=1.0)
        elif float(level) > 0:
            G.add_edge(a, b, weight=float(level))
    return G


# --- verdicts --------------------------------------------------------------------------------


def verdict(key: str, before: float, after: float, ci_low: float, ci_high: float, too_few: bool = False,
            subject: str | None = None, label: str | None = None) -> str:
    """The Dutch verdict on one bootstrapped figure (B1 language).

    Growth when the 95% interval of the difference lies above 0, decline when below, else
    "not distinguishable from chance"; :data:`TOO_FEW` when ``too_few`` or any value is
    missing; ``subject`` and ``label`` replace the statistic's own. E.g. ``"De samenwerking tussen
    organisaties is gegroeid (dichtheid 0,21 → 0,34; 95%-interval van de toename 0,05 tot 0,21)."``

    Raises
    ------
    KeyError
        For a statistic without a verdict text (see the module's ``_STATS``).
    """
    default_label, default_subject, up, down, dec = _STATS[key]
    subject, label = subject or default_subject, label or default_label
    if too_few or any(not _finite(v) for v in (before, after, ci_low, ci_high)):
        return TOO_FEW
    values = f"{label.split(' (')[0].lower()} {fmt_number(before, dec)} → {fmt_number(after, dec)}"
    if ci_low == 0 and ci_high == 0 and before == after:
        return f"Geen verschil ({values}; in elke steekproef gelijk)."
    if ci_low > 0:
        return (f"{subject} {up} ({values}; 95%-interval van de toename {fmt_number(ci_low, dec)} tot "
                f"{fmt_number(ci_high, dec)}).")
    if ci_high < 0:
        return (f"{subject} {down} ({values}; 95%-interval van de afname {fmt_number(-ci_high, dec)} tot "
                f"{fmt_number(-ci_low, dec)}).")
    return (f"{CHANCE} ({values}; 95%-interval van het verschil {_signed(ci_low, dec)} tot "
            f"{_signed(ci_high, dec)}).")


def _signed(v: float, dec: int = 2) -> str:
    """``+0,37``, ``-0,10``, and ``0,00`` (not ``-0,00``) for what rounds to zero."""
    return fmt_number(0.0, dec) if round(v, dec) == 0 else fmt_number(v, dec, sign=True)


def _plain_number(v: float, dec: int = 2) -> str:
    return fmt_number(0.0 if round(v, dec) == 0 else v, dec)


def _finite(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _qap_verdict(r: float, p: float, too_few: bool, actors: str = "organisaties") -> str:
    if too_few:
        return TOO_FEW
    if not _finite(r) or not _finite(p):
        return f"Niet te berekenen: op een van de twee momenten is elk paar {actors} verbonden, of geen enkel paar."
    p_text = "p < 0,001" if p < 0.001 else f"p = {fmt_number(p, 3)}"
    if p < 1 - LEVEL and r > 0:
        return (f"De relaties van het tweede moment lijken op die van het eerste (QAP-correlatie {fmt_number(r, 2)}; "
                f"{p_text}): de samenwerking bouwt voort op bestaande relaties.")
    return (f"De relaties van het tweede moment lijken niet meer op die van het eerste dan bij toeval "
            f"(QAP-correlatie {fmt_number(r, 2)}; {p_text}).")


def _count_text(v) -> str:
    return v if isinstance(v, str) else fmt_count(v)


def _tie_figures(tc: dict, too_few: bool, actors: str) -> list[ChangeFigure]:
    kept, new, lost = tc["kept"], tc["new"], tc["lost"]
    jac = tc["jaccard"]
    if too_few or (isinstance(jac, float) and not math.isfinite(jac)):
        jac_text = TOO_FEW
    elif isinstance(jac, str):
        jac_text = f"Afgeschermd: te kleine aantallen ({_count_text(kept)} bleven, {_count_text(new)} nieuw)."
    else:
        jac_text = (f"{fmt_percent(jac)} van alle relaties op de twee momenten bestond op beide (Jaccard "
                    f"{fmt_number(jac, 2)}): {_count_text(kept)} bleven, {_count_text(new)} kwamen erbij, "
                    f"{_count_text(lost)} verdwenen.")
    ties_text = TOO_FEW if too_few else (f"Relaties tussen de {actors} die er op beide momenten waren: van "
                                         f"{_count_text(tc['ties_before'])} naar {_count_text(tc['ties_after'])}.")
    ham_text = TOO_FEW if too_few else f"{_count_text(tc['hamming'])} relaties kwamen erbij of verdwenen (Hamming-afstand)."
    return [
        ChangeFigure("ties", "Relaties", tc["ties_before"], tc["ties_after"], _diff(tc["ties_before"], tc["ties_after"]),
                     None, None, None, ties_text),
        ChangeFigure("jaccard", "Stabiliteit (Jaccard)", None, jac, None, None, None, None, jac_text),
        ChangeFigure("hamming", "Veranderde relaties (Hamming)", None, tc["hamming"], None, None, None, None, ham_text),
    ]


def _diff(a, b):
    return b - a if _finite(a) and _finite(b) else None


# --- the comparison --------------------------------------------------------------------------


def growth_change(viewer: Viewer, store: Store, before: str, after: str, n_samples: int = N_SAMPLES,
                  seed: int = SEED, level: str = "organisation") -> GrowthChange:
    """The change between two periods or two survey rounds, each figure with its verdict.

    Parameters
    ----------
    before, after : str
        Two periods (``2025-K1``, ``2025-03``, ``2025``) or two survey rounds (id or part of the
        name, e.g. ``nulmeting``); see :func:`resolve_moment_in`.
    n_samples : int, default :data:`N_SAMPLES`
        Bootstrap samples, and QAP permutations.
    seed : int, default :data:`SEED`
    level : {"organisation", "sector", "person"}, default "organisation"
        ``sector``: organisations contracted to their sector (a tie between two sectors when
        an organisation tie joins them, weight = the number of such ties; ties within a
        sector drop out). ``person``: two periods' person networks of working ties (the tie model's
        werkrelatie, :func:`netwerk.analysis.ties.person_network`) over the persons active in
        both; coordinators and professionals only, periods only.

    Returns
    -------
    GrowthChange
        For a bestuurder with every count rounded (:func:`netwerk.access.round_count`), the
        stability (Jaccard) recomputed from the rounded counts or withheld when one is "<5",
        and every figure computed from 1-4 ties (or 1-4 working ties between people, for the
        mean strength of periods) withheld (:data:`netwerk.access.SUPPRESSED_DERIVED`).

    Raises
    ------
    InputError
        For a moment that is neither a period nor a round, a period beside a round, or the
        person level for rounds.
    PermissionDenied
        For a bestuurder asking for the person level.
    """
    require_role(viewer, "coordinator", "professional", "bestuurder")
    if level == "person":
        require_role(viewer, "coordinator", "professional")
    snap = visible_snapshot(viewer, store)
    a, b = resolve_moment_in(snap, before), resolve_moment_in(snap, after)
    return growth_change_in(snap, a, b, n_samples, seed, bestuurder=viewer.role == "bestuurder", level=level)


def growth_change_in(snap: Snapshot, before: Moment, after: Moment, n_samples: int = N_SAMPLES, seed: int = SEED,
                     bestuurder: bool = False, level: str = "organisation") -> GrowthChange:
    """:func:`growth_change` of a snapshot the caller already read for its viewer and of
    resolved moments; ``bestuurder`` rounds the counts as :func:`growth_change` does (the
    caller checks the role for ``level``).

    Raises
    ------
    InputError
        For a period beside a round, the person level for rounds, or an unknown level.
    """
    if before.kind != after.kind:
        raise InputError("Vergelijk twee perioden of twee rondes, niet een periode met een ronde.")
    if level not in LEVELS:
        raise InputError(f"Onbekend niveau '{level}': kies {' of '.join(LEVELS)}.")
    if level == "person" and before.kind == "round":
        raise InputError("Rondes vergelijkt u per organisatie of sector: personen beoordelen organisaties.")
    g0, g1 = _graphs(snap, before, after, level)
    names = _NAMES.get(level if level != "organisation" else before.kind, {})
    common = sorted(set(g0) & set(g1))
    too_few = len(common) < MIN_ACTORS
    stats = [s for s in ch.BOOTSTRAP_STATISTICS if before.kind == "round" or not s.startswith("reciprocity")]
    boot = ch.bootstrap(g0, g1, stats, n_samples=n_samples, seed=seed, actors=common, level=LEVEL)
    qap = ch.qap_correlation(g0, g1, n_permutations=n_samples, seed=seed, actors=common)
    tc = ch.tie_change(g0, g1, actors=common).as_dict()
    tc["actors"] = len(common)
    small = _small_counts(g0, g1, common, tc, before.kind == "period" and level != "sector")
    if bestuurder:
        tc = _rounded(tc)
    figures = _boot_figures(boot, too_few, names)
    # structure() of a graph without actors raises (numpy max of nothing); centralisation needs 3.
    btw = ([ch.structure(g.subgraph(common))["betweenness_centralisation"] for g in (g0, g1)] if len(common) >= 3
           else [math.nan, math.nan])
    figures.append(ChangeFigure(
        "betweenness_centralisation", "Centralisatie (betweenness, Freeman)", _num(btw[0]), _num(btw[1]),
        _num(btw[1] - btw[0]), None, None, None,
        TOO_FEW if too_few or not all(map(_finite, btw)) else
        f"Van {fmt_number(btw[0], 2)} naar {fmt_number(btw[1], 2)}; zonder interval (te rekenintensief om te herhalen)."))
    figures += _tie_figures(tc, too_few, _ACTORS[level])
    figures.append(ChangeFigure("qap", "Gelijkenis (QAP-correlatie)", None, _num(qap.correlation), None, None, None,
                                _num(qap.p_two_sided), _qap_verdict(qap.correlation, qap.p_two_sided, too_few, _ACTORS[level])))
    if before.kind == "round":
        figures += _partner_figures(snap, before.key, after.key, bestuurder, n_samples, seed)
    tie_label = ("Werkrelaties tussen personen" if level == "person" else
                 "Organisaties met minstens één werkrelatie tussen hun mensen" if before.kind == "period" else
                 "Beoordelingen tussen organisaties met samenwerkingsniveau 1 of hoger (gericht)")
    if level == "sector":
        tie_label = f"Sectoren verbonden door minstens één relatie tussen hun organisaties ({tie_label.lower()})"
    if bestuurder and small:
        figures = [_withheld(f) if f.key in small else f for f in figures]
    headline = _headline(figures)
    return GrowthChange(kind="periods" if before.kind == "period" else "rounds", before=before, after=after,
                        level=level, tie_label=tie_label, actors=tc["actors"], joined=tc["joined"], left=tc["left"],
                        n_samples=n_samples, seed=seed, coverage=LEVEL, headline=headline, figures=figures)


_ACTORS = {"organisation": "organisaties", "sector": "sectoren", "person": "personen"}


def _graphs(snap: Snapshot, before: Moment, after: Moment, level: str) -> tuple[nx.Graph, nx.Graph]:
    """The two moments' networks at ``level`` (see the module notes)."""
    if level == "person":
        return _person_graph(snap, before), _person_graph(snap, after)
    graph = _period_graph if before.kind == "period" else _round_graph
    g0, g1 = graph(snap, before), graph(snap, after)
    if level == "sector":
        sector_of = dict(zip(snap.organisations["org_id"].astype(str), snap.organisations["sector"], strict=True))
        g0, g1 = _by_sector(g0, sector_of), _by_sector(g1, sector_of)
    return g0, g1


def _by_sector(G: nx.Graph, sector_of: dict[str, str]) -> nx.Graph:
    """Organisations contracted to their sectors: two sectors are tied when an organisation
    tie joins them (ties within a sector drop out); ``weight`` = the number of such ties."""
    H = G.__class__()
    H.add_nodes_from(sorted({str(sector_of.get(n) or "overig") for n in G}))
    for u, v in G.edges():
        a, b = str(sector_of.get(u) or "overig"), str(sector_of.get(v) or "overig")
        if a == b:
            continue
        if H.has_edge(a, b):
            H[a][b]["weight"] += 1
        else:
            H.add_edge(a, b, weight=1)
    return H


# Level or kind -> statistic -> (label, subject): what the figure is about there.
_NAMES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "sector": {"density": (None, "De samenwerking tussen sectoren"),
               "degree_centralisation": (None, "De concentratie rond enkele sectoren"),
               "mean_strength": ("Organisatierelaties per sectorpaar",
                                 "Het aantal relaties tussen organisaties per verbonden paar sectoren")},
    "person": {"density": (None, "De samenwerking tussen personen"),
               "degree_centralisation": (None, "De concentratie rond enkele personen"),
               "mean_strength": ("Gemiddelde sterkte (werkrelaties)", "De sterkte van de werkrelaties")},
    "period": {"mean_strength": ("Werkrelaties per organisatiepaar",
                                 "Het aantal werkrelaties per verbonden paar organisaties")},
    "round": {"mean_strength": ("Samenwerkingsniveau (Himmelman, gemiddeld)", "Het gemiddelde samenwerkingsniveau")},
}


def _boot_figures(boot: pd.DataFrame, too_few: bool, names: dict) -> list[ChangeFigure]:
    out = []
    for r in boot.itertuples(index=False):
        label, subject = names.get(r.statistic, (None, None))
        label = label or _STATS[r.statistic][0]
        out.append(ChangeFigure(r.statistic, label, _num(r.estimate_before), _num(r.estimate_after), _num(r.difference),
                                _num(r.ci_low), _num(r.ci_high), _num(r.p_value),
                                verdict(r.statistic, r.estimate_before, r.estimate_after, r.ci_low, r.ci_high, too_few,
                                        subject, label)))
    return out


def _headline(figures: list[ChangeFigure]) -> str:
    """The verdict on density, or on the mean strength when density did not vary in any
    sample (every pair tied at both moments); else density's."""
    for f in figures:
        if f.key in ("density", "mean_strength") and f.ci_low is not None and f.ci_high is not None \
                and f.ci_low != f.ci_high:
            return f.verdict
    return figures[0].verdict


def _num(v):
    v = plain(v)
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


_FROM_TIES = ("density", "reciprocity_dyadic", "reciprocity_edgewise", "transitivity", "degree_centralisation",
              "betweenness_centralisation", "mean_strength", "qap")


def _small_counts(g0: nx.Graph, g1: nx.Graph, common: list[str], tc: dict, strength_counts: bool) -> set[str]:
    """The figures a bestuurder may not see because they are computed from a count of 1 to 4
    (as :func:`netwerk.access.suppress_derived`): every figure of the ties when either moment
    has 1-4 ties among the common actors; the mean strength also when it is a count of pairs
    of people (periods, organisation level: ``strength_counts``) summing to 1-4."""
    out: set[str] = set()
    if any(0 < int(tc[k]) < SUPPRESS_BELOW for k in ("ties_before", "ties_after")):
        out.update(_FROM_TIES)
    if strength_counts:
        for g in (g0, g1):
            total = sum(float(d.get("weight") or 0) for _, _, d in g.subgraph(common).edges(data=True))
            if 0 < total < SUPPRESS_BELOW:
                out.add("mean_strength")
    return out


def _withheld(f: ChangeFigure) -> ChangeFigure:
    text = TOO_FEW if f.verdict == TOO_FEW else (
        f"Afgeschermd: berekend uit minder dan {SUPPRESS_BELOW} relaties (zoals het CBS doet).")
    return ChangeFigure(f.key, f.label, SUPPRESSED_DERIVED, SUPPRESSED_DERIVED, SUPPRESSED_DERIVED, None, None, None, text)


def _rounded(tc: dict) -> dict:
    out = dict(tc)
    for k in _COUNT_KEYS:
        out[k] = round_count(int(tc[k]))
    kept, new, lost = out["kept"], out["new"], out["lost"]
    if any(isinstance(v, str) for v in (kept, new, lost)):
        out["jaccard"] = SUPPRESSED_DERIVED
    else:
        total = kept + new + lost
        out["jaccard"] = kept / total if total else math.nan
    return out


def _organisation_scores(snap: Snapshot, round_id: str) -> pd.DataFrame:
    """One round's ratings between organisations with their trust and value (rating_scores)."""
    person_org = dict(zip(snap.persons["person_id"].astype(str), snap.persons["org_id"], strict=True))
    ratings = rt.to_organisations(snap.ratings[snap.ratings["round_id"] == round_id], person_org)
    return rt.rating_scores(ratings) if len(ratings) else pd.DataFrame(columns=["rater_id", "rated_id", "trust",
                                                                                "value"])


def _sums(scores: pd.DataFrame, key: str, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(sum, count) matrices of the complete ``key`` scores per ordered organisation pair."""
    n = len(index)
    num, den = np.zeros((n, n)), np.zeros((n, n))
    for a, b, v in zip(scores["rater_id"].astype(str), scores["rated_id"].astype(str), scores[key], strict=True):
        if pd.notna(v):
            num[index[a], index[b]] += float(v)
            den[index[a], index[b]] += 1.0
    return num, den


def _partner_figures(snap: Snapshot, r0: str, r1: str, bestuurder: bool, n_samples: int = N_SAMPLES,
                     seed: int = SEED) -> list[ChangeFigure]:
    """Mean trust and value (PARTNER: the mean of each rating's three items, 1-4) over the
    ratings between organisations, as Vertrouwen shows them, with a node-bootstrap interval
    over the organisations of either round (:func:`netwerk.analysis.change.bootstrap_ratio`).
    A bestuurder gets the means rounded to one decimal, as on Verschil."""
    s0, s1 = _organisation_scores(snap, r0), _organisation_scores(snap, r1)
    # Vertrouwen's means (ratings.round_summary): over every rating between organisations with a complete score.
    (t0, v0, n0), (t1, v1, n1) = ((float(sc["trust"].mean()) if len(sc) else math.nan,
                                   float(sc["value"].mean()) if len(sc) else math.nan, len(sc)) for sc in (s0, s1))
    if bestuurder:  # the means as trust.bestuurder_diff gives them (one decimal, so the percentages agree)
        t0, v0, t1, v1 = (round(x, RATIO_DECIMALS) if _finite(x) else x for x in (t0, v0, t1, v1))
    withheld = bestuurder and any(0 < n < SUPPRESS_BELOW for n in (n0, n1))  # a mean over 1-4 ratings gives them back
    orgs = sorted({str(x) for s in (s0, s1) for col in ("rater_id", "rated_id") for x in s[col]})
    index = {o: i for i, o in enumerate(orgs)}
    out = []
    for key, b, a in (("trust", t0, t1), ("value", v0, v1)):
        label = _STATS[key][0]
        if withheld or not (_finite(b) and _finite(a)):
            out.append(ChangeFigure(key, label, None, None, None, None, None, None, TOO_FEW))
            continue
        r = ch.bootstrap_ratio(*_sums(s0, key, index), *_sums(s1, key, index), n_samples=n_samples, seed=seed,
                               level=LEVEL, statistic=key)
        too_few = len(orgs) < MIN_ACTORS
        # The estimates are the rounds' means over all their ratings, the same as b and a.
        out.append(ChangeFigure(key, label, _num(b), _num(a), _num(_diff(b, a)), _num(r["ci_low"]), _num(r["ci_high"]),
                                _num(r["p_value"]), verdict(key, b, a, r["ci_low"], r["ci_high"], too_few)))
    return out


def describe(change: GrowthChange) -> list[str]:
    """Dutch lines about what was compared: the moments, the organisations and the samples."""
    return [
        f"Vergeleken: {change.before.label} en {change.after.label}.",
        f"{_count_text(change.actors)} {_ACTORS[change.level]} op beide momenten; "
        f"{_count_text(change.joined)} {_verb(change.joined, 'kwam', 'kwamen')} erbij, "
        f"{_count_text(change.left)} {_verb(change.left, 'viel', 'vielen')} af (niet meegeteld).",
        f"95%-intervallen uit {fmt_number(change.n_samples)} bootstrap-steekproeven van "
        f"{_ACTORS[change.level]} (Snijders & "
        f"Borgatti 1999); QAP met {fmt_number(change.n_samples)} permutaties; seed {change.seed}.",
    ]



def _verb(n, one: str, many: str) -> str:
    return one if n == 1 else many
