"""A tiny network for the exchange tests, with every value hand-computed.

- a1 (10-01-2025): Anna, Bram, resident r7; a2 (05-03-2025): Anna, Bram; a3 (01-06-2025): r7 alone.
- Bram reported knowing Dirk (advies, twice, since 01-02-2025, no end).
- Anna works for o1 and o2; Eelco (volunteer, named like a formula) has no activity at all.
- r7 consented to her name "Carla Echt" (never exported); Dirk has an e-mail (never exported).

Ties (weight = shared activities + KNOWS reports; first and last date):
Anna–Bram 2 [10-01, 05-03]; Anna–r7 1 [10-01, 10-01]; Bram–r7 1 [10-01, 10-01]; Bram–Dirk 2 [01-02, open).
Node intervals: Anna and Bram [10-01, 05-03]; r7 [10-01, 01-06]; Dirk [01-02, 01-02]; Eelco none.
"""

from __future__ import annotations

import datetime as dt

from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Knows, Organisation, Participation, Person, WorksFor

__all__ = ["REAL_NAME", "SECRET_MAIL", "exchange_network"]

REAL_NAME = "Carla Echt"
SECRET_MAIL = "dirk@voorbeeld.nl"


def exchange_network() -> ChangeSet:
    """The ChangeSet of the tiny network."""
    return ChangeSet(
        organisations=[
            Organisation(org_id="o1", name="Gemeente Raalte", sector="gemeente"),
            Organisation(org_id="o2", name="Welzijn & Zorg 't Hoogeland", sector="welzijn"),
        ],
        persons=[
            Person(person_id="p1", kind="professional", display_name="Anna de Vries", role_title="opbouwwerker",
                   buurt_code="BU01770100", skills=("abcd", "deep democracy")),
            Person(person_id="p2", kind="professional", display_name="Bram van 't Veld"),
            Person(person_id="r7", kind="resident", pseudonym="Bewoner 7", display_name=REAL_NAME, consent_named=True,
                   consent_date=dt.date(2025, 1, 2), buurt_code="BU01770101"),
            Person(person_id="p4", kind="bestuurder", display_name="Dirk Bos", email=SECRET_MAIL, phone="0572 123 456"),
            Person(person_id="p5", kind="volunteer", display_name="=SOM(A1)"),
        ],
        works_for=[WorksFor(person_id="p1", org_id="o1"), WorksFor(person_id="p1", org_id="o2"),
                   WorksFor(person_id="p2", org_id="o2")],
        activities=[
            Activity(activity_id="a1", kind="professionalsoverleg", date=dt.datetime(2025, 1, 10, 19, 30, tzinfo=AMSTERDAM)),
            Activity(activity_id="a2", kind="professionalsoverleg", date=dt.datetime(2025, 3, 5, 9, 0, tzinfo=AMSTERDAM)),
            Activity(activity_id="a3", kind="straatgesprek", date=dt.datetime(2025, 6, 1, 23, 30, tzinfo=AMSTERDAM)),
        ],
        participations=[Participation(activity_id=a, person_id=p) for a, people in
                        {"a1": ["p1", "p2", "r7"], "a2": ["p1", "p2"], "a3": ["r7"]}.items() for p in people],
        knows=[Knows(from_id="p2", to_id="p4", source="advies", count=2, since=dt.date(2025, 2, 1))],
    )
