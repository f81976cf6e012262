"""The bestuurders' PDF with more organisations than one bar chart can hold (a
10,000-person generated store failed with "Flowable ... too large on page 17"): the chart
shows the 40 organisations with the most committed hours, the table lists all of them."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from netwerk import report as renderers
from netwerk.access import Viewer
from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Commitment, Organisation, Participation, Person, WorksFor
from netwerk.services import report

BEST = Viewer("b", "bestuurder")


def test_report_pdf_with_45_organisations(store) -> None:
    n = 45
    store.apply(ChangeSet(
        organisations=[Organisation(org_id=f"O{i:02d}", name=f"Organisatie {i:02d}", sector="welzijn") for i in range(n)],
        persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries")],
        works_for=[WorksFor(person_id="p1", org_id="O00")],
        activities=[Activity(activity_id="a1", kind="professionalsoverleg",
                             date=dt.datetime(2025, 3, 3, 10, tzinfo=AMSTERDAM))],
        participations=[Participation(activity_id="a1", person_id="p1")],
        # Organisation i commits i + 1 hours: the chart keeps 44 .. 5 (hours 45 .. 6), the table all 45.
        commitments=[Commitment(commitment_id=f"t{i}", org_id=f"O{i:02d}", hours_per_month=i + 1, date=dt.date(2025, 1, 1))
                     for i in range(n)],
    ))
    reader = PdfReader(io.BytesIO(renderers.report_pdf(report.build_report(BEST, store))))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Toezegging en deelname in 2025-K1 (de 40 organisaties met de meeste toegezegde uren)" in text
    assert all(f"Organisatie {i:02d} (Welzijn)" in text for i in range(n))  # the table: every organisation
