"""A small neighbourhood network for the dashboard and browser tests.

Three organisations, seven professionals (one named ``HOSTILE_NAME``), a bestuurder and
four pseudonymous residents, with activities in two quarters of 2025 so that Overzicht
has a previous period to compare with.
"""

from __future__ import annotations

import datetime as dt

from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    ChangeSet,
    Knows,
    Organisation,
    Participation,
    Person,
    WorksFor,
)

__all__ = ["HOSTILE_ID", "HOSTILE_NAME", "small_network"]

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ID = "p-hostile"


def small_network() -> ChangeSet:
    """The ChangeSet of the small network (apply it to a fresh store)."""
    orgs = [
        Organisation(org_id="o-gem", name="Gemeente Raalte", sector="gemeente"),
        Organisation(org_id="o-wel", name="Stichting De Brug (fictief)", sector="welzijn"),
        Organisation(org_id="o-pol", name="Politieteam Voorbeeld (fictief)", sector="politie"),
    ]
    pros = [
        ("p-anna", "Anna de Vries", "o-gem", "buurtcoördinator"),
        ("p-bram", "Bram Jansen", "o-gem", "beleidsmedewerker"),
        ("p-cem", "Cem Yilmaz", "o-wel", "opbouwwerker"),
        ("p-dewi", "Dewi Pranoto", "o-wel", "jongerenwerker"),
        ("p-eva", "Eva Smit", "o-pol", "wijkagent"),
        ("p-fenna", "Fenna Bos", "o-wel", "maatschappelijk werker"),
        (HOSTILE_ID, HOSTILE_NAME, "o-pol", "wijkagent"),
    ]
    persons = [Person(person_id=pid, kind="professional", display_name=name, role_title=role) for pid, name, _, role in pros]
    persons.append(Person(person_id="p-bert", kind="bestuurder", display_name="Bert Mulder", role_title="wethouder"))
    persons += [Person(person_id=f"r-{i}", kind="resident", pseudonym=f"Bewoner {i}") for i in range(1, 5)]
    works_for = [WorksFor(person_id=pid, org_id=org) for pid, _, org, _ in pros]
    works_for.append(WorksFor(person_id="p-bert", org_id="o-gem"))

    def when(month: int, day: int) -> dt.datetime:
        return dt.datetime(2025, month, day, 10, 0, tzinfo=AMSTERDAM)

    activities = [
        Activity(activity_id="a1", kind="bestuurdersoverleg", date=when(1, 20), title="Start bestuurders"),
        Activity(activity_id="a2", kind="professionalsoverleg", date=when(2, 10), title="Kennismaking"),
        Activity(activity_id="a3", kind="straatgesprek", date=when(3, 5), buurt_code="BU01770100"),
        Activity(activity_id="a4", kind="professionalsoverleg", date=when(4, 14), title="Gedeelde droom"),
        Activity(activity_id="a5", kind="straatgesprek", date=when(5, 8), buurt_code="BU01770100"),
        Activity(activity_id="a6", kind="bewonersbijeenkomst", date=when(6, 12), title="Plannen speelplek"),
    ]
    attend = {
        "a1": ["p-bert", "p-anna"],
        "a2": ["p-anna", "p-bram", "p-cem", "p-eva"],
        "a3": ["p-cem", HOSTILE_ID, "r-1", "r-2"],
        "a4": ["p-anna", "p-cem", "p-dewi", "p-eva", "p-fenna", HOSTILE_ID],
        "a5": ["p-dewi", "p-eva", "r-3"],
        "a6": ["p-fenna", "p-cem", "r-1", "r-3", "r-4"],
    }
    participations = [
        Participation(activity_id=a, person_id=p, role="organiser" if i == 0 else "participant")
        for a, people in attend.items()
        for i, p in enumerate(people)
    ]
    themes = [
        ActivityTheme(activity_id="a3", theme="verkeersveiligheid"),
        ActivityTheme(activity_id="a5", theme="jongeren"),
        ActivityTheme(activity_id="a6", theme="spelen"),
    ]
    knows = [Knows(from_id="p-bram", to_id="p-eva", source="gemeld")]
    return ChangeSet(
        organisations=orgs,
        persons=persons,
        works_for=works_for,
        activities=activities,
        participations=participations,
        activity_themes=themes,
        knows=knows,
    )
