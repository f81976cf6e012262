"""Hostile input in a real headless Chromium: names, pseudonyms, organisation and group
names, themes and activity titles holding HTML, JavaScript, Markdown links, SQL and
Cypher fragments, control characters, right-to-left marks and very long strings are
stored exactly as given and rendered as text on every page.

Each script payload would set ``window.__pwned`` (or open a dialog) if it ever ran. The
test signs in as a coordinator (who sees the most), opens every page that shows such
text, hovers the hostile node on the map, and then checks every frame: ``__pwned`` is
undefined, no dialog fired, no element from a payload exists and the browser logged no
error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    ChangeSet,
    Group,
    Membership,
    Organisation,
    Participation,
    Person,
    Theme,
    WorksFor,
)
from tests.browser.harness import (
    RENDER_TIMEOUT_MS,
    Browser,
    add_coordinator,
    chromium_or_fail,
    hover_node,
    serve,
)

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned='script';alert('script')</script>"
IMG = "<img src=x onerror=\"window.__pwned='img';alert('img')\">"
SVG = "\"><svg onload=\"window.__pwned='svg'\"></svg>"
MARKDOWN = "[klik hier](javascript:window.__pwned='md') **vet** <b>b</b>"
SQL = "Robert'); DROP TABLE person;--"
CYPHER = "x'}) MATCH (n) DETACH DELETE n //"
RTL = "\u202eredrob\u202c Bewoner \u200f\u05e9\u05dc\u05d5\u05dd"
CONTROL = "Anna\x07\x1b[31m\x00 de\tVries"
LONG = "Heel lange naam " * 30  # 480 characters

PERSONS = {
    "h-script": ("professional", SCRIPT),
    "h-img": ("professional", IMG),
    "h-svg": ("professional", SVG),
    "h-md": ("professional", MARKDOWN),
    "h-sql": ("professional", SQL),
    "h-cypher": ("bestuurder", CYPHER),
    "h-ctrl": ("professional", CONTROL),
    "h-long": ("professional", LONG.strip()),
}
RESIDENT_PSEUDONYM = RTL + " " + IMG
ORG_NAME = "<img src=x onerror=\"window.__pwned='org'\"> Gemeente"
GROUP_NAME = "<script>window.__pwned='group'</script> Kernteam"
THEME = "<svg onload=\"window.__pwned='theme'\">"
TITLE = "<iframe src=\"javascript:window.__pwned='title'\"></iframe> " + SQL


def hostile_network() -> ChangeSet:
    persons = [Person(person_id=pid, kind=kind, display_name=name, role_title=SVG) for pid, (kind, name) in PERSONS.items()]
    persons.append(Person(person_id="h-res", kind="resident", pseudonym=RESIDENT_PSEUDONYM))
    ids = [*PERSONS, "h-res"]
    day = dt.datetime(2025, 3, 4, 19, 30, tzinfo=AMSTERDAM)
    return ChangeSet(
        organisations=[Organisation(org_id="o-h", name=ORG_NAME, sector="gemeente"),
                       Organisation(org_id="o-2", name=SQL, sector="welzijn")],
        persons=persons,
        works_for=[WorksFor(person_id=pid, org_id="o-h" if i % 2 else "o-2") for i, pid in enumerate(PERSONS)],
        groups=[Group(group_id="g-h", name=GROUP_NAME, kind="kernteam")],
        memberships=[Membership(person_id=pid, group_id="g-h") for pid in PERSONS],
        themes=[Theme(name=THEME, category=CYPHER)],
        activities=[
            Activity(activity_id="act-1", kind="bewonersbijeenkomst", date=day, title=TITLE, buurt_code=SCRIPT[:20]),
            Activity(activity_id="act-2", kind="professionalsoverleg", date=day + dt.timedelta(days=40), title=MARKDOWN),
        ],
        participations=[Participation(activity_id="act-1", person_id=pid) for pid in ids]
        + [Participation(activity_id="act-2", person_id=pid) for pid in list(PERSONS)[:4]],
        activity_themes=[ActivityTheme(activity_id="act-1", theme=THEME)],
    )


def test_hostile_text_is_stored_as_given(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'h.sqlite'}")
    store.apply(hostile_network())
    persons = store.table("persons").set_index("person_id")
    for pid, (_, name) in PERSONS.items():
        assert persons.loc[pid, "display_name"] == name, pid
    assert persons.loc["h-res", "pseudonym"] == RESIDENT_PSEUDONYM
    assert store.table("organisations").set_index("org_id").loc["o-h", "name"] == ORG_NAME
    assert store.table("groups").loc[0, "name"] == GROUP_NAME
    assert THEME in set(store.table("themes")["name"])
    assert store.table("activities").set_index("activity_id").loc["act-1", "title"] == TITLE
    assert store.counts()["persons"] == len(PERSONS) + 1  # the SQL fragment dropped nothing
    store.close()


def test_no_hostile_payload_runs_on_any_page(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'hostile.sqlite'}"
    store = open_store(url)
    store.apply(hostile_network())
    add_coordinator(store)
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            frame = b.open_map(base)
            assert frame.evaluate("network.body.data.nodes.get('h-img').label") == IMG
            assert frame.evaluate("network.body.data.nodes.get('h-ctrl').label") == CONTROL
            tooltip = hover_node(b.page, frame, "h-script")
            assert SCRIPT in tooltip and "Organisatie: " in tooltip
            visited = ["Netwerkkaart"]
            for title in ("Overzicht", "Actoren", "Groei", "Thema's", "Privacy en rechten", "Auditlog"):
                link = b.page.get_by_role("link", name=title, exact=True)
                if not link.count():
                    continue  # a page another issue has not registered yet
                link.click()
                b.page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=RENDER_TIMEOUT_MS)
                b.page.wait_for_timeout(1500)  # let tables and charts draw
                visited.append(title)
                if title == "Privacy en rechten":
                    # The person picker lists every (hostile) name as an option.
                    b.page.get_by_role("combobox", name="Persoon", exact=True).click()
                    b.page.get_by_role("option").first.wait_for(timeout=RENDER_TIMEOUT_MS)
                    options = b.page.get_by_role("option").all_inner_texts()
                    assert any(SCRIPT in o for o in options), options[:3]
                    b.page.keyboard.press("Escape")
            assert {"Overzicht", "Actoren", "Privacy en rechten", "Auditlog"} <= set(visited)
            for f in b.page.frames:
                assert f.evaluate("typeof window.__pwned") == "undefined", f.url
                assert f.locator("img[src='x'], svg[onload], iframe[src^='javascript']").count() == 0
                assert f.locator("a[href^='javascript']").count() == 0
            b.screenshot("hostile-input.png")
        finally:
            b.browser.close()
        b.assert_clean()
