"""Neighbourhood figures: CBS Kerncijfers as Area properties (published figures through the
demo seed), the ``gebieden`` import kind, and hand-computed network measures per area."""

from __future__ import annotations

import csv
import math
from datetime import datetime
from pathlib import Path

import pytest

from netwerk.access import SYSTEM, Viewer, round_count
from netwerk.analysis.areas import area_measures
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    Area,
    ChangeSet,
    ImportValidationError,
    Organisation,
    Participation,
    Person,
    WorksFor,
)
from netwerk.ingest.cbs import CBS_INDICATORS, indicator_label, parent_codes
from netwerk.services import areas, seeding
from netwerk.services.importing import import_files
from seeds.cbs import convert

CBS_FILE = Path(__file__).resolve().parents[1] / "data" / "cbs" / "raalte_kwb2024_wijken.csv"
BESTUURDER = Viewer(user_id="b", role="bestuurder")
PROFESSIONAL = Viewer(user_id="p", role="professional")


def published() -> list[dict[str, str]]:
    """The rows of the CBS file as published (its ``#`` source lines skipped)."""
    with CBS_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture
def demo(store):
    seeding.seed(store, "demo")
    return store


# --- CBS figures through the demo seed -------------------------------------------------------


def test_every_published_cbs_figure_comes_back_from_the_store_after_seeding(demo) -> None:
    rows = published()
    got = areas.areas(SYSTEM, demo).set_index("code")
    # The CBS gemeente and wijken, plus the demo's eight invented buurten (no CBS figures).
    assert sorted(c for c in got.index if not c.startswith("BU")) == sorted(r["regiocode"] for r in rows)
    assert sorted(c for c in got.index if c.startswith("BU")) == [f"BU017701{n:02d}" for n in range(8)]
    checked = 0
    for r in rows:
        for key, text in r.items():
            if key in CBS_INDICATORS:
                assert got.loc[r["regiocode"], key] == int(text), (r["regiocode"], key)
                assert isinstance(got.loc[r["regiocode"], key], int)
                checked += 1
    assert checked == 10 * 8
    # The figures as CBS publishes them (85984NED), written out.
    gm = got.loc["GM0177"]
    assert (gm["AantalInwoners_5"], gm["Mannen_6"], gm["Vrouwen_7"]) == (38364, 19253, 19111)
    assert (gm["Woningvoorraad_35"], gm["OppervlakteTotaal_122"], gm["Bevolkingsdichtheid_34"]) == (16461, 17229, 224)
    assert (got.loc["WK017701", "AantalInwoners_5"], got.loc["WK017701", "Woningvoorraad_35"]) == (19995, 8905)
    # CBS rounds the wijk counts to 5, so the wijken add up to 38 360, not the gemeente's 38 364.
    assert got.loc[got["level"] == "wijk", "AantalInwoners_5"].sum() == 38360


def test_store_keeps_codes_as_the_key_and_marks_inferred_names(demo) -> None:
    t = demo.table("areas").set_index("code")
    assert t.loc["GM0177", "level"] == "gemeente" and not t.loc["GM0177", "name_uncertain"]
    assert set(t.loc[t["level"] == "wijk"].index) == {f"WK0177{i:02d}" for i in range(1, 10)}
    assert t.loc[t["level"] == "wijk", "name_uncertain"].all()
    labels = areas.areas(SYSTEM, demo).set_index("code")["label"]
    assert labels["GM0177"] == "Raalte"
    assert labels["WK017707"] == "Heino (naam onzeker)"
    assert labels["WK017704"] == "Broekland of Nieuw Heeten (naam onzeker)"
    assert labels["WK017706"] == "Nieuw Heeten of Broekland (naam onzeker)"


def test_seed_file_is_what_the_converter_writes(tmp_path: Path) -> None:
    assert convert.convert(tmp_path) == 10
    bundled = Path(convert.__file__).resolve().parent / "gebieden.csv"
    assert (tmp_path / "gebieden.csv").read_bytes() == bundled.read_bytes()


def test_area_name_from_the_source_markers() -> None:
    assert convert.area_name("WK017707", "Heino [inferred]") == ("Heino", True)
    assert convert.area_name("WK017704", "Broekland or Nieuw Heeten [inferred, uncertain]") == (
        "Broekland of Nieuw Heeten", True)
    assert convert.area_name("GM0177", "Raalte (gemeente)") == ("Raalte", False)


def test_demo_area_overview_counts_buurten_into_their_wijk_and_gemeente(demo) -> None:
    ov = areas.area_overview(SYSTEM, demo).set_index("code")
    snap = demo.snapshot()
    in_wijk = snap.activities["buurt_code"].fillna("").str.startswith("BU017701")
    assert ov.loc["WK017701", "activities"] == int(in_wijk.sum())
    assert ov.loc["GM0177", "activities"] == int(in_wijk.sum())
    assert ov.loc["WK017702", "activities"] == 0 and math.isnan(ov.loc["WK017702", "density"])
    buurten = ov[ov["level"] == "buurt"]
    assert buurten["activities"].sum() == ov.loc["WK017701", "activities"]
    # The demo's buurt names are invented, so every one is marked uncertain.
    assert buurten.loc["BU01770106", "label"] == "Raalte-Noord (naam onzeker)"
    assert buurten["label"].str.endswith("(naam onzeker)").all()
    assert ov.loc["WK017701", "residents_per_1000"] == pytest.approx(1000 * ov.loc["WK017701", "residents"] / 19995)
    assert list(ov["level"])[:10] == ["gemeente"] + ["wijk"] * 9


# --- hand-computed measures on a tiny network ----------------------------------------------


def _t(day: int) -> datetime:
    return datetime(2025, 3, day, 14, tzinfo=AMSTERDAM)


def tiny() -> ChangeSet:
    """Two wijken of gemeente 0177. a1 in buurt 0101 (r1, r2, p1; 2 anonymous), a2 in
    buurt 0102 (p1, p2), a3 in buurt 0201 of wijk 02 (r3, p3; 1 anonymous), a4 without a
    buurt (p1, p2, p3: counted nowhere). r1 lives in 0101, r3 in 0201."""
    return ChangeSet(
        organisations=[Organisation(org_id="o1", name="Gemeente", sector="gemeente"),
                       Organisation(org_id="o2", name="Welzijn", sector="welzijn")],
        persons=[
            Person(person_id="r1", kind="resident", pseudonym="Bewoner 1", buurt_code="BU01770101"),
            Person(person_id="r2", kind="resident", pseudonym="Bewoner 2"),
            Person(person_id="r3", kind="resident", pseudonym="Bewoner 3", buurt_code="BU01770201"),
            Person(person_id="p1", kind="professional", display_name="Anna"),
            Person(person_id="p2", kind="professional", display_name="Bram"),
            Person(person_id="p3", kind="professional", display_name="Cem"),
        ],
        works_for=[WorksFor(person_id="p1", org_id="o1"), WorksFor(person_id="p2", org_id="o2"),
                   WorksFor(person_id="p3", org_id="o1")],
        activities=[
            Activity(activity_id="a1", kind="straatgesprek", date=_t(3), buurt_code="BU01770101", anonymous_participants=2),
            Activity(activity_id="a2", kind="straatgesprek", date=_t(4), buurt_code="BU01770102"),
            Activity(activity_id="a3", kind="straatgesprek", date=_t(5), buurt_code="BU01770201", anonymous_participants=1),
            Activity(activity_id="a4", kind="professionalsoverleg", date=_t(6)),
        ],
        participations=[Participation(activity_id=a, person_id=p) for a, ps in
                        (("a1", "r1 r2 p1"), ("a2", "p1 p2"), ("a3", "r3 p3"), ("a4", "p1 p2 p3")) for p in ps.split()],
        areas=[
            Area(code="GM0177", name="Raalte", level="gemeente", indicators={"AantalInwoners_5": 38364}),
            Area(code="WK017701", name="Kern", level="wijk", name_uncertain=True),
            Area(code="WK017702", name="Dorp", level="wijk", indicators={"AantalInwoners_5": 2000}),
        ],
    )


# code: activities, residents, professionals, anonymous, organisations, residents_living, persons, ties, density
EXPECTED = {
    "BU01770101": (1, 2, 1, 2, 1, 1, 3, 3, 1.0),         # triangle r1-r2-p1
    "BU01770102": (1, 0, 2, 0, 2, 0, 2, 1, 1.0),         # p1-p2
    "BU01770201": (1, 1, 1, 1, 1, 1, 2, 1, 1.0),         # r3-p3
    "WK017701": (2, 2, 2, 2, 2, 1, 4, 4, 4 / 6),         # triangle + p1-p2 among 4 persons
    "WK017702": (1, 1, 1, 1, 1, 1, 2, 1, 1.0),
    "GM0177": (3, 3, 3, 3, 2, 2, 6, 5, 5 / 15),          # a4's ties (no buurt) are not counted
}
COLUMNS = ("activities", "residents", "professionals", "anonymous_participants", "organisations", "residents_living",
           "persons", "ties", "density")


@pytest.fixture
def tiny_store(store):
    store.apply(tiny())
    return store


def test_area_measures_hand_computed(tiny_store) -> None:
    m = area_measures(tiny_store.snapshot()).set_index("code")
    assert sorted(m.index) == sorted(EXPECTED)
    for code, values in EXPECTED.items():
        got = tuple(m.loc[code, c] for c in COLUMNS)
        assert got[:-1] == values[:-1], code
        assert got[-1] == pytest.approx(values[-1]), code


def test_area_overview_puts_measures_beside_cbs_figures(tiny_store) -> None:
    ov = areas.area_overview(SYSTEM, tiny_store).set_index("code")
    assert list(ov.index) == ["GM0177", "WK017701", "WK017702", "BU01770101", "BU01770102", "BU01770201"]
    for code, values in EXPECTED.items():
        assert tuple(ov.loc[code, c] for c in COLUMNS[:-1]) == values[:-1]
    assert ov.loc["WK017702", "residents_per_1000"] == pytest.approx(0.5)      # 1000 * 1 / 2000
    assert ov.loc["GM0177", "residents_per_1000"] == pytest.approx(3000 / 38364)
    assert ov.loc["WK017701", "label"] == "Kern (naam onzeker)" and ov.loc["WK017701", "AantalInwoners_5"] is None
    assert ov.loc["BU01770201", "wijk"] == "WK017702" and ov.loc["BU01770201", "gemeente"] == "GM0177"
    assert ov.loc["BU01770201", "label"] == "(geen gebiedsgegevens)" and ov.loc["BU01770201", "level"] == "buurt"


def test_professional_sees_the_same_counts(tiny_store) -> None:
    a = areas.area_overview(SYSTEM, tiny_store)
    b = areas.area_overview(PROFESSIONAL, tiny_store)
    assert a[list(COLUMNS[:-1])].equals(b[list(COLUMNS[:-1])])


def test_bestuurder_counts_below_five_are_suppressed(tiny_store) -> None:
    ov = areas.area_overview(BESTUURDER, tiny_store).set_index("code")
    for code, values in EXPECTED.items():
        for c, v in zip(COLUMNS[:-1], values[:-1], strict=True):
            assert ov.loc[code, c] == round_count(v), (code, c)
    # Counts of 5 and more are rounded to a multiple of 5 (6 persons -> 5), the density computed from
    # the rounded counts (5 ties among 5 persons: 1/2, not the exact 5/15), so it gives back no exact count.
    assert ov.loc["GM0177", "persons"] == 5 and ov.loc["GM0177", "ties"] == 5
    assert ov.loc["GM0177", "density"] == pytest.approx(0.5)
    assert ov.loc["BU01770101", "density"] == "afgeschermd"  # 3 persons, 3 ties: "<5"
    # 1 resident per 2000 inhabitants would give the count back: withheld.
    assert ov.loc["WK017702", "residents_per_1000"] is None
    assert ov.loc["WK017702", "AantalInwoners_5"] == 2000  # CBS's published figure is shown as is


def test_period_filter_applies_to_network_measures_only(tiny_store) -> None:
    from netwerk.domain import SnapshotFilter

    ov = areas.area_overview(SYSTEM, tiny_store, SnapshotFilter(start=_t(5).date(), end=_t(6).date())).set_index("code")
    assert ov.loc["GM0177", "activities"] == 1 and ov.loc["WK017701", "activities"] == 0
    assert ov.loc["GM0177", "AantalInwoners_5"] == 38364


# --- the gebieden import kind ---------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_gebieden_import_is_idempotent_and_derives_level(store, tmp_path: Path) -> None:
    f = _write(tmp_path / "gebieden.csv",
               "Code;Naam;Niveau;Naam onzeker;AantalInwoners_5;GemiddeldeHuishoudensgrootte_33\n"
               "GM0177;Raalte;Gemeente;nee;38364;2,3\n"
               "WK017701;Raalte-Noord;;ja;19995;\n")
    first = import_files(store, [f])
    assert first.created == {"areas": 2}
    again = import_files(store, [f])
    assert not again.changed
    t = store.table("areas").set_index("code")
    assert t.loc["WK017701", "level"] == "wijk" and bool(t.loc["WK017701", "name_uncertain"])
    assert t.loc["GM0177", "indicators"] == {"AantalInwoners_5": 38364, "GemiddeldeHuishoudensgrootte_33": 2.3}
    assert t.loc["WK017701", "indicators"] == {"AantalInwoners_5": 19995}


def test_gebieden_import_refuses_bad_codes_with_file_row_and_column(store, tmp_path: Path) -> None:
    f = _write(tmp_path / "gebieden.csv",
               "code;naam;niveau;AantalInwoners_5\n"
               "GM0177;Raalte;gemeente;38364\n"
               "WK01771;Fout;;10\n"
               "BU01770101;Buurt;wijk;5\n"
               "WK017702;Dorp;wijk;veel\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [f])
    errors = {(x.row, x.column): x.message for x in e.value.errors}
    assert set(errors) == {(3, "code"), (4, "niveau"), (5, "AantalInwoners_5")}
    assert "ongeldige CBS-gebiedscode 'WK01771'" in errors[(3, "code")]
    assert "BU01770101 is een buurt, geen wijk" in errors[(4, "niveau")]
    assert store.counts()["areas"] == 0  # all or nothing


def test_parent_codes_and_labels() -> None:
    assert parent_codes("BU01770101") == ["BU01770101", "WK017701", "GM0177"]
    assert parent_codes("wk017701") == ["WK017701", "GM0177"]
    assert parent_codes("GM0177") == ["GM0177"]
    assert parent_codes("Raalte-Noord") == ["Raalte-Noord"]
    assert indicator_label("AantalInwoners_5") == "Aantal inwoners"
    assert indicator_label("OppervlakteLand_123") == "Oppervlakte land (ha)"
    assert Area.level_for("BU01770101") == "buurt" and Area.level_for("XX12") is None
