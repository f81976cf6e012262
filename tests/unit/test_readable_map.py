"""A readable map: the palette registry, which names the Netwerkkaart shows, the tie
filter, brokers, the focus on one person, the map export's audit entry and the stable
layout of Groei's time-lapse, on hand-computed tiny graphs.

The small network (tests/dashboard/small_network.py, hand-computed in
tests/unit/test_network_map.py) has 12 persons and 34 working ties, all from activities of
at most 6 participants; its degrees (working ties per person): cem 10, fenna 8, anna 7,
eva 7, hostile 7, dewi 6, r-1 6, r-3 6, r-4 4, bram 3, r-2 3, bert 1 (bert's only tie is
anna, from the bestuurdersoverleg a1 of two).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from dashboard import map_view
from dashboard.data import organisation_colours_by_name
from netwerk import palette
from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.analysis.ties import small_activity_pairs
from netwerk.domain import AMSTERDAM, Activity, ChangeSet, InputError, Participation, Person
from netwerk.services import trust
from netwerk.services.network_map import map_layout, network_map, record_map_export, shown_ties
from tests.dashboard.small_network import small_network

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


# --- palette --------------------------------------------------------------------------------


def test_palette_colours_are_distinct_hex_and_grey_is_reserved() -> None:
    assert len(palette.PALETTE) == 12 == len(set(palette.PALETTE))
    assert all(HEX.match(c) for c in palette.PALETTE)
    assert palette.MISSING_COLOUR not in palette.PALETTE
    assert palette.PALETTE[:7] == palette.OKABE_ITO  # Okabe-Ito first
    # Every sector of the vocabulary (12) has its own colour.
    assert len(set(palette.SECTOR_COLOURS.values())) == len(palette.SECTOR_COLOURS) == 12
    assert palette.SECTOR_COLOURS["gemeente"] == "#0072B2"


def test_organisation_colours_follow_the_ids_of_all_organisations_not_the_view() -> None:
    everyone = [f"org{i:02d}" for i in range(1, 15)]  # 14 organisations: two beyond the palette
    colours = palette.organisation_colours(reversed(everyone))
    assert colours["org01"] == "#0072B2" and colours["org02"] == "#E69F00" and colours["org12"] == palette.PALETTE[11]
    assert colours["org13"] == palette.fallback_colour("org13") and colours["org14"] == palette.fallback_colour("org14")
    assert colours["org13"] != colours["org14"] and HEX.match(colours["org13"])
    # The fallback depends on the id alone.
    assert palette.fallback_colour("org13") == palette.fallback_colour("org13")
    # Dashboard: by name, from all organisations (as FilterOptions.organisations gives them).
    by_name = organisation_colours_by_name([("org02", "Woonstichting"), ("org01", "Gemeente")])
    assert by_name == {"Gemeente": "#0072B2", "Woonstichting": "#E69F00"}


def test_person_map_colours_an_organisation_as_the_registry_does_whatever_is_in_view(store) -> None:
    store.apply(small_network())
    # o-gem, o-pol, o-wel sorted: blue, orange, bluish green; filtered to one organisation, it keeps its colour.
    registry = organisation_colours_by_name([("o-gem", "Gemeente Raalte"), ("o-wel", "Stichting De Brug (fictief)"),
                                            ("o-pol", "Politieteam Voorbeeld (fictief)")])
    assert registry["Stichting De Brug (fictief)"] == "#009E73"
    from netwerk.domain import SnapshotFilter

    only_wel = network_map(SYSTEM, store, SnapshotFilter(organisations=["o-wel"]), "persons")
    md = map_view.style_map(only_wel, "organisation", "degree", registry)
    assert md.legend["Stichting De Brug (fictief)"] == "#009E73"


# --- which names, which ties ------------------------------------------------------------------


def test_label_selection_by_hand() -> None:
    measure = {"a": 3.0, "b": 5.0, "c": None, "d": 5.0, "e": 1.0, "f": float("nan")}
    assert map_view.label_selection(measure, 2) == {"b", "d"}
    assert map_view.label_selection(measure, 3) == {"a", "b", "d"}
    assert map_view.label_selection(measure, 1) == {"b"}  # b and d tie at 5: the first id wins
    assert map_view.label_selection(measure, 2, lower_is_better=True) == {"a", "e"}  # e.g. Burt's constraint
    assert map_view.label_selection(measure, 1, focus="e", neighbours=["c"]) == {"b", "e", "c"}
    assert map_view.label_selection(measure, 0) == set()


def test_brokers_are_the_highest_betweenness_above_zero() -> None:
    between = {"a": 0.5, "b": 0.0, "c": 0.2, "d": float("nan"), "e": 0.2}
    assert map_view.brokers(between, 10) == {"a", "c", "e"}
    assert map_view.brokers(between, 2) == {"a", "c"}


def test_shown_ties_by_hand() -> None:
    edges = pd.DataFrame(
        [("a", "b", 1 / 7, "co-participation"),  # one small activity of 8
         ("b", "c", 1.0, "knows"),
         ("d", "c", 1.5, "both"),
         ("a", "d", 3 / 21, "co-participation")],  # three meetings of 22: only large
        columns=["source", "target", "weight", "kind"])
    small = {("a", "b")}
    assert len(shown_ties(edges, "all", small)) == 4
    kept = shown_ties(edges, "small", small)
    assert list(zip(kept["source"], kept["target"], strict=True)) == [("a", "b"), ("b", "c"), ("d", "c")]
    strong = shown_ties(edges, "strong", small)
    assert list(zip(strong["source"], strong["target"], strict=True)) == [("b", "c"), ("d", "c")]
    with pytest.raises(InputError):
        shown_ties(edges, "dik", small)


def _with_large_meetings() -> ChangeSet:
    """Nine residents x1..x9 meet twice in a bijeenkomst of nine: 1/8 + 1/8 = 1/4 >= 1/7, so
    36 working ties that come only from large meetings (more than 8 participants)."""
    cs = small_network()
    when = dt.datetime(2025, 6, 20, 19, 0, tzinfo=AMSTERDAM)
    people = [Person(person_id=f"x{i}", kind="resident", pseudonym=f"Bewoner x{i}") for i in range(1, 10)]
    acts = [Activity(activity_id=a, kind="bewonersbijeenkomst", date=when, title="Groot") for a in ("g1", "g2")]
    parts = [Participation(activity_id=a, person_id=p.person_id, role="participant") for a in ("g1", "g2") for p in people]
    return ChangeSet(organisations=cs.organisations, persons=[*cs.persons, *people], works_for=cs.works_for,
                     activities=[*cs.activities, *acts], participations=[*cs.participations, *parts],
                     activity_themes=cs.activity_themes, knows=cs.knows)


def test_the_map_hides_ties_that_only_come_from_large_meetings(store) -> None:
    store.apply(_with_large_meetings())
    from netwerk.access import visible_snapshot

    pairs = small_activity_pairs(visible_snapshot(SYSTEM, store))
    assert len(pairs) == 34 and ("p-anna", "p-bert") in pairs and ("x1", "x2") not in pairs
    every = network_map(SYSTEM, store, None, "persons", tie_filter="all")
    default = network_map(SYSTEM, store, None, "persons", tie_filter="small")
    strong = network_map(SYSTEM, store, None, "persons", tie_filter="strong")
    assert (len(every.edges), every.hidden_ties) == (34 + 36, 0)
    assert (len(default.edges), default.hidden_ties) == (34, 36)
    # Strength >= 1: anna-bert (a conversation of two: 1) and bram-eva (1/3 + a kent report 1).
    assert {tuple(sorted(p)) for p in zip(strong.edges["source"], strong.edges["target"], strict=True)} == {
        ("p-anna", "p-bert"), ("p-bram", "p-eva")}
    # The measures do not change with the lines drawn: x1 keeps its 8 working ties.
    deg = dict(zip(default.nodes["person_id"], default.nodes["degree"], strict=True))
    assert deg["x1"] == 8 and deg["p-cem"] == 10


def test_readable_map_names_top_focus_and_neighbours(store) -> None:
    store.apply(small_network())
    nm = network_map(SYSTEM, store, None, "persons")
    md = map_view.readable_map(map_view.style_map(nm), nm.nodes, "degree", top=2, focus="p-bert")
    named = {i for i, lab in zip(md.nodes["id"], md.nodes["label"], strict=True) if lab}
    assert named == {"p-cem", "p-fenna", "p-bert", "p-anna"}  # top 2 by degree (10, 8), bert and his one tie
    assert md.nodes.set_index("id").loc["p-eva", "name"] == "Eva Smit"  # every name stays for search and tooltip
    assert md.focus == "p-bert" and md.size_legend == ((6.0, "1"), (30.0, "10"))
    assert "de 2 personen die het hoogst scoren op aantal werkrelaties (degree)" in md.notes[0]
    assert "diens 1 directe werkrelatie." in md.notes[0]
    brokers = map_view.readable_map(map_view.style_map(nm), nm.nodes, "degree", top=0, show_brokers=True)
    # Betweenness above 0: cem 0.518, eva 0.364, anna 0.182, r-3 0.018, r-1 0.009.
    assert brokers.brokers == {"p-cem", "p-eva", "p-anna", "r-3", "r-1"}
    assert {i for i, lab in zip(brokers.nodes["id"], brokers.nodes["label"], strict=True) if lab} == brokers.brokers
    # A focus not on the map is ignored.
    assert map_view.readable_map(map_view.style_map(nm), nm.nodes, "degree", focus="nobody").focus is None


def test_map_html_keeps_unnamed_nodes_unnamed_and_marks_brokers(store) -> None:
    from dashboard.components.network_map import network_map_html

    store.apply(small_network())
    nm = network_map(SYSTEM, store, None, "persons")
    md = map_view.readable_map(map_view.style_map(nm), nm.nodes, "degree", top=1, show_brokers=True)
    html = network_map_html(md, size_title="Aantal werkrelaties")
    assert '"label": ""' in html  # pyvis would otherwise write the id where the name is left out
    assert '"borderWidth": 4' in html and "Download als PNG" in html and 'id="size-legend"' in html


# --- audit --------------------------------------------------------------------------------


def test_map_export_is_audited_and_refused_to_a_bestuurder(store) -> None:
    coordinator = Viewer(user_id="c", role="coordinator")
    record_map_export(coordinator, store, "personen.csv")
    last = store.audit_events().iloc[-1]
    assert (last["action"], last["target"], last["detail"], last["user_id"]) == (
        "export", "netwerkkaart", "personen.csv", "c")
    with pytest.raises(PermissionDenied):
        record_map_export(Viewer(user_id="b", role="bestuurder"), store, "png")


# --- Groei's time-lapse ---------------------------------------------------------------------


def test_time_lapse_keeps_positions_and_marks_what_is_new(store) -> None:
    """Per month: bram's kent report on eva ties o-gem and o-pol in every month. February
    (a2: anna, bram, cem, eva) adds o-gem-o-wel and o-pol-o-wel and brings o-wel in; March
    (a3: cem, hostile) has o-pol-o-wel only; April (a4) adds o-gem-o-wel again, new against
    March."""
    store.apply(small_network())
    frames = {label: (n.set_index("org_id"), e) for label, n, e in trust.organisation_network_by_period(SYSTEM, store,
                                                                                                      "month")}

    def new_edges(label: str) -> set:
        e = frames[label][1]
        return {(s, t) for s, t, new in zip(e["source"], e["target"], e["new"], strict=True) if new}

    assert new_edges("2025-01") == set() and not frames["2025-01"][0]["new"].any()  # the first period has no previous
    assert new_edges("2025-02") == {("o-gem", "o-wel"), ("o-pol", "o-wel")}
    assert frames["2025-02"][0]["new"].to_dict() == {"o-gem": False, "o-pol": False, "o-wel": True}
    assert new_edges("2025-03") == set()
    assert new_edges("2025-04") == {("o-gem", "o-wel")}
    # One seeded layout of the union of all periods: nobody moves.
    positions = {label: n[["x", "y"]].to_dict("index") for label, (n, _) in frames.items()}
    first = positions["2025-01"]
    assert all(p == first for p in positions.values())
    union = pd.DataFrame([("o-gem", "o-pol"), ("o-gem", "o-wel"), ("o-pol", "o-wel")], columns=["source", "target"])
    expected = map_layout(["o-gem", "o-pol", "o-wel"], union)
    for o, p in first.items():
        assert (p["x"], p["y"]) == pytest.approx(expected[o])


def test_map_csv_says_in_dutch_what_each_row_is(store) -> None:
    """The map's CSV downloads gave the codes 'professional', 'resident' and 'co-participation'
    in a Dutch file; they say what the legend and tooltips say. Bert (bestuurder) has one tie,
    with Anna from the bestuurdersoverleg of two (strength 1)."""
    store.apply(small_network())
    nm = network_map(SYSTEM, store, None, "persons", tie_filter="small")
    md = map_view.readable_map(map_view.style_map(nm), nm.nodes, "degree", top=2)
    nodes_csv, edges_csv = (b.decode("utf-8-sig").splitlines() for b in map_view.view_csv(md, "Organisatie"))
    assert nodes_csv[0] == "id;naam;soort;organisatie;maat"
    assert "p-bert;Bert Mulder;bestuurder;Gemeente Raalte;1" in nodes_csv
    assert "r-4;Bewoner 4;bewoner;Geen organisatie;4" in nodes_csv
    assert "p-cem;Cem Yilmaz;wijkprofessional;Stichting De Brug (fictief);10" in nodes_csv
    assert edges_csv[0] == "van;naar;naam_van;naam_naar;sterkte;soort"
    assert "p-anna;p-bert;Anna de Vries;Bert Mulder;1,0;samen in activiteiten" in edges_csv
    assert not any(code in line for line in nodes_csv + edges_csv
                   for code in (";professional;", ";resident;", "co-participation", ";knows", ";both"))
