"""The Thema's services: figures per role, extending and merging the vocabulary."""

from __future__ import annotations

import pytest

import graph_schema as gs
from netwerk.access import PermissionDenied, Viewer
from netwerk.domain import ActivityTheme, ChangeSet, InputError, NotFoundError, StoreError
from netwerk.services import themes as th
from tests.unit.people_network import people_network

COORD = Viewer("coord", "coordinator")
PRO = Viewer("mehmet", "professional", "p-mo")
BESTUURDER = Viewer("bert", "bestuurder", "b1")


@pytest.fixture
def net(store):
    store.apply(people_network())
    return store


def test_overview_counts_trend_organisations_and_cooccurrence(net):
    net.apply(ChangeSet(activity_themes=[ActivityTheme(activity_id="s1", theme="ouderen")]))
    ov = th.theme_overview(PRO, net, freq="quarter")
    k = {(p, t): n for p, t, n in zip(ov.counts["period"], ov.counts["theme"], ov.counts["activities"], strict=True)}
    assert k[("2025-K1", "eenzaamheid")] == 1 and k[("2025-K2", "eenzaamheid")] == 1 and k[("2025-K2", "groen")] == 1
    assert k[("2025-K1", "groen")] == 0
    assert ov.cooccurrence.values.tolist() == [["eenzaamheid", "ouderen", 1]]
    assert ov.theme_activities == {"eenzaamheid": 2, "groen": 1, "ouderen": 1}
    eenz = ov.organisations[ov.organisations["theme"] == "eenzaamheid"]
    # equal activities: by organisation name (Politie before Welzijn)
    assert eenz[["org_id", "activities", "persons"]].values.tolist() == [["o3", 1, 1], ["o1", 1, 1]]


def test_bestuurder_sees_small_counts_suppressed(net):
    ov = th.theme_overview(BESTUURDER, net)
    assert set(ov.organisations["persons"]) == {"<5"}
    assert th.theme_overview(COORD, net).organisations["persons"].tolist() == [1, 1, 1, 1]


def test_vocabulary_is_seeded_and_counts_use(net):
    vocab = th.theme_vocabulary(PRO, net)
    assert set(vocab["name"]) == set(gs.THEMES)
    row = vocab.set_index("name").loc["eenzaamheid"]
    assert (row["activities"], row["assets"]) == (2, 2)


def test_coordinator_adds_a_theme(net):
    assert th.add_theme(COORD, net, "  Hondenpoep ", "leefomgeving") == "hondenpoep"
    assert "hondenpoep" in net.existing_ids("themes")
    with pytest.raises(InputError, match="bestaat al"):
        th.add_theme(COORD, net, "hondenpoep")
    with pytest.raises(InputError):
        th.add_theme(COORD, net, "   ")
    with pytest.raises(PermissionDenied):
        th.add_theme(PRO, net, "iets")


def test_merge_rewrites_activity_and_asset_links_in_one_go(net):
    th.add_theme(COORD, net, "alleen zijn")
    net.apply(ChangeSet(activity_themes=[ActivityTheme(activity_id="s4", theme="alleen zijn"),
                                         ActivityTheme(activity_id="s1", theme="alleen zijn")]))
    version = net.data_version()
    assert th.merge_themes(COORD, net, "Alleen Zijn", "eenzaamheid") == 2
    assert net.data_version() == version + 1
    links = net.table("activity_themes")
    assert "alleen zijn" not in set(links["theme"]) and "alleen zijn" not in net.existing_ids("themes")
    # s1 was about both: one link remains; s4 gains eenzaamheid.
    assert sorted(links.loc[links["theme"] == "eenzaamheid", "activity_id"]) == ["s1", "s2", "s4"]
    assert th.merge_themes(COORD, net, "groen", "eenzaamheid") == 1
    assets = net.table("assets").set_index("asset_id")["themes"].to_dict()
    assert assets == {"bron-1": ("eenzaamheid",), "bron-2": ("eenzaamheid",), "bron-3": ("eenzaamheid",)}


def test_merge_refusals_change_nothing(net):
    before = (net.data_version(), len(net.table("activity_themes")))
    with pytest.raises(NotFoundError):
        th.merge_themes(COORD, net, "bestaat-niet", "groen")
    with pytest.raises(InputError):
        th.merge_themes(COORD, net, "groen", "Groen")
    with pytest.raises(PermissionDenied):
        th.merge_themes(PRO, net, "groen", "eenzaamheid")
    with pytest.raises(NotFoundError):
        net.merge_theme("groen", "bestaat-niet")  # the store checks too, inside its transaction
    assert (net.data_version(), len(net.table("activity_themes"))) == before


def test_store_merge_is_atomic(net, monkeypatch):
    # A failure half-way (after the links were rewritten) leaves everything as it was.
    import netwerk.store.sqlite as sq

    def boom(_v):
        raise RuntimeError("stop")

    monkeypatch.setattr(sq, "_from_json", boom)
    with pytest.raises((RuntimeError, StoreError)):
        net.merge_theme("groen", "eenzaamheid")
    monkeypatch.undo()
    links = net.table("activity_themes")
    assert sorted(links["theme"]) == ["eenzaamheid", "eenzaamheid", "groen"]
    assert "groen" in net.existing_ids("themes")
