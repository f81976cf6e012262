"""Demo additions for Collega zoeken and the ABCD inventory: professionals' work contact
details and the neighbourhood's assets in the six ABCD categories.

All invented: e-mail addresses use the reserved ``.example`` domain (RFC 2606) and the
phone numbers the unallocated Dutch mobile block ``06-0000 ....``, so none can reach a
real person. Deterministic: a separate ``random.Random`` seeded here, so these additions
do not shift the rest of the demo year.
"""

from __future__ import annotations

import random
import unicodedata

__all__ = ["ASSET_SEED", "assets", "contact_details"]

ASSET_SEED = 20250505

_DOMAINS = {
    "org01": "gemeente-raalte.example", "org02": "heuvelrand.example", "org03": "welzijnsallandnoord.example",
    "org04": "politie-sallandrug.example", "org05": "delinde.example", "org06": "jeugdkracht.example",
    "org07": "devlonder.example", "org08": "hethofje.example", "org09": "oranjehoeve.example",
    "org10": "demarkt.example", "org11": "dekandelaar.example",
}


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum())


def contact_details(person_id: str, name: str, org_id: str) -> tuple[str, str]:
    """(e-mail, phone) of a demo professional: ``initial.surname@<org>.example`` and a
    number in the unallocated block 06-0000 xxxx."""
    first, *rest = name.replace("-", " ").split()
    surname = _ascii("".join(rest)) or _ascii(first)
    number = int("".join(c for c in person_id if c.isdigit()) or 0)
    return f"{_ascii(first)[0]}.{surname}@{_DOMAINS.get(org_id, 'buurtnetwerk.example')}", f"06-0000 {1000 + number * 37:04d}"


# (category, name, owner kind or id, themes); owner "resident:<skill>" = a resident with that skill,
# "group:<id>" a group, an org id otherwise.
_ASSETS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("contribution", "Kookt voor buren in de straat", "resident:koken", ("eenzaamheid", "ontmoeting")),
    ("contribution", "Moestuinkennis en stekjes delen", "resident:tuinieren", ("groen",)),
    ("contribution", "Klust bij ouderen in de buurt", "resident:klussen", ("ouderen", "wonen")),
    ("contribution", "Repareert fietsen van kinderen", "resident:fietsen repareren", ("jongeren", "armoede")),
    ("contribution", "Taalmaatje voor nieuwkomers", "resident:taalmaatje", ("ontmoeting",)),
    ("contribution", "Muziek maken met buurtkinderen", "resident:muziek", ("jongeren", "spelen")),
    ("contribution", "Helpt ouderen met de computer", "resident:computerhulp", ("ouderen", "eenzaamheid")),
    ("contribution", "Voorlezen op het kindcentrum", "resident:voorlezen", ("jongeren",)),
    ("contribution", "EHBO bij buurtactiviteiten", "resident:EHBO", ("gezondheid", "veiligheid")),
    ("contribution", "Fotografeert het buurtleven", "resident:fotografie", ("ontmoeting",)),
    ("association", "Bewonersgroep Groen & Spelen", "group:g03", ("groen", "spelen")),
    ("association", "Bewonersgroep Veilig Verkeer", "group:g04", ("verkeersveiligheid",)),
    ("association", "Samen Aan Tafel: wekelijkse maaltijd", "group:g05", ("eenzaamheid", "ouderen")),
    ("association", "Jongerenraad Raalte-Noord", "group:g06", ("jongeren",)),
    ("association", "Sportvereniging Oranje Hoeve", "org09", ("jongeren", "gezondheid")),
    ("association", "Bewonersvereniging Het Hofje", "org08", ("ontmoeting", "wonen")),
    ("institution", "Kindcentrum De Vlonder", "org07", ("jongeren", "spelen")),
    ("institution", "Wijkverpleging De Linde", "org05", ("gezondheid", "ouderen")),
    ("institution", "Spreekuur schuldhulp Welzijn Salland Noord", "org03", ("schulden", "armoede")),
    ("institution", "Wijkagenten Basisteam Sallandrug", "org04", ("veiligheid", "overlast")),
    ("institution", "Huurdersloket Woonstichting Heuvelrand", "org02", ("wonen",)),
    ("place", "Buurthuis Het Hofje", "org08", ("ontmoeting", "ouderen")),
    ("place", "Speelveld Westdorp", "org01", ("spelen", "jongeren")),
    ("place", "Pluktuin achter de flat", "group:g03", ("groen",)),
    ("place", "Huiskamer De Kandelaar", "org11", ("eenzaamheid", "ontmoeting")),
    ("place", "Sporthal Oranje Hoeve", "org09", ("jongeren", "gezondheid")),
    ("place", "Bibliotheekhoek in het kindcentrum", "org07", ("jongeren",)),
    ("exchange", "Weekmarkt op het Marktplein", "org10", ("ontmoeting",)),
    ("exchange", "Repair café in het buurthuis", "org08", ("armoede", "zwerfafval")),
    ("exchange", "Ondernemers sponsoren buurtfeest", "org10", ("ontmoeting",)),
    ("exchange", "Voedselbank-uitgiftepunt", "org11", ("armoede",)),
    ("exchange", "Kledingruil bij de kerk", "org11", ("armoede",)),
    ("culture", "Verhalen van oud-bewoners over de wederopbouw", "resident:organiseren", ("ouderen", "ontmoeting")),
    ("culture", "Jaarlijkse straatbarbecue Westdorp", "group:g05", ("ontmoeting",)),
    ("culture", "Koningsdag-vrijmarkt", "org08", ("ontmoeting", "spelen")),
    ("culture", "Turkse theemiddag", "org03", ("ontmoeting", "eenzaamheid")),
)


def assets(
    buurten: tuple[str, ...],
    resident_buurt: dict[str, str],
    resident_skills: dict[str, tuple[str, ...]],
    group_buurten: dict[str, tuple[str, ...]],
) -> list[list[object]]:
    """Rows for ``assets.csv``: asset_id, category, name, owner_id, buurt_code,
    visibility, themes. Residents' gifts are ``intern`` (pseudonymous owner), everything
    else ``openbaar``."""
    rng = random.Random(ASSET_SEED)
    rows: list[list[object]] = []
    used: set[str] = set()
    for i, (category, name, owner, themes) in enumerate(_ASSETS, start=1):
        visibility = "openbaar"
        if owner.startswith("resident:"):
            skill = owner.split(":", 1)[1]
            candidates = sorted(r for r, s in resident_skills.items() if skill in s and r not in used)
            owner_id = rng.choice(candidates) if candidates else None
            if owner_id:
                used.add(owner_id)
            buurt = resident_buurt.get(owner_id) if owner_id else rng.choice(buurten)
            visibility = "intern"
        elif owner.startswith("group:"):
            owner_id = owner.split(":", 1)[1]
            home = group_buurten.get(owner_id) or buurten
            buurt = home[0]
        else:
            owner_id = owner
            buurt = rng.choice(buurten)
        rows.append([f"bron{i:03d}", category, name, owner_id, buurt, visibility, "|".join(themes)])
    return rows
