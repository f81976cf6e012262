"""Netwerkkaart, Groei's time-lapse and Inzet under AppTest on the demo data: one colour per
organisation on every page and in the PDF chart, the readable map's defaults (15 names,
hidden ties said), the focus on one person with the facts beside the map, brokers and the
audited CSV."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk import palette
from netwerk.access import SYSTEM, Viewer
from netwerk.bootstrap import open_store
from netwerk.services import report as report_service
from netwerk.services.network_map import network_map
from netwerk.text import fmt_int
from tests.dashboard.test_trust_pages import APP, TIMEOUT

COORDINATOR = Viewer("coord", "coordinator")
GEMEENTE, GEMEENTE_ID = "Gemeente Raalte", "org01"
BLUE = "#0072B2"  # org01 is the first of the demo's eleven organisations by id: Okabe-Ito blue




def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = COORDINATOR
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _map_nodes(at: AppTest) -> list[dict]:
    html = at.get("iframe")[0].proto.srcdoc
    return json.loads(re.search(r"var nodeRows = (\[.*?\]);\n", html).group(1))


def test_one_organisation_has_one_colour_on_map_groei_inzet_and_in_the_pdf(demo: str) -> None:
    store = open_store(demo)
    ids = sorted(store.table("organisations")["org_id"].astype(str))
    rep = report_service.build_report(SYSTEM, store)
    store.close()
    assert ids[0] == GEMEENTE_ID and palette.organisation_colours(ids)[GEMEENTE_ID] == BLUE

    kaart = _open("app_pages/netwerkkaart.py")
    legend = re.findall(r'background: (#[0-9A-Fa-f]{6})"></span><span class="legend-label">([^<]+)<',
                        kaart.get("iframe")[0].proto.srcdoc)
    assert (BLUE, GEMEENTE) in legend
    gemeente = [n for n in _map_nodes(kaart) if "Organisatie: Gemeente Raalte\n" in n["title"]]
    assert gemeente and {n["color"]["background"] for n in gemeente} == {BLUE}

    groei = _open("app_pages/groei.py")
    spec = json.loads(groei.get("plotly_chart")[-1].proto.spec)
    orgs = next(t for t in spec["data"] if t.get("name") == "organisaties")
    assert orgs["marker"]["color"][orgs["customdata"].index(GEMEENTE_ID)] == BLUE

    inzet = _open("app_pages/inzet.py")
    traces = [t for c in inzet.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]]
    gemeente_traces = [t for t in traces if t.get("name") == GEMEENTE]
    assert gemeente_traces
    # The hours as a line, the participations as bars: both in the organisation's colour.
    assert {t.get("line", {}).get("color") or t["marker"]["color"] for t in gemeente_traces} == {BLUE}

    from reportlab.graphics.shapes import Rect
    from reportlab.lib import colors

    from netwerk.report.pdf import commitments_chart

    drawing = commitments_chart(rep)
    names = drawing.contents[1].categoryAxis.categoryNames
    swatches = [s.fillColor for s in drawing.contents if isinstance(s, Rect) and s.width == 7]
    assert len(swatches) == len(names)
    assert swatches[names.index(GEMEENTE)] == colors.HexColor(BLUE)


def test_netwerkkaart_defaults_focus_brokers_and_csv(demo: str) -> None:
    store = open_store(demo)
    nm = network_map(SYSTEM, store, None, tie_filter="small")
    every = network_map(SYSTEM, store, None, tie_filter="all")
    store.close()
    hidden = len(every.edges) - len(nm.edges)
    at = _open("app_pages/netwerkkaart.py")
    assert at.selectbox(key="kaart_lijnen").value == "small"
    assert any(f"({fmt_int(hidden)} niet getekend, zie Lijnen)" in c.value for c in at.caption), (
        hidden, [c.value for c in at.caption])
    nodes = _map_nodes(at)
    assert len(nodes) == 186 and sum(1 for n in nodes if n["label"]) == 15
    assert f"{fmt_int(hidden)} werkrelaties niet getekend" in at.get("iframe")[0].proto.srcdoc

    star = nm.nodes.sort_values(["degree", "person_id"], ascending=[False, False]).iloc[0]
    at.selectbox(key="kaart_persoon").set_value(str(star["person_id"])).run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Persoon in focus"]
    facts = at.text[0].value
    assert facts.startswith(star["name"]) and f"Organisatie: {star['organisation']}" in facts
    named = {n["id"] for n in _map_nodes(at) if n["label"]}
    assert str(star["person_id"]) in named and len(named) >= 15 + 1

    at.toggle(key="kaart_makelaars").set_value(True).run()
    assert [s.value for s in at.subheader] == ["Persoon in focus", "Makelaars"]
    brokers = [n for n in _map_nodes(at) if n.get("borderWidth") == 4]
    assert len(brokers) == 10 and all(n["label"] for n in brokers)
    # The CSV of the view: the persons on the map (semicolons for Dutch Excel).
    buttons = [b for b in at.get("download_button")]
    assert len(buttons) == 2
