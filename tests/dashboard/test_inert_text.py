"""Rendered text is inert: every page, for every role, with Markdown images and links and
HTML in names, themes, skills, consent scope, area and round names, shows them as text.

The demo network is loaded and then given hostile values. Each page is run (AppTest) and
every string the page sends to the browser as Markdown (text, captions, alerts, headings,
widget labels and options, expanders, tabs, metrics) is rendered with a CommonMark parser:
no image or link may point at the hostile host. Plotly figures may hold no ``<a`` or
``<img`` (Plotly renders those tags in labels and hovers).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown_it
import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from dashboard.safe import inert_figure, md
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import ActivityTheme, Area, ChangeSet, Organisation, Person, SurveyRound, Theme
from netwerk.services.seeding import seed

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
EVIL = "http://evil.example"
IMG = f"![beeld]({EVIL}/b.png)"
LINK = f"[klik]({EVIL}/l)"
HTML = f'<a href="{EVIL}/h">Klik</a><img src="{EVIL}/i.png">'
HOSTILE = f"{IMG} {LINK} {HTML}"
VIEWERS = {
    "coordinator": Viewer(user_id="coord", role="coordinator", person_id="p01"),
    "professional": Viewer(user_id="pro", role="professional", person_id="p02"),
    "bestuurder": Viewer(user_id="best", role="bestuurder", person_id="b01"),
}
_PARSER = markdown_it.MarkdownIt("commonmark")


def _hostile(model, frame, key: str, value: str, **changes):
    row = {k: v for k, v in frame[frame[key] == value].iloc[0].to_dict().items() if k in model.model_fields}
    return model(**{**row, **changes})


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('inert') / 'netwerk.sqlite'}"
    s = open_store(url)
    seed(s, "demo")
    orgs, persons = s.table("organisations"), s.table("persons")
    consented = persons[persons["consent_named"]]["person_id"].iloc[0]
    activity = s.table("activities")["activity_id"].iloc[0]
    areas, rounds = s.table("areas"), s.table("survey_rounds")
    changes = ChangeSet(
        organisations=[_hostile(Organisation, orgs, "org_id", o, name=f"{HOSTILE} {o}") for o in orgs["org_id"][:3]],
        persons=[
            _hostile(Person, persons, "person_id", "p02", display_name=f"{HOSTILE} p02", skills=(LINK, IMG)),
            _hostile(Person, persons, "person_id", consented, display_name=f"{HOSTILE} bewoner", consent_scope=HOSTILE),
        ],
        themes=[Theme(name=HOSTILE.lower(), category=IMG)],
        activity_themes=[ActivityTheme(activity_id=activity, theme=HOSTILE.lower())],
        areas=[_hostile(Area, areas, "code", c, name=f"{IMG} {c}") for c in areas["code"][:3]],
        survey_rounds=[_hostile(SurveyRound, rounds, "round_id", r, name=f"{LINK} {r}") for r in rounds["round_id"]],
    )
    s.apply(changes)
    s.close()
    return url


def _markdown_strings(element: dict) -> list[str]:
    out = []
    for field in ("body", "label", "help", "placeholder"):
        if isinstance(element.get(field), str):
            out.append(element[field])
    for field in ("options", "captions"):
        out += [o for o in element.get(field, []) if isinstance(o, str)]
    return out


def _walk(node, found: dict[str, list[str]]) -> None:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _walk(child, found)
    proto = getattr(node, "proto", None)
    if proto is None:
        return
    data = MessageToDict(proto, preserving_proto_field_name=False)
    kind = getattr(node, "type", "")
    if kind == "plotly_chart" or "spec" in data:
        found["plotly"].append(data.get("spec", ""))
    elif kind not in ("selectbox", "multiselect", "text_input", "arrow_data_frame", "dataframe"):
        found["markdown"] += _markdown_strings(data)
    else:
        found["markdown"] += [s for s in (data.get("label"), data.get("help")) if isinstance(s, str)]


def _violations(at: AppTest) -> list[str]:
    found: dict[str, list[str]] = {"markdown": [], "plotly": []}
    _walk(at.main, found)
    _walk(at.sidebar, found)
    bad = []
    for text in found["markdown"]:
        html = _PARSER.render(text)
        if EVIL in html and ("<img" in html or "<a " in html):
            bad.append(f"Markdown: {text[:120]!r}")
    for spec in found["plotly"]:
        bad += [f"Plotly: {s[:120]!r}" for s in _strings(json.loads(spec)) if _TAG.search(s)]
    _SEEN["plotly"] += len(found["plotly"])
    return bad


_TAG = re.compile(r"<\s*(a|img)\b", re.IGNORECASE)
_SEEN = {"plotly": 0}


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_md_and_inert_figure_escape_what_they_must():
    assert _PARSER.render(f"Naam: {md(HOSTILE)}").count("<a ") == 0
    assert "<img" not in _PARSER.render(md(IMG)) and "\n" not in md("a\nb")
    assert md("Anna de Vries") == "Anna de Vries" and md(None) == ""
    import plotly.express as px

    fig = inert_figure(px.bar(x=[HTML], y=[1]))
    assert "<a " not in json.dumps(fig.to_dict()) and "&lt;a href" in json.dumps(fig.to_dict())


@pytest.mark.parametrize("role", list(VIEWERS))
def test_every_page_renders_hostile_data_as_text(hostile_url: str, role: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWERK_STORE_URL", hostile_url)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state[VIEWER_KEY] = VIEWERS[role]
    at.run()
    problems: dict[str, list[str]] = {}
    ran = []
    for spec in PAGES:
        if role not in spec.roles:
            continue
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        ran.append(spec.path)
        bad = _violations(at)
        if bad:
            problems[spec.path] = bad
    assert len(ran) >= 5 and _SEEN["plotly"] > 0  # charts were checked too
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
