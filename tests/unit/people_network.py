"""A small network for the Collega's, Thema's, Bronnen and Invoer service tests.

Professionals: Mehmet Öztürk (p-mo, opbouwwerker, o1 Welzijn), Anna de Vries (p-an,
wijkregisseur, o2 Gemeente), Cem Yılmaz (p-ce, wijkagent, o3 Politie), Dewi Pranoto
(p-de, jongerenwerker, o1). Residents r1 (Bewoner 1) and r2 (Riet Hofman, named with
consent, pseudonym Bewoner 2); bestuurder b1. Group g1 Kernteam: p-mo, p-an.

s1 straatgesprek 01-03-2025 BU1 eenzaamheid: p-mo, r1, r2
s2 straatgesprek 01-04-2025 BU1 eenzaamheid: p-ce, r1
s3 professionalsoverleg 01-05-2025: p-mo, p-an
s4 straatgesprek 01-06-2025 BU2 groen: p-de, p-an

Social ties: p-mo–r1, p-mo–r2, r1–r2, p-ce–r1, p-mo–p-an, p-de–p-an.
Assets: bron-1 place (openbaar, owner o2, BU1, groen), bron-2 contribution (intern,
owner r2, BU1, eenzaamheid), bron-3 association (openbaar, owner g1, BU2, eenzaamheid|groen).
"""

from __future__ import annotations

import datetime as dt

from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    Asset,
    ChangeSet,
    Group,
    Membership,
    Organisation,
    Participation,
    Person,
    WorksFor,
)

__all__ = ["people_network"]


def people_network() -> ChangeSet:
    """The ChangeSet (apply it to a fresh store)."""
    orgs = [
        Organisation(org_id="o1", name="Welzijn Oost (fictief)", sector="welzijn"),
        Organisation(org_id="o2", name="Gemeente Raalte", sector="gemeente"),
        Organisation(org_id="o3", name="Politie Salland (fictief)", sector="politie"),
    ]
    persons = [
        Person(person_id="p-mo", kind="professional", display_name="Mehmet Öztürk", role_title="opbouwwerker",
               skills=("Turks", "ABCD"), email="m.ozturk@welzijn.example", phone="06-0000 0001"),
        Person(person_id="p-an", kind="professional", display_name="Anna de Vries", role_title="wijkregisseur",
               skills=("mediation",)),
        Person(person_id="p-ce", kind="professional", display_name="Cem Yılmaz", role_title="wijkagent"),
        Person(person_id="p-de", kind="professional", display_name="Dewi Pranoto", role_title="jongerenwerker"),
        Person(person_id="b1", kind="bestuurder", display_name="Bert Mulder", role_title="wethouder"),
        Person(person_id="r1", kind="resident", pseudonym="Bewoner 1", buurt_code="BU1"),
        Person(person_id="r2", kind="resident", pseudonym="Bewoner 2", display_name="Riet Hofman", consent_named=True,
               consent_date=dt.date(2025, 2, 1), buurt_code="BU1"),
    ]
    works = [WorksFor(person_id=p, org_id=o) for p, o in (("p-mo", "o1"), ("p-an", "o2"), ("p-ce", "o3"), ("p-de", "o1"),
                                                          ("b1", "o2"))]

    def when(month: int) -> dt.datetime:
        return dt.datetime(2025, month, 1, 14, tzinfo=AMSTERDAM)

    acts = [
        Activity(activity_id="s1", kind="straatgesprek", date=when(3), buurt_code="BU1", title="Straatgesprek plein"),
        Activity(activity_id="s2", kind="straatgesprek", date=when(4), buurt_code="BU1", title="Straatgesprek school"),
        Activity(activity_id="s3", kind="professionalsoverleg", date=when(5), title="Overleg"),
        Activity(activity_id="s4", kind="straatgesprek", date=when(6), buurt_code="BU2", title="Straatgesprek park"),
    ]
    attend = {"s1": ["p-mo", "r1", "r2"], "s2": ["p-ce", "r1"], "s3": ["p-mo", "p-an"], "s4": ["p-de", "p-an"]}
    parts = [Participation(activity_id=a, person_id=p, role="organiser" if i == 0 else "participant")
             for a, ps in attend.items() for i, p in enumerate(ps)]
    themes = [ActivityTheme(activity_id=a, theme=t) for a, t in (("s1", "eenzaamheid"), ("s2", "eenzaamheid"),
                                                                 ("s4", "groen"))]
    assets = [
        Asset(asset_id="bron-1", category="place", name="Speelveld", owner_id="o2", buurt_code="BU1", visibility="openbaar",
              themes=("groen",)),
        Asset(asset_id="bron-2", category="contribution", name="Kookt voor buren", owner_id="r2", buurt_code="BU1",
              visibility="intern", themes=("eenzaamheid",)),
        Asset(asset_id="bron-3", category="association", name="Kernteam", owner_id="g1", buurt_code="BU2",
              visibility="openbaar", themes=("eenzaamheid", "groen")),
    ]
    return ChangeSet(
        organisations=orgs, persons=persons, works_for=works, activities=acts, participations=parts,
        activity_themes=themes, groups=[Group(group_id="g1", name="Kernteam", kind="kernteam")],
        memberships=[Membership(person_id="p-mo", group_id="g1"), Membership(person_id="p-an", group_id="g1")],
        assets=assets,
    )
