"""Collega zoeken, the card, ego network, paths, introducers and suggestions, per role."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from dashboard.map_view import ego_map_data
from netwerk.access import PermissionDenied, Viewer
from netwerk.domain import AMSTERDAM, Activity, ChangeSet, InputError, NotFoundError, Participation, Person
from netwerk.services import colleagues as c
from netwerk.services import seeding
from tests.unit.people_network import people_network

COORD = Viewer("coord", "coordinator")
MEHMET = Viewer("mehmet", "professional", "p-mo")
CEM = Viewer("cem", "professional", "p-ce")
BESTUURDER = Viewer("bert", "bestuurder", "b1")


@pytest.fixture
def net(store):
    store.apply(people_network())
    return store


def names(df) -> list[str]:
    return df["name"].tolist()


def test_fold_removes_case_and_accents():
    assert c.fold("Mehmet  ÖZTÜRK") == "mehmet ozturk"
    assert c.fold("Cem Yılmaz") == "cem yılmaz"  # dotless ı has no decomposition: kept


@pytest.mark.parametrize(("text", "expected"), [
    ("ozturk", ["Mehmet Öztürk"]),
    ("ÖZT", ["Mehmet Öztürk"]),
    ("opbouw", ["Mehmet Öztürk"]),  # part of the role
    ("turks", ["Mehmet Öztürk"]),  # a skill
    ("eenzaam", ["Cem Yılmaz", "Mehmet Öztürk"]),  # a theme they worked on
    ("welzijn oost", ["Dewi Pranoto", "Mehmet Öztürk"]),  # organisation, two words
    ("", ["Anna de Vries", "Cem Yılmaz", "Dewi Pranoto", "Mehmet Öztürk"]),
    ("nobody", []),
])
def test_search_text_tolerates_case_accents_and_partial_words(net, text, expected):
    assert names(c.search_colleagues(MEHMET, net, text)) == expected


def test_search_filters(net):
    assert names(c.search_colleagues(COORD, net, themes=("groen",))) == ["Anna de Vries", "Dewi Pranoto"]
    assert names(c.search_colleagues(COORD, net, skills=("abcd",))) == ["Mehmet Öztürk"]
    assert names(c.search_colleagues(COORD, net, buurten=("BU1",))) == ["Cem Yılmaz", "Mehmet Öztürk"]
    assert names(c.search_colleagues(COORD, net, organisations=("Gemeente Raalte",))) == ["Anna de Vries"]
    assert names(c.search_colleagues(COORD, net, groups=("Kernteam",))) == ["Anna de Vries", "Mehmet Öztürk"]
    assert names(c.search_colleagues(COORD, net, "de", themes=("groen",))) == ["Anna de Vries", "Dewi Pranoto"]
    opts = c.search_options(COORD, net)
    assert opts.themes == ["eenzaamheid", "groen"] and opts.groups == ["Kernteam"]


def test_card_has_contact_themes_and_recent_activities(net):
    card = c.colleague_card(CEM, net, "p-mo")
    assert (card.name, card.role_title, card.organisation) == ("Mehmet Öztürk", "opbouwwerker", "Welzijn Oost (fictief)")
    assert (card.email, card.phone) == ("m.ozturk@welzijn.example", "06-0000 0001")
    assert card.themes == ("eenzaamheid",)
    assert card.recent["title"].tolist() == ["Overleg", "Straatgesprek plein"]  # newest first
    assert c.colleague_card(CEM, net, "p-an").email is None
    with pytest.raises(NotFoundError):
        c.colleague_card(CEM, net, "r1")  # residents have no card


def test_ego_network_shows_residents_by_pseudonym_to_professionals(net):
    mine = ego_map_data(c.ego_map(CEM, net, "p-mo", radius=1))  # styled as the dashboard does
    assert sorted(mine.nodes["id"]) == ["p-an", "p-mo", "r1", "r2"]
    assert len(mine.edges) == 4  # p-mo-r1, p-mo-r2, r1-r2, p-mo-p-an
    labels = dict(zip(mine.nodes["id"], mine.nodes["label"], strict=True))
    assert labels["r2"] == "Bewoner 2"  # consented name hidden from professionals
    assert "Riet Hofman" not in " ".join(mine.nodes["title"])
    assert dict(zip(mine.nodes["id"], mine.nodes["size"], strict=True))["p-mo"] == 50.0
    coord = c.ego_map(COORD, net, "p-mo", radius=1)
    assert dict(zip(coord.nodes["id"], coord.nodes["label"], strict=True))["r2"] == "Riet Hofman"
    two = c.ego_map(CEM, net, "p-mo", radius=2)
    assert sorted(two.nodes["id"]) == ["p-an", "p-ce", "p-de", "p-mo", "r1", "r2"]


def test_paths_and_introducers_from_the_viewer(net):
    # Cem's only working tie is resident r1 (s2): a professional cannot ask a pseudonym for
    # an introduction, so there is no path to Anna and no introducer to Mehmet.
    assert c.paths_to(CEM, net, "p-an") == []
    assert c.introducers_for(CEM, net, "p-mo").empty
    assert c.paths_to(MEHMET, net, "p-de") == [[("p-mo", "Mehmet Öztürk"), ("p-an", "Anna de Vries"),
                                                ("p-de", "Dewi Pranoto")]]
    intro = c.introducers_for(MEHMET, net, "p-de")
    assert intro[["person_id", "label", "weight_a", "weight_b", "distance"]].values.tolist() == [
        ["p-an", "Anna de Vries", 1, 1, 2.0]]
    assert intro.loc[0, "reason"] == "Werkt met beiden: 1 gedeelde activiteit met Mehmet Öztürk, 1 met Dewi Pranoto"
    with pytest.raises(InputError):
        c.paths_to(MEHMET, net, "r1")  # a resident is no one to be introduced to
    with pytest.raises(InputError):
        c.paths_to(COORD, net, "p-an")  # the coordinator account has no person


def test_suggestions_for_a_professional(net):
    df = c.suggestions(MEHMET, net)
    # p-mo and p-ce share eenzaamheid and BU1, each linked to two professionals: 2 / ln 2.
    assert df["other_id"].tolist() == ["p-ce"]
    assert df.loc[0, "score"] == pytest.approx(2 / math.log(2))
    # Their common contact r1 is a resident, who is not counted (no one to ask for an introduction).
    assert df.loc[0, "reason"] == "werkt ook aan eenzaamheid in BU1, nog geen gemeenschappelijke contacten"
    assert df.loc[0, "common_contacts"] == 0
    assert c.suggestions(COORD, net, "p-mo").equals(df)
    with pytest.raises(PermissionDenied):
        c.suggestions(MEHMET, net, "p-ce")


def _weighted_network() -> ChangeSet:
    """Thijs (p-t), Gert-Jan (p-g), Petra (p-p): professionals; resident r27 (Bewoner 27).

    Two-person straatgesprekken: Thijs-Gert-Jan once (weight 1, distance 1), Thijs-Petra
    and Petra-Gert-Jan three times each (distance 1/3 + 1/3 = 2/3), Thijs-r27 and
    r27-Gert-Jan four times each (distance 1/4 + 1/4 = 1/2).
    """
    persons = [Person(person_id=p, kind="professional", display_name=n, role_title="wijkregisseur")
               for p, n in (("p-t", "Thijs"), ("p-g", "Gert-Jan"), ("p-p", "Petra"))]
    persons.append(Person(person_id="r27", kind="resident", pseudonym="Bewoner 27"))
    pairs = [("p-t", "p-g")] + [("p-t", "p-p"), ("p-p", "p-g")] * 3 + [("p-t", "r27"), ("r27", "p-g")] * 4
    acts, parts = [], []
    for i, pair in enumerate(pairs):
        acts.append(Activity(activity_id=f"w{i:02d}", kind="straatgesprek", title=f"Gesprek {i}",
                             date=dt.datetime(2025, 3, 1 + i, 10, tzinfo=AMSTERDAM)))
        parts += [Participation(activity_id=f"w{i:02d}", person_id=p, role="participant") for p in pair]
    return ChangeSet(persons=persons, activities=acts, participations=parts)


def test_paths_and_introducers_on_distance_and_never_via_a_resident(store):
    store.apply(_weighted_network())
    thijs = Viewer("thijs", "professional", "p-t")
    # Over the resident: 1/2; over Petra: 2/3; direct: 1. The resident is left out, and the
    # weak direct tie loses to the two strong ones.
    assert [[n for n, _ in p] for p in c.paths_to(thijs, store, "p-g")] == [["p-t", "p-p", "p-g"], ["p-t", "p-g"]]
    intro = c.introducers_for(thijs, store, "p-g")
    assert intro["person_id"].tolist() == ["p-p"]
    assert intro.loc[0, "distance"] == pytest.approx(2 / 3)
    assert intro.loc[0, "reason"] == "Werkt met beiden: 3 gedeelde activiteiten met Thijs, 3 met Gert-Jan"
    with pytest.raises(InputError):
        c.introducers_for(thijs, store, "r27")


def test_demo_thijs_to_gert_jan_runs_through_colleagues_only(store):
    seeding.seed(store, "demo")
    thijs = Viewer("thijs", "professional", "p02")
    kind = dict(zip(store.table("persons")["person_id"], store.table("persons")["kind"], strict=True))
    paths = c.paths_to(thijs, store, "p20")  # Gert-Jan Weustink
    assert paths
    assert all(kind[n] != "resident" for p in paths for n, _ in p)
    assert not any("Bewoner" in label for p in paths for _, label in p)
    # Working-tie strengths (Newman sum over shared activities + kent reports), from the demo
    # tables: Thijs-Petra (p18) 17 shared activities (sizes 5 to 24) 1.5574; Petra-Gert-Jan 12
    # shared (sizes 4 to 24) 1.2393 + 3 kent reports = 4.2393; Thijs-Marieke (p01) 25 shared
    # 2.5316; Marieke-Petra 20 shared 1.9717; Marieke-Gert-Jan 10 shared 0.6619; Thijs-Gert-Jan
    # 9 shared 0.4952 (a direct but weak tie, distance 2.019). Via Petra: 1/1.5574 + 1/4.2393 =
    # 0.8780; via Marieke and Petra: 1/2.5316 + 1/1.9717 + 1/4.2393 = 1.1381; both shorter than
    # any other route through professionals (next: via p13 and Petra, 1.3196).
    assert [[n for n, _ in p] for p in paths[:2]] == [["p02", "p18", "p20"], ["p02", "p01", "p18", "p20"]]
    # The weak direct tie (distance 2.019) is not among the three shortest, but is never hidden: it comes last.
    assert len(paths) == 4 and [n for n, _ in paths[-1]] == ["p02", "p20"]
    intro = c.introducers_for(thijs, store, "p20")
    assert len(intro) and set(intro["kind"]) <= {"professional", "volunteer", "bestuurder"}
    assert intro.loc[0, "person_id"] == "p18" and intro.loc[0, "distance"] == pytest.approx(0.8780, abs=1e-4)
    assert intro.loc[0, "reason"] == ("Werkt met beiden: 17 gedeelde activiteiten met Thijs van der Veen, "
                                      "12 gedeelde activiteiten en 3 keer gemeld contact met Gert-Jan Weustink")
    # Marieke: 1/2.5316 + 1/0.6619 = 1.9058.
    assert intro.loc[1, "person_id"] == "p01" and intro.loc[1, "distance"] == pytest.approx(1.9058, abs=1e-4)
    assert intro["reason"].str.contains("Thijs van der Veen").all()
    sugg = c.suggestions(thijs, store)
    assert set(sugg["other_id"].map(kind)) == {"professional"}


def test_organisation_gaps_for_coordinators(net):
    gaps = c.organisation_gaps(COORD, net)
    # o1-o2 share groen but Dewi and Anna met in s4; o1-o3 share eenzaamheid without a tie.
    assert gaps[["org_a", "org_b", "shared_themes"]].values.tolist() == [["o1", "o3", ("eenzaamheid",)]]
    with pytest.raises(PermissionDenied):
        c.organisation_gaps(MEHMET, net)


@pytest.mark.parametrize("call", [
    lambda s: c.search_colleagues(BESTUURDER, s, "ozturk"),
    lambda s: c.search_options(BESTUURDER, s),
    lambda s: c.colleague_card(BESTUURDER, s, "p-mo"),
    lambda s: c.ego_map(BESTUURDER, s, "p-mo"),
    lambda s: c.paths_to(BESTUURDER, s, "p-mo"),
    lambda s: c.introducers_for(BESTUURDER, s, "p-mo"),
    lambda s: c.suggestions(BESTUURDER, s),
    lambda s: c.organisation_gaps(BESTUURDER, s),
])
def test_bestuurders_get_no_people_pages(net, call):
    with pytest.raises(PermissionDenied):
        call(net)


def test_contact_details_only_for_non_residents():
    from pydantic import ValidationError

    from netwerk.domain import Person

    with pytest.raises(ValidationError, match="geen contactgegevens"):
        Person(person_id="r9", kind="resident", pseudonym="Bewoner 9", phone="06-0000 0000")
    with pytest.raises(ValidationError, match="ongeldig e-mailadres"):
        Person(person_id="p9", kind="professional", display_name="X", email="geen-adres")
    assert Person(person_id="p9", kind="professional", display_name="X", email="x@y.example").email == "x@y.example"
