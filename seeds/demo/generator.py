"""Generate the ``demo`` seed: one fictional year (2025) of the buurtgerichte aanpak in
Raalte village (CBS wijk WK017701).

Run ``python -m seeds.demo.generator [--out DIR]``; without ``--out`` it rewrites the CSV
files next to this module. The output depends only on :data:`RNG_SEED`: two runs give
byte-identical files (a test pins this).

Everything here is fictional except the municipality's name and the wijk code: the
organisations, people, activities, ties and ratings are invented, and the buurt codes
BU01770100..BU01770107 follow CBS's pattern for wijk 01 but are NOT checked against CBS's
buurt list (treat them as invented). Any resemblance to a real organisation or person is
coincidental; no real organisation gets these figures.

The year runs in the order of the approach: the bestuurdersoverleg first (January,
February), introductions and professionals' meetings from February/March, street
conversations from April, resident meetings from June, and the evaluations last
(December). Organisations join in waves, and professionals increasingly work in
cross-organisation pairs, so collaboration between organisations visibly grows per
quarter. Ratings (PARTNER tool items, organisation to organisation, and kernteam
professionals rating partner organisations and colleagues) in the nulmeting (February)
and the jaarevaluatie (December) show trust rising for every organisation pair rated in
both rounds except one (:data:`DROP_PAIR`), whose trust drops. Commitments (hours per
month) come from the bestuurdersoverleg of February, June and September.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import graph_schema as gs
from seeds import fmt_bool, fmt_date, fmt_datetime, fmt_list, write_csv
from seeds.demo import abcd

__all__ = ["DEMO_DIR", "RNG_SEED", "generate", "main"]

RNG_SEED = 20250101
YEAR = 2025
DEMO_DIR = Path(__file__).resolve().parent

BUURTEN: tuple[str, ...] = tuple(f"BU017701{n:02d}" for n in range(8))
"""Invented buurt codes in wijk WK017701 (pattern of CBS codes, not checked against CBS)."""

BUURT_NAMES: dict[str, str] = dict(zip(BUURTEN, (
    "Centrum", "Oranjewijk", "Bolksbeek", "Heidepark", "Schoolbuurt", "Veldhoek", "Raalte-Noord", "Noordkamp",
), strict=True))
"""Invented names for the invented buurt codes (written to ``areas.csv`` marked as uncertain)."""

# org_id, name, sector, month (1-12) in which its professionals join the approach
ORGANISATIONS: tuple[tuple[str, str, str, int], ...] = (
    ("org01", "Gemeente Raalte", "gemeente", 1),
    ("org02", "Woonstichting Heuvelrand", "woningcorporatie", 1),
    ("org03", "Welzijn Salland Noord", "welzijn", 1),
    ("org04", "Basisteam Politie Sallandrug", "politie", 1),
    ("org05", "Thuiszorg De Linde", "zorg", 1),
    ("org06", "Stichting Jeugdkracht Salland", "jeugd", 5),
    ("org07", "Kindcentrum De Vlonder", "onderwijs", 5),
    ("org08", "Bewonersvereniging Het Hofje", "bewonersorganisatie", 6),
    ("org09", "Sportvereniging Oranje Hoeve", "vereniging", 9),
    ("org10", "Ondernemerskring De Markt", "ondernemer", 9),
    ("org11", "Stichting Huiskamer De Kandelaar", "levensbeschouwing", 10),
)

# person_id, display name, role title, org_id, skills
PROFESSIONALS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("p01", "Marieke Jansen", "procesbegeleider", "org01", ("deep_democracy", "procesbegeleiding")),
    ("p02", "Thijs van der Veen", "wijkregisseur", "org01", ("abcd",)),
    ("p03", "Eefje Ménard", "beleidsmedewerker sociaal domein", "org01", ("data-analyse",)),
    ("p04", "Ruud Kamphuis", "handhaver (boa)", "org01", ()),
    ("p05", "Sanne Nijenhuis", "woonconsulent", "org02", ("huisbezoek",)),
    ("p06", "Bas ter Haar", "woonconsulent", "org02", ()),
    ("p07", "Ingrid Wolters", "wijkbeheerder", "org02", ("abcd",)),
    ("p08", "Kees van den Bosch", "huismeester", "org02", ("klussen",)),
    ("p09", "Mehmet Öztürk", "opbouwwerker", "org03", ("abcd", "deep_democracy", "Turks")),
    ("p10", "Lotte Brouwer", "opbouwwerker", "org03", ("abcd",)),
    ("p11", "Jesse de Wit", "jongerenwerker", "org03", ("sport",)),
    ("p12", "Noor El Idrissi", "jongerenwerker", "org03", ("Arabisch", "mediation")),
    ("p13", "Anja Klein Gunnewiek", "ouderenwerker", "org03", ()),
    ("p14", "Daan Hofstede", "buurtsportcoach", "org03", ("sport",)),
    ("p15", "Femke van der Meer", "maatschappelijk werker", "org03", ("schuldhulp",)),
    ("p16", "Erik Haverkamp", "wijkagent", "org04", ("mediation",)),
    ("p17", "Yvonne Dijkstra", "wijkagent", "org04", ()),
    ("p18", "Petra Schuurman", "wijkverpleegkundige", "org05", ("huisbezoek",)),
    ("p19", "Hanneke Lubbers", "wijkverpleegkundige", "org05", ()),
    ("p20", "Gert-Jan Weustink", "wijkverpleegkundige", "org05", ()),
    ("p21", "Miriam van 't Hul", "casemanager dementie", "org05", ("dementie",)),
    ("p22", "Rik Wessels", "jeugdconsulent", "org06", ()),
    ("p23", "Aylin Demir", "CJG-medewerker", "org06", ("Turks", "opvoedondersteuning")),
    ("p24", "Joost Pieterse", "schoolmaatschappelijk werker", "org06", ()),
    ("p25", "Karin Smit-Bakker", "intern begeleider", "org07", ()),
    ("p26", "Wouter de Graaf", "leerkracht", "org07", ("muziek",)),
    ("p27", "Tineke Jonkman", "coördinator buurthuis", "org08", ("organiseren",)),
    ("p28", "Martijn Oude Luttikhuis", "verenigingsondersteuner", "org09", ("sport",)),
    ("p29", "Sevda Yılmaz", "centrummanager", "org10", ()),
    ("p30", "Hendrik van der Linden", "pastoraal werker", "org11", ("luisteren",)),
)

BESTUURDERS: tuple[tuple[str, str, str, str], ...] = (
    ("b01", "Ans Vos-Lammers", "wethouder sociaal domein", "org01"),
    ("b02", "Frank van der Heijden", "directeur-bestuurder", "org02"),
    ("b03", "Judith Meijerink", "directeur", "org03"),
    ("b04", "Ronald Bakker", "teamchef", "org04"),
    ("b05", "Carla Zwiers", "regiomanager", "org05"),
    ("b06", "Ahmed Bouzid", "bestuurder", "org06"),
)

N_RESIDENTS = 150

# Residents who gave written consent to be shown by name (fictional names).
NAMED_RESIDENTS: tuple[str, ...] = ("Riet Hofman", "Gerrit Jan Nijhof", "Samira El Amrani", "Henk ter Horst", "Fenna Brinkman")

RESIDENT_SKILLS: tuple[str, ...] = (
    "koken", "tuinieren", "klussen", "fietsen repareren", "taalmaatje", "muziek", "computerhulp",
    "naaien", "voorlezen", "organiseren", "sporten", "boodschappen doen", "fotografie", "EHBO",
)

# group_id, name, kind, home buurten, themes
GROUPS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("g01", "Kernteam buurtaanpak Raalte", "kernteam", (), ()),
    ("g02", "Bestuurlijk overleg buurtaanpak", "overleg", (), ()),
    ("g03", "Bewonersgroep Groen & Spelen", "bewonersgroep", ("BU01770101", "BU01770102"), ("groen", "spelen")),
    ("g04", "Bewonersgroep Veilig Verkeer", "bewonersgroep", ("BU01770103", "BU01770104"), ("verkeersveiligheid", "veiligheid")),
    ("g05", "Bewonersgroep Samen Aan Tafel", "bewonersgroep", ("BU01770100", "BU01770105"),
     ("eenzaamheid", "ontmoeting", "ouderen")),
    ("g06", "Jongerenraad Raalte-Noord", "bewonersgroep", ("BU01770106", "BU01770107"), ("jongeren", "overlast", "spelen")),
    ("g07", "Werkgroep Rondkomen", "werkgroep", (), ("armoede", "schulden")),
)
KERNTEAM = ("p01", "p02", "p05", "p09", "p10", "p16", "p18", "p13")
WERKGROEP_RONDKOMEN = ("p15", "p03", "p06", "p13")

# Each buurt has themes its residents raise most (weights for street conversations).
BUURT_THEMES: dict[str, tuple[str, ...]] = {
    "BU01770100": ("eenzaamheid", "ouderen", "ontmoeting"),
    "BU01770101": ("groen", "spelen", "zwerfafval"),
    "BU01770102": ("groen", "wonen", "spelen"),
    "BU01770103": ("verkeersveiligheid", "veiligheid", "overlast"),
    "BU01770104": ("verkeersveiligheid", "wonen", "armoede"),
    "BU01770105": ("ouderen", "gezondheid", "eenzaamheid"),
    "BU01770106": ("jongeren", "overlast", "zwerfafval"),
    "BU01770107": ("jongeren", "armoede", "schulden"),
}

STREET_SPOTS = (
    "bij de supermarkt", "op het speelveld", "bij het schoolplein", "in het park", "bij de bushalte",
    "op de weekmarkt", "bij het buurthuis", "voor de flat", "bij de sporthal", "langs de ventweg",
)

MEETING_TOPICS = (
    "Kennismaken en vertrouwen bouwen",
    "De gedeelde droom voor Raalte",
    "Deep Democracy: ook de stem van de minderheid",
    "ABCD: wat is er al in de buurt?",
    "Assets in kaart brengen",
    "Voorbereiding straatgesprekken",
    "Terugkoppeling eerste straatgesprekken",
    "Thema's uit de straat",
    "Samen optrekken met bewonersgroepen",
    "Casuïstiek: wie kent wie?",
    "Ruimte om te leren: wat werkt?",
    "Plannen van bewoners ondersteunen",
    "Verbinding met scholen en verenigingen",
    "Ondernemers en kerken aan tafel",
    "Najaarsplanning buurtaanpak",
    "Terugblik en vooruitblik",
    "Voorbereiding jaarevaluatie",
    "Wat hebben we geleerd?",
)
METHOD_CYCLE: tuple[tuple[str, ...], ...] = (("deep_democracy",), ("abcd",), ("deep_democracy", "abcd"), ())

CONTACT_FREQUENCY = ("nooit", "jaarlijks", "per kwartaal", "maandelijks", "wekelijks")


@dataclass
class _Activity:
    kind: str
    when: dt.datetime
    title: str
    buurt: str | None = None
    methods: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    anonymous: int | None = None
    organiser: str | None = None
    participants: list[str] = field(default_factory=list)


def _weekday_on_or_after(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


class _Year:
    """State of the fictional year while it is generated."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.org_of = {p[0]: p[3] for p in PROFESSIONALS}
        self.join_month = {o[0]: o[3] for o in ORGANISATIONS}
        self.role_of = {p[0]: p[2] for p in PROFESSIONALS}
        self.activities: list[_Activity] = []
        self.met = Counter()  # resident -> number of activities
        self._residents()

    # --- people --------------------------------------------------------------------

    def _residents(self) -> None:
        rng = self.rng
        self.residents = [f"{i:03d}" for i in range(1, N_RESIDENTS + 1)]
        self.buurt_of = {r: rng.choice(BUURTEN) for r in self.residents}
        self.skills_of = {
            r: tuple(sorted(rng.sample(RESIDENT_SKILLS, rng.randint(1, 2)))) if rng.random() < 0.4 else ()
            for r in self.residents
        }
        self.members: dict[str, list[str]] = {"g01": list(KERNTEAM), "g02": ["p01", *[b[0] for b in BESTUURDERS]],
                                              "g07": list(WERKGROEP_RONDKOMEN)}
        for gid, _name, kind, buurten, _themes in GROUPS:
            if kind != "bewonersgroep":
                continue
            local = [r for r in self.residents if self.buurt_of[r] in buurten]
            self.members[gid] = sorted(rng.sample(local, min(len(local), rng.randint(9, 14))))
        # Werkgroep Rondkomen also has two residents with lived experience.
        self.members["g07"] += sorted(rng.sample(self.residents, 2))
        active = sorted({r for gid in ("g03", "g04", "g05", "g06") for r in self.members[gid]})
        named = sorted(rng.sample(active, len(NAMED_RESIDENTS)))
        self.named = {
            r: (name, dt.date(YEAR, 4, 1) + dt.timedelta(days=rng.randint(0, 180)))
            for r, name in zip(named, NAMED_RESIDENTS, strict=True)
        }

    def pool(self, month: int) -> list[str]:
        """Professionals whose organisation has joined by ``month``."""
        return [p[0] for p in PROFESSIONALS if self.join_month[p[3]] <= month]

    def pick_residents(self, buurt: str, n: int) -> list[str]:
        """Residents of a buurt, preferring those not met often yet."""
        local = [r for r in self.residents if self.buurt_of[r] == buurt]
        chosen: list[str] = []
        for _ in range(min(n, len(local))):
            cand = [r for r in local if r not in chosen]
            weights = [1.0 / (1 + self.met[r]) ** 2 for r in cand]
            chosen.append(self.rng.choices(cand, weights)[0])
        return chosen

    def add(self, act: _Activity) -> None:
        people = [act.organiser, *act.participants] if act.organiser else act.participants
        assert len(people) == len(set(people)), act.title
        for p in people:
            if p in self.buurt_of:
                self.met[p] += 1
        self.activities.append(act)

    # --- the year, in the order the approach runs -----------------------------------

    def bestuurdersoverleg(self) -> None:
        agenda = (
            (dt.date(YEAR, 1, 14), "Bestuurdersoverleg: start buurtaanpak en ruimte om te leren", 4),
            (dt.date(YEAR, 2, 11), "Bestuurdersoverleg: capaciteit en commitment per organisatie", 6),
            (dt.date(YEAR, 4, 8), "Bestuurdersoverleg: eerste lessen uit de straat", 5),
            (dt.date(YEAR, 6, 17), "Bestuurdersoverleg: jeugd en onderwijs aan boord", 6),
            (dt.date(YEAR, 9, 23), "Bestuurdersoverleg: wat vraagt de buurt van ons?", 6),
            (dt.date(YEAR, 11, 18), "Bestuurdersoverleg: op weg naar de jaarevaluatie", 5),
        )
        bestuurders = [b[0] for b in BESTUURDERS]
        for day, title, n in agenda:
            present = bestuurders[:4] + sorted(self.rng.sample(bestuurders[4:], n - 4))
            extra = ["p02"] if n >= 5 else []
            self.add(_Activity("bestuurdersoverleg", dt.datetime.combine(day, dt.time(15, 0)), title,
                               organiser="p01", participants=present + extra))

    def introducties(self) -> None:
        sessions = (
            (dt.date(YEAR, 2, 18), ("org01", "org02"), "Introductie buurtaanpak: gemeente en woonstichting"),
            (dt.date(YEAR, 2, 25), ("org03",), "Introductie buurtaanpak: team Welzijn Salland Noord"),
            (dt.date(YEAR, 3, 4), ("org04", "org05"), "Introductie buurtaanpak: wijkagenten en wijkverpleging"),
            (dt.date(YEAR, 5, 13), ("org06", "org07"), "Kennismaking: Jeugdkracht en Kindcentrum De Vlonder"),
            (dt.date(YEAR, 6, 24), ("org08",), "Kennismaking: Bewonersvereniging Het Hofje"),
            (dt.date(YEAR, 9, 9), ("org09", "org10"), "Kennismaking: sportvereniging en ondernemers"),
            (dt.date(YEAR, 10, 7), ("org11",), "Kennismaking: Huiskamer De Kandelaar"),
        )
        for day, orgs, title in sessions:
            newcomers = [p[0] for p in PROFESSIONALS if p[3] in orgs and p[0] != "p01"]
            hosts = [] if day.month <= 3 else sorted(self.rng.sample([k for k in KERNTEAM if k != "p01"], 3))
            people = newcomers + hosts
            if len(people) < 4:  # a kennismaking is a meeting of at least five, organiser included
                others = [k for k in KERNTEAM if k not in people and k != "p01"]
                people += sorted(self.rng.sample(others, 4 - len(people)))
            self.add(_Activity("introductie", dt.datetime.combine(day, dt.time(9, 30)), title,
                               organiser="p01", participants=people))

    def professionalsoverleg(self) -> None:
        day = dt.date(YEAR, 3, 11)
        n = 0
        while day <= dt.date(YEAR, 12, 2):
            if not (dt.date(YEAR, 7, 14) <= day <= dt.date(YEAR, 8, 24)):  # zomerstop
                pool = [p for p in self.pool(day.month) if p != "p01"]
                # Attendance grows from about 8 in March to about 24 in November.
                size = round(7 + 1.9 * (day.month - 3)) + self.rng.randint(-1, 1)
                size = max(6, min(24, size, len(pool)))
                kern = [k for k in KERNTEAM if k in pool and k != "p01" and self.rng.random() < 0.85]
                rest = [p for p in pool if p not in kern]
                people = kern[:size] + sorted(self.rng.sample(rest, max(0, size - len(kern))))
                topic = MEETING_TOPICS[min(n, len(MEETING_TOPICS) - 1)]
                self.add(_Activity(
                    "professionalsoverleg", dt.datetime.combine(day, dt.time(13, 30)),
                    f"Professionalsoverleg {n + 1}: {topic}", methods=METHOD_CYCLE[n % len(METHOD_CYCLE)],
                    organiser="p01", participants=sorted(people),
                ))
                n += 1
            day += dt.timedelta(days=14)

    def straatgesprekken(self) -> None:
        per_month = {4: 15, 5: 19, 6: 21, 7: 10, 8: 8, 9: 23, 10: 27, 11: 22}
        street_pros = [p[0] for p in PROFESSIONALS if p[0] not in ("p01", "p03")]
        for month, count in per_month.items():
            pool = [p for p in street_pros if self.join_month[self.org_of[p]] <= month]
            # The chance that a second professional comes from another organisation grows
            # from 0.25 in April to about 0.9 in November: collaboration at uitvoeringsniveau.
            cross = min(0.9, 0.25 + 0.095 * (month - 4))
            last = (dt.date(YEAR, month + 1, 1) - dt.timedelta(days=1)).day
            for _ in range(count):
                day = _weekday_on_or_after(dt.date(YEAR, month, self.rng.randint(1, last - 2)))
                when = dt.datetime.combine(day, dt.time(self.rng.randint(10, 15), self.rng.choice((0, 30))))
                buurt = self.rng.choice(BUURTEN)
                lead = self.rng.choice(pool)
                pros = [lead]
                for _k in range(self.rng.choices((0, 1, 2), (0.3, 0.5, 0.2))[0]):
                    same = [p for p in pool if self.org_of[p] == self.org_of[lead] and p not in pros]
                    other = [p for p in pool if self.org_of[p] != self.org_of[lead] and p not in pros]
                    cand = other if (self.rng.random() < cross or not same) else same
                    pros.append(self.rng.choice(cand))
                residents = self.pick_residents(buurt, self.rng.randint(1, 6))
                favourites = BUURT_THEMES[buurt]
                n_themes = self.rng.choices((1, 2, 3), (0.45, 0.4, 0.15))[0]
                themes: list[str] = []
                while len(themes) < n_themes:
                    t = self.rng.choice(favourites) if self.rng.random() < 0.75 else self.rng.choice(list(gs.THEMES))
                    if t not in themes:
                        themes.append(t)
                spot = self.rng.choice(STREET_SPOTS)
                self.add(_Activity(
                    "straatgesprek", when, f"Straatgesprek {spot}", buurt=buurt, themes=tuple(sorted(themes)),
                    anonymous=self.rng.choices((0, 1, 2, 3), (0.55, 0.25, 0.15, 0.05))[0],
                    organiser=lead, participants=sorted(pros[1:]) + sorted(residents),
                ))

    def bewonersbijeenkomsten(self) -> None:
        groups = [g for g in GROUPS if g[2] == "bewonersgroep"]
        day = dt.date(YEAR, 6, 3)
        n = 0
        while day <= dt.date(YEAR, 12, 4):
            if not (dt.date(YEAR, 7, 14) <= day <= dt.date(YEAR, 8, 24)):
                gid, name, _kind, buurten, themes = groups[n % len(groups)]
                members = [r for r in self.members[gid] if self.rng.random() < 0.7]
                local = [r for r in self.residents if self.buurt_of[r] in buurten and r not in members]
                guests = sorted(self.rng.sample(local, min(len(local), self.rng.randint(0, 5))))
                residents = sorted(members + guests)
                pros_pool = [p for p in self.pool(day.month) if p not in ("p01", "p09", "p10")]
                opbouw = "p09" if n % 2 == 0 else "p10"
                pros = sorted(self.rng.sample(pros_pool, self.rng.randint(0, 2)))
                residents = residents[: 25 - 1 - len(pros)]
                # From September, residents chair their own meetings: ownership grows.
                if day.month >= 9 and members:
                    organiser = self.rng.choice(members)
                    participants = [opbouw, *pros] + [r for r in residents if r != organiser]
                else:
                    organiser, participants = opbouw, pros + residents
                chosen = sorted(self.rng.sample(themes, self.rng.randint(1, len(themes))))
                title = f"Bijeenkomst {name}"
                if gid == "g03" and n < 4:
                    title = "Bewonersavond Groen & Spelen: speeltuin voor kinderen < 12 jaar"
                self.add(_Activity(
                    "bewonersbijeenkomst", dt.datetime.combine(day, dt.time(19, 30)), title,
                    buurt=buurten[0], themes=tuple(chosen), anonymous=self.rng.randint(0, 6),
                    organiser=organiser, participants=participants,
                ))
                n += 1
            day += dt.timedelta(days=7)

    def evaluaties(self) -> None:
        pros = [p[0] for p in PROFESSIONALS if p[0] != "p01"]
        present = sorted(self.rng.sample(pros, 19)) + [b[0] for b in BESTUURDERS[:4]]
        self.add(_Activity("evaluatie", dt.datetime(YEAR, 12, 9, 14, 0),
                           "Jaarevaluatie buurtaanpak 2025: professionals en bestuurders", organiser="p01", participants=present))
        active = sorted(r for r, n in self.met.items() if n >= 3)
        residents = sorted(self.rng.sample(active, min(len(active), 16)))
        pros = ["p09", "p10", "p16", "p18", "p27"]
        self.add(_Activity("evaluatie", dt.datetime(YEAR, 12, 11, 19, 30), "Jaarevaluatie buurtaanpak 2025 met bewoners",
                           buurt=None, organiser="p01", participants=pros + residents, anonymous=4))


def _cooperation(year: _Year) -> Counter:
    """Number of activities shared by the professionals of each pair of organisations."""
    shared: Counter = Counter()
    for act in year.activities:
        people = [act.organiser, *act.participants]
        orgs = sorted({year.org_of[p] for p in people if p in year.org_of})
        for a, b in itertools.combinations(orgs, 2):
            shared[(a, b)] += 1
    return shared


def _ratings(year: _Year) -> list[list[object]]:
    """PARTNER-tool ratings between organisations, nulmeting and jaarevaluatie."""
    rng = year.rng
    org_ids = [o[0] for o in ORGANISATIONS]
    rows: list[list[object]] = []
    # Nulmeting: the six organisations at the bestuurders' table rate the partners they know.
    raters = [b[3] for b in BESTUURDERS]
    for rater in raters:
        for rated in org_ids:
            if rated == rater or (rated not in raters and rng.random() < 0.6) or rng.random() < 0.2:
                continue
            base = 2
            items = [max(1, min(4, base + rng.choice((-1, 0, 0, 0, 1)))) for _ in range(6)]
            level = rng.choice((0, 1, 1, 2))
            freq = CONTACT_FREQUENCY[min(4, level + rng.randint(0, 1))]
            rows.append(["nulmeting-2025", rater, rated, *items, level, freq])
    # Jaarevaluatie: every organisation rates the partners it worked with this year;
    # the Himmelman level follows how many activities their professionals shared.
    shared = _cooperation(year)
    for rater in org_ids:
        for rated in org_ids:
            n = shared[tuple(sorted((rater, rated)))]
            if rated == rater or n == 0:
                continue
            level = 1 + (n >= 5) + (n >= 15) + (n >= 30)
            base = 3 if level >= 2 else 2
            items = [max(1, min(4, base + rng.choice((-1, 0, 0, 0, 1)) + (level == 4))) for _ in range(6)]
            freq = CONTACT_FREQUENCY[min(4, level + 1)]
            rows.append(["jaarevaluatie-2025", rater, rated, *items, level, freq])
    return rows


DROP_PAIR = ("org02", "org04")
"""The one organisation pair whose trust drops between the rounds (both directions), so
the bestuurders' report has a setback to tell beside the growth."""


def _story(rows: list[list[object]]) -> list[list[object]]:
    """Make the rounds tell the demo's story: trust between organisations rises for every
    pair rated in both rounds, except :data:`DROP_PAIR`, whose trust drops.

    Rows are [round, rater, rated, six items, level, frequency]; items 3-5 are trust."""
    before = {(r[1], r[2]): r for r in rows if r[0] == "nulmeting-2025"}
    for r in rows:
        if r[0] != "jaarevaluatie-2025" or (r[1], r[2]) not in before:
            continue
        b = before[(r[1], r[2])]
        if {r[1], r[2]} == set(DROP_PAIR):
            b[3:9] = [3, 3, 3, 3, 3, 2]
            r[3:9] = [2, 2, 1, 3, 2, 2]
            b[9], r[9] = 3, 1
            b[10], r[10] = "maandelijks", "jaarlijks"
        elif sum(r[3:6]) <= sum(b[3:6]):
            r[3:6] = [min(4, x + 1) for x in b[3:6]]
    return rows


def _person_ratings(year: _Year) -> list[list[object]]:
    """Professionals of the kernteam rate partner organisations and colleagues of other
    organisations in both rounds (their own random stream, so the organisation ratings
    above stay as they were). One answer is left empty on purpose: an incomplete rating."""
    rng = random.Random(RNG_SEED + 4)
    rows: list[list[object]] = []
    shared = _cooperation(year)
    founders = [o[0] for o in ORGANISATIONS if o[3] == 1]
    for rater in KERNTEAM:
        own = year.org_of[rater]
        for round_id, base in (("nulmeting-2025", 2), ("jaarevaluatie-2025", 3)):
            pool = founders if round_id == "nulmeting-2025" else [o[0] for o in ORGANISATIONS]
            partners = [o for o in pool if o != own and (round_id == "nulmeting-2025" or shared[tuple(sorted((own, o)))])]
            for rated in sorted(rng.sample(partners, min(3, len(partners)))):
                items = [max(1, min(4, base + rng.choice((-1, 0, 0, 1)))) for _ in range(6)]
                level = base - 1 + rng.choice((0, 0, 1))
                rows.append([round_id, rater, rated, *items, level, CONTACT_FREQUENCY[min(4, level + 1)]])
            colleagues = [k for k in KERNTEAM if year.org_of[k] != own]
            for rated in sorted(rng.sample(colleagues, 2)):
                items = [max(1, min(4, base + rng.choice((-1, 0, 1)))) for _ in range(6)]
                rows.append([round_id, rater, rated, *items, base - 1, CONTACT_FREQUENCY[base]])
    # A respondent who skipped "middelen": no value score for this pair (shown as incomplete).
    rows[0][8] = None
    return rows


def _commitments() -> list[list[object]]:
    """What the organisations committed at the bestuurdersoverleg (hours per month)."""
    rows = [
        ["t01", "org01", 32, fmt_date(dt.date(YEAR, 2, 11)), "Procesbegeleider en wijkregisseur voor de buurtaanpak"],
        ["t02", "org02", 16, fmt_date(dt.date(YEAR, 2, 11)), "Woonconsulenten en wijkbeheerder bij straatgesprekken"],
        ["t03", "org03", 40, fmt_date(dt.date(YEAR, 2, 11)), "Opbouwwerk, jongerenwerk en ouderenwerk in de wijk"],
        ["t04", "org04", 8, fmt_date(dt.date(YEAR, 2, 11)), "Wijkagenten: twee dagdelen per maand in de buurt"],
        ["t05", "org05", 12, fmt_date(dt.date(YEAR, 2, 11)), "Wijkverpleging sluit aan bij overleggen en huisbezoeken"],
        ["t06", "org06", 8, fmt_date(dt.date(YEAR, 6, 17)), "Jeugdconsulent en CJG bij het professionalsoverleg"],
        ["t07", "org07", 4, fmt_date(dt.date(YEAR, 6, 17)), "Intern begeleider: verbinding school en buurt"],
        ["t08", "org03", 8, fmt_date(dt.date(YEAR, 9, 23)), "Extra uren opbouwwerk voor bewonersgroepen"],
    ]
    return rows


def _knows(year: _Year) -> list[list[object]]:
    """Ties reported in the nulmeting (existing before 2025) and, new, in the jaarevaluatie."""
    rng = year.rng
    rows: list[list[object]] = []
    core = [p[0] for p in PROFESSIONALS if year.join_month[p[3]] == 1]
    seen: set[tuple[str, str]] = set()

    def tie(a: str, b: str, source: str, since: dt.date, weight: int) -> None:
        if (a, b, source) not in seen:
            seen.add((a, b, source))
            rows.append([a, b, source, fmt_date(since), weight])

    for a, b in itertools.combinations(core, 2):
        if year.org_of[a] == year.org_of[b] and rng.random() < 0.55:
            since = dt.date(rng.randint(2017, 2024), rng.randint(1, 12), rng.randint(1, 28))
            tie(a, b, "nulmeting", since, rng.choice((1, 1, 2)))
            if rng.random() < 0.6:
                tie(b, a, "nulmeting", since, 1)
    for a, b in (("p16", "p09"), ("p05", "p10"), ("p18", "p13"), ("p04", "p16"), ("p02", "p07"), ("p13", "p21")):
        tie(a, b, "nulmeting", dt.date(rng.randint(2019, 2024), rng.randint(1, 12), 1), 1)
    everyone = [p[0] for p in PROFESSIONALS]
    for _ in range(18):
        a, b = rng.sample(everyone, 2)
        if year.org_of[a] != year.org_of[b]:
            tie(a, b, "jaarevaluatie", dt.date(YEAR, rng.randint(5, 11), rng.randint(1, 28)), 1)
    return rows


def generate(out_dir: Path = DEMO_DIR) -> dict[str, int]:
    """Write the demo seed's CSV files into ``out_dir``; return rows written per file."""
    rng = random.Random(RNG_SEED)
    year = _Year(rng)
    year.bestuurdersoverleg()
    year.introducties()
    year.professionalsoverleg()
    year.straatgesprekken()
    year.bewonersbijeenkomsten()
    year.evaluaties()
    acts = sorted(year.activities, key=lambda a: (a.when, a.kind, a.title))
    ids = {id(a): f"a{i:03d}" for i, a in enumerate(acts, start=1)}

    group_ids: dict[str, list[str]] = {}
    for gid, members in sorted(year.members.items()):
        for m in members:
            group_ids.setdefault(m, []).append(gid)

    files: dict[str, tuple[tuple[str, ...], list[list[object]]]] = {}
    files["organisations.csv"] = (("org_id", "name", "sector"), [[o[0], o[1], o[2]] for o in ORGANISATIONS])
    persons: list[list[object]] = []
    for pid, name, role, org, skills in PROFESSIONALS:
        persons.append([pid, "professional", name, None, role, org, None, fmt_list(skills), fmt_bool(False), None, None,
                        fmt_list(group_ids.get(pid, [])), *abcd.contact_details(pid, name, org)])
    for pid, name, role, org in BESTUURDERS:
        persons.append([pid, "bestuurder", name, None, role, org, None, None, fmt_bool(False), None, None,
                        fmt_list(group_ids.get(pid, [])), None, None])
    for r in year.residents:
        name, consent = year.named.get(r, (None, None))
        persons.append([
            r, "resident", name, f"Bewoner {r}", None, None, year.buurt_of[r], fmt_list(year.skills_of[r]),
            fmt_bool(name is not None), fmt_date(consent),
            "naam zichtbaar voor coördinatoren en wijkprofessionals" if name else None, fmt_list(group_ids.get(r, [])),
            None, None,
        ])
    files["persons.csv"] = (
        ("person_id", "kind", "display_name", "pseudonym", "role_title", "org_id", "buurt_code", "skills",
         "consent_named", "consent_date", "consent_scope", "group_ids", "email", "phone"),
        persons,
    )
    files["assets.csv"] = (
        ("asset_id", "category", "name", "owner_id", "buurt_code", "visibility", "themes"),
        abcd.assets(BUURTEN, year.buurt_of, year.skills_of, {g[0]: g[3] for g in GROUPS}),
    )
    files["groups.csv"] = (("group_id", "name", "kind"), [[g[0], g[1], g[2]] for g in GROUPS])
    files["areas.csv"] = (
        ("code", "name", "level", "name_uncertain"),
        [[code, name, "buurt", fmt_bool(True)] for code, name in BUURT_NAMES.items()],
    )
    files["activities.csv"] = (
        ("activity_id", "kind", "date", "buurt_code", "title", "methods", "anonymous_participants", "themes"),
        [[ids[id(a)], a.kind, fmt_datetime(a.when), a.buurt, a.title, fmt_list(a.methods), a.anonymous, fmt_list(a.themes)]
         for a in acts],
    )
    parts: list[list[object]] = []
    for a in acts:
        if a.organiser:
            parts.append([ids[id(a)], a.organiser, "organiser"])
        parts.extend([ids[id(a)], p, "participant"] for p in a.participants)
    files["participations.csv"] = (("activity_id", "person_id", "role"), parts)
    files["knows.csv"] = (("from_id", "to_id", "source", "since", "weight"), _knows(year))
    files["survey_rounds.csv"] = (
        ("round_id", "name", "date"),
        [["nulmeting-2025", "Nulmeting 2025", fmt_date(dt.date(YEAR, 2, 20))],
         ["jaarevaluatie-2025", "Jaarevaluatie 2025", fmt_date(dt.date(YEAR, 12, 10))]],
    )
    files["ratings.csv"] = (
        ("round_id", "rater_id", "rated_id", *gs.RATING_ITEMS, "himmelman_level", "contact_frequency"),
        _story(_ratings(year)) + _person_ratings(year),
    )
    files["commitments.csv"] = (("commitment_id", "org_id", "hours_per_month", "date", "description"), _commitments())
    files.update(_learning(acts, ids))
    for name, (header, rows) in files.items():
        write_csv(out_dir / name, header, rows)
    return {name: len(rows) for name, (_header, rows) in files.items()}


# What came out of the meetings (issue 18): activity by its title (the first with it), then the row.
DECISIONS: tuple[tuple[str, str, int, int, int, str | None], ...] = (
    ("Professionalsoverleg 3: Deep Democracy: ook de stem van de minderheid",
     "Straatgesprekken voeren we in duo's van twee organisaties", 11, 2, 1,
     "Een vast aanspreekpunt per straat, zodat bewoners niet steeds nieuwe gezichten zien"),
    ("Bewonersavond Groen & Spelen: speeltuin voor kinderen < 12 jaar",
     "De speeltuin aan de Westdorpstraat samen met de woonstichting opknappen", 14, 3, 2,
     "Ook een plek voor oudere kinderen, niet alleen voor kinderen onder de 12"),
    ("Bijeenkomst Bewonersgroep Samen Aan Tafel", "Elke maand een buurtmaaltijd in het wijkcentrum", 9, 0, 1, None),
    ("Professionalsoverleg 17: Voorbereiding jaarevaluatie",
     "Bewoners vullen de jaarevaluatie samen met een professional in", 8, 4, 3, "Een korte versie op papier"),
)
LESSONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Professionalsoverleg 3: Deep Democracy: ook de stem van de minderheid",
     "Als de tegenstem vroeg gehoord wordt, loopt de uitvoering daarna soepeler", ("ontmoeting",)),
    ("Bewonersavond Groen & Spelen: speeltuin voor kinderen < 12 jaar",
     "Kinderen zelf laten tekenen hoe de speeltuin moet worden leverde de beste ideeën op", ("groen", "spelen")),
    ("Bijeenkomst Bewonersgroep Veilig Verkeer",
     "Gemeten snelheden overtuigen meer dan klachten; een snelheidsdisplay hielp het gesprek", ("verkeersveiligheid",)),
    ("Bijeenkomst Bewonersgroep Samen Aan Tafel",
     "Ouderen komen als er vervoer geregeld is; een vaste chauffeur maakt het verschil", ("eenzaamheid", "ouderen")),
    ("Bijeenkomst Jongerenraad Raalte-Noord",
     "Jongeren willen zelf een ruimte beheren: geef ze de sleutel en een vast aanspreekpunt", ("jongeren", "overlast")),
    ("Professionalsoverleg 17: Voorbereiding jaarevaluatie",
     "Over geldzorgen praten lukt beter in kleine groepen dan op een grote avond", ("armoede",)),
)
PLANS: tuple[tuple[str, str, str, tuple[str, ...], str, str, dt.date | None, dt.date | None], ...] = (
    ("pl01", "Speeltuin Westdorpstraat opknappen", "g03", ("groen", "spelen"), "BU01770101", "lopend",
     dt.date(YEAR, 7, 1), None),
    ("pl02", "Moestuin achter de flat", "g03", ("groen",), "BU01770102", "gestart", dt.date(YEAR, 9, 15), None),
    ("pl03", "Snelheidsdisplay in de buurt", "g04", ("verkeersveiligheid",), "BU01770103", "afgerond",
     dt.date(YEAR, 6, 1), dt.date(YEAR, 10, 31)),
    ("pl04", "Maandelijkse buurtmaaltijd", "g05", ("ontmoeting", "ouderen"), "BU01770100", "lopend",
     dt.date(YEAR, 7, 1), None),
    ("pl05", "Jongerenruimte in het oude clubhuis", "g06", ("jongeren",), "BU01770106", "idee", None, None),
    ("pl06", "Spreekuur rondkomen in de bibliotheek", "g07", ("armoede",), "BU01770100", "idee", None, None),
)


def _learning(acts: list, ids: dict[int, str]) -> dict[str, tuple[tuple[str, ...], list[list[object]]]]:
    """decisions.csv, lessons.csv and plans.csv from :data:`DECISIONS`, :data:`LESSONS` and
    :data:`PLANS`; a lesson's author is its activity's organiser."""
    first: dict[str, object] = {}
    for a in acts:
        first.setdefault(a.title, a)
    decisions = [[f"bs{i:02d}", ids[id(first[t])], proposal, v_for, v_against, v_abstain, needs]
                 for i, (t, proposal, v_for, v_against, v_abstain, needs) in enumerate(DECISIONS, start=1)]
    lessons = [[f"l{i:02d}", ids[id(first[t])], text, fmt_list(themes), getattr(first[t], "organiser", None)]
               for i, (t, text, themes) in enumerate(LESSONS, start=1)]
    plans = [[pid, title, group, fmt_list(themes), buurt, status, fmt_date(start), fmt_date(end)]
             for pid, title, group, themes, buurt, status, start, end in PLANS]
    return {
        "decisions.csv": (("decision_id", "activity_id", "proposal", "votes_for", "votes_against", "votes_abstain",
                           "minority_needs"), decisions),
        "lessons.csv": (("lesson_id", "activity_id", "text", "themes", "author_id"), lessons),
        "plans.csv": (("plan_id", "title", "group_id", "themes", "buurt_code", "status", "start_date", "end_date"), plans),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Schrijf de demo-seed (fictief jaar 2025, Raalte WK017701).")
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="map voor de CSV-bestanden (standaard: seeds/demo)")
    args = parser.parse_args(argv)
    for name, n in generate(args.out).items():
        print(f"{name}: {n} rijen")


if __name__ == "__main__":
    main()
