"""Rights of residents: inzage, erasure with consistent past figures, consent withdrawal,
retention purge, the free-text check, and the ``netwerk privacy`` commands."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.cli import app
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    ChangeSet,
    InputError,
    Knows,
    NotFoundError,
    Organisation,
    Participation,
    Person,
    Rating,
    SurveyRound,
    WorksFor,
)
from netwerk.report.inzage import inzage_html
from netwerk.services import privacy, seeding, users
from netwerk.services.network import participant_counts

HOSTILE = '<script>window.__pwned=1</script>"><img src=x onerror=alert(1)>'


def _network() -> ChangeSet:
    def act(aid, day, title=None):
        return Activity(activity_id=aid, kind="bewonersbijeenkomst", date=datetime(*day, 19, 0, tzinfo=AMSTERDAM), title=title)

    return ChangeSet(
        organisations=[Organisation(org_id="gem", name="Gemeente", sector="gemeente")],
        persons=[
            Person(person_id="p1", kind="professional", display_name="Anna de Vries"),
            Person(person_id="p2", kind="professional", display_name=HOSTILE),
            Person(person_id="r1", kind="resident", pseudonym="Bewoner 1"),
            Person(person_id="r2", kind="resident", pseudonym="Bewoner 2", display_name="Riet Hofman", consent_named=True,
                   consent_date=date(2025, 4, 1), consent_scope="naam zichtbaar voor coördinatoren"),
            Person(person_id="r3", kind="resident", pseudonym="Bewoner 3"),
            Person(person_id="r4", kind="resident", pseudonym="Bewoner 4"),
        ],
        works_for=[WorksFor(person_id="p1", org_id="gem"), WorksFor(person_id="p2", org_id="gem")],
        activities=[act("a1", (2023, 1, 10), "Buurtavond"), act("a2", (2025, 5, 1)), act("a3", (2025, 5, 20))],
        participations=[
            Participation(activity_id="a1", person_id="p1"), Participation(activity_id="a1", person_id="r1"),
            Participation(activity_id="a1", person_id="r2"),
            Participation(activity_id="a2", person_id="p1"), Participation(activity_id="a2", person_id="r2"),
            Participation(activity_id="a3", person_id="p2"), Participation(activity_id="a3", person_id="r2"),
        ],
        activity_themes=[ActivityTheme(activity_id="a1", theme="groen")],
        knows=[Knows(from_id="r2", to_id="r1", since=date(2022, 6, 1)), Knows(from_id="r3", to_id="p1", since=date(2022, 1, 1))],
        survey_rounds=[SurveyRound(round_id="r0", name="Nulmeting", date=date(2025, 2, 1))],
        ratings=[Rating(round_id="r0", rater_id="p1", rater_type="person", rated_id="gem", rated_type="organisation",
                        reliability=3, mission=3, openness=4)],
    )


@pytest.fixture
def filled(store):
    store.apply(_network())
    return store


def test_export_holds_everything_on_the_person(filled):
    data = privacy.export_person(SYSTEM, filled, "r2")
    assert data["person"]["display_name"] == "Riet Hofman"
    assert data["person"]["consent_date"] == "2025-04-01"
    assert [a["activity_id"] for a in data["activities"]] == ["a1", "a2", "a3"]
    assert data["activities"][0]["themes"] == ["groen"] and data["activities"][0]["title"] == "Buurtavond"
    assert data["activities"][0]["date"] == "2023-01-10T19:00:00+01:00"
    assert data["ties"] == [{"from_id": "r2", "to_id": "r1", "source": "gemeld", "since": "2022-06-01", "count": 1,
                             "until": None, "attributes": [], "other_person": "Bewoner 1"}]  # until/attributes: migration 4
    mine = privacy.export_person(SYSTEM, filled, "p1")
    assert mine["organisations"][0]["organisation"] == "Gemeente"
    assert mine["ratings_given"][0]["reliability"] == 3
    assert mine["ties"][0]["other_person"] == "Bewoner 3"
    assert json.loads(privacy.export_json(data))["person"]["person_id"] == "r2"
    exported = filled.audit_events().query("action == 'export'")
    assert sorted(exported["target"]) == ["p1", "r2"]
    with pytest.raises(NotFoundError):
        privacy.export_person(SYSTEM, filled, "zzz")


def test_inzage_html_escapes_every_value(filled):
    page = inzage_html(privacy.export_person(SYSTEM, filled, "p2"))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Inzage" in page and "Activiteiten waaraan is deelgenomen" in page


def test_erase_keeps_participant_counts_of_past_periods(filled):
    before = participant_counts(SYSTEM, filled, freq="quarter").set_index("period")
    assert before.loc["2023-K1", "participants"] == 3 and before.loc["2025-K2", "participants"] == 4
    users.add_user(SYSTEM, filled, "riet", "professional", "wachtwoord-riet", person_id="r2")
    privacy.erase_person(SYSTEM, filled, "r2")
    after = participant_counts(SYSTEM, filled, freq="quarter").set_index("period")
    assert after["participants"].equals(before["participants"])
    assert after["activities"].equals(before["activities"])
    assert (after.loc["2023-K1", "recorded"], after.loc["2023-K1", "anonymous"]) == (2, 1)
    assert (after.loc["2025-K2", "recorded"], after.loc["2025-K2", "anonymous"]) == (2, 2)
    assert "r2" not in filled.existing_ids("persons")
    assert filled.table("knows")["from_id"].tolist() == ["r3"]
    assert filled.get_user("riet").person_id is None  # the account loses its link
    erased = filled.audit_events().query("action == 'erase'")
    assert list(erased["target"]) == ["r2"] and "Riet" not in " ".join(filled.audit_events()["detail"].dropna())


def test_withdrawing_consent_removes_the_name_at_once(filled):
    assert filled.snapshot().persons.set_index("person_id").loc["r2", "label"] == "Riet Hofman"
    assert privacy.withdraw_consent(SYSTEM, filled, "r2") is True
    row = filled.table("persons").set_index("person_id").loc["r2"]
    assert (row["display_name"], row["consent_named"], row["consent_date"], row["consent_scope"]) == (None, False, None, None)
    assert row["pseudonym"] == "Bewoner 2"
    assert filled.snapshot().persons.set_index("person_id").loc["r2", "label"] == "Bewoner 2"
    assert privacy.withdraw_consent(SYSTEM, filled, "r2") is False
    with pytest.raises(InputError, match="geen bewoner"):
        privacy.withdraw_consent(SYSTEM, filled, "p1")
    assert list(filled.audit_events().query("action == 'consent_withdrawn'")["target"]) == ["r2"]


def test_retention_plan_uses_the_latest_contact(filled):
    # Cutoff 01-06-2023. r1: last activity 10-01-2023 -> erase. r2: activity in 2025 -> keep.
    # r3: only a KNOWS tie since 01-01-2022 -> erase. r4: no contact at all -> kept, listed as undated.
    plan = privacy.retention_plan(SYSTEM, filled, months=24, today=date(2025, 6, 1))
    assert plan.cutoff == date(2023, 6, 1)
    assert plan.to_erase.to_dict("records") == [
        {"person_id": "r1", "label": "Bewoner 1", "last_contact": date(2023, 1, 10)},
        {"person_id": "r3", "label": "Bewoner 3", "last_contact": date(2022, 1, 1)},
    ]
    assert plan.undated["person_id"].tolist() == ["r4"]
    counts = filled.counts()
    dry = privacy.purge(SYSTEM, filled, months=24, today=date(2025, 6, 1))
    assert not dry.done and filled.counts() == counts
    done = privacy.purge(SYSTEM, filled, months=24, today=date(2025, 6, 1), dry_run=False)
    assert done.done
    assert filled.existing_ids("persons") == {"p1", "p2", "r2", "r4"}
    assert filled.table("activities").set_index("activity_id").loc["a1", "anonymous_participants"] == 1
    assert len(filled.audit_events().query("action == 'purge'")) == 1
    # A shorter period reaches r2 (latest contact 20-05-2025).
    assert privacy.retention_plan(SYSTEM, filled, months=1, today=date(2025, 7, 1)).to_erase["person_id"].tolist() == ["r2"]
    with pytest.raises(InputError):
        privacy.retention_plan(SYSTEM, filled, months=0)


def test_retention_default_comes_from_settings(filled, monkeypatch):
    monkeypatch.setenv("NETWERK_RETENTION_MONTHS", "6")
    plan = privacy.retention_plan(SYSTEM, filled, today=date(2025, 12, 31))
    assert (plan.months, plan.cutoff) == (6, date(2025, 6, 30))
    assert plan.to_erase["person_id"].tolist() == ["r1", "r2", "r3"]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 3, 31), 1, date(2025, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2025, 1, 15), 24, date(2023, 1, 15)),
    (date(2025, 1, 15), 13, date(2023, 12, 15)),
])
def test_months_before_clamps_to_the_end_of_the_month(day, months, expected):
    assert privacy._months_before(day, months) == expected


def test_privacy_actions_are_for_coordinators_only(filled):
    for role in ("professional", "bestuurder"):
        v = Viewer(user_id="x", role=role)
        for call, args in (
            (privacy.export_person, ("r2",)),
            (privacy.erase_person, ("r2",)),
            (privacy.withdraw_consent, ("r2",)),
            (privacy.person_consent, ("r2",)),
            (privacy.retention_plan, ()),
            (privacy.purge, (None, None, False)),
            (privacy.scan_titles, ()),
            (privacy.person_choices, ()),
        ):
            with pytest.raises(PermissionDenied):
                call(v, filled, *args)
    assert "r2" in filled.existing_ids("persons")


def test_text_warnings_find_names_contacts_and_sensitive_words(filled):
    assert privacy.text_warnings(SYSTEM, filled, "Buurtavond over groen in de Veldhoek") == []
    w = privacy.text_warnings(SYSTEM, filled, "Gesprek met riet hofman over haar SCHULDEN, bel 06-12345678")
    assert len(w) == 3
    assert "Riet Hofman" in w[0] and "telefoonnummer" in w[1] and "schulden" in w[2]
    assert "e-mailadres" in privacy.text_warnings(SYSTEM, filled, "mail anna@example.org")[0]
    # A professional's text is not matched against a resident's name hidden from them: a
    # warning would confirm that a resident of that name is on record.
    assert privacy.text_warnings(Viewer(user_id="x", role="professional"), filled, "met Riet Hofman") == []
    filled.apply(ChangeSet(activities=[Activity(activity_id="a9", kind="overig", date=datetime(2025, 6, 1, 10, 0),
                                                title="Huisbezoek Bewoner 4 (depressief)")]))
    flagged = privacy.scan_titles(SYSTEM, filled)
    assert flagged["id"].tolist() == ["a9"]


def test_cli_privacy_export_erase_and_purge(filled, store_url, tmp_path):
    runner = CliRunner()
    out = tmp_path / "inzage-r2"
    r = runner.invoke(app, ["--store", store_url, "privacy", "export", "r2", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "inzage-r2.json").read_text("utf-8"))["person"]["display_name"] == "Riet Hofman"
    assert "Riet Hofman" in (tmp_path / "inzage-r2.html").read_text("utf-8")
    r = runner.invoke(app, ["--store", store_url, "privacy", "purge", "--older-than", "24", "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "r1" in r.output and "r3" in r.output and "2 bewoners zouden worden gewist." in r.output
    assert "r1" in filled.existing_ids("persons")
    r = runner.invoke(app, ["--store", store_url, "privacy", "erase", "r1"], input="n\n")
    assert r.exit_code != 0 and "r1" in filled.existing_ids("persons")  # not confirmed
    r = runner.invoke(app, ["--store", store_url, "privacy", "erase", "r1", "--yes"])
    assert r.exit_code == 0 and "r1" not in filled.existing_ids("persons")
    r = runner.invoke(app, ["--store", store_url, "privacy", "withdraw-consent", "r2"])
    assert r.exit_code == 0 and "pseudoniem" in r.output
    r = runner.invoke(app, ["--store", store_url, "privacy", "erase", "zzz", "--yes"])
    assert r.exit_code == 1 and "bestaat niet" in r.output
    cli_users = set(filled.audit_events()["user_id"])
    assert len(cli_users) == 1 and next(iter(cli_users)).startswith("cli:")


def test_cli_users_commands(store_url, store):
    runner = CliRunner()
    r = runner.invoke(app, ["--store", store_url, "users", "add", "anna", "--role", "professional", "--password-stdin"],
                      input="een-goed-wachtwoord\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--store", store_url, "users", "add", "bram", "--role", "coordinator"],
                      input="nog-een-wachtwoord\nnog-een-wachtwoord\n")
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["--store", store_url, "users", "set-role", "anna", "--role", "bestuurder"]).exit_code == 0
    assert runner.invoke(app, ["--store", store_url, "users", "disable", "anna"]).exit_code == 0
    r = runner.invoke(app, ["--store", store_url, "users", "list"])
    lines = r.output.splitlines()
    assert lines[0].split()[:3] == ["anna", "bestuurder", "uitgeschakeld"]
    assert lines[1].split()[:3] == ["bram", "coördinator", "actief"]
    r = runner.invoke(app, ["--store", store_url, "users", "add", "kort", "--role", "professional", "--password-stdin"],
                      input="kort\n")
    assert r.exit_code == 2 and "minstens 10 tekens" in r.output
    assert "een-goed-wachtwoord" not in r.output
    assert "password_hash" not in store.users().columns


def test_seed_demo_creates_demo_accounts(store_url, store):
    r = CliRunner().invoke(app, ["--store", store_url, "seed", "demo"])
    assert r.exit_code == 0, r.output
    assert "Demo-accounts aangemaakt: coordinator, professional, bestuurder." in r.output
    assert store.get_user("professional").person_id == "p02"
    # Seeding another dataset creates no accounts.
    seeding.seed(store, "davis")
    assert len(store.users()) == 3


@pytest.mark.parametrize("group", ["users", "privacy"])
def test_every_subcommand_has_help_with_an_example(group):
    import typer.main

    sub = typer.main.get_command(app).commands[group]
    assert sub.commands, group
    for name in sub.commands:
        result = CliRunner().invoke(app, [group, name, "--help"])
        assert result.exit_code == 0 and "Voorbeeld" in result.output, (group, name)
