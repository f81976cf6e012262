"""The import file kinds: their canonical columns, Dutch aliases and documentation.

A file's kind is detected from its header (see :func:`detect_kind`). Column names are
compared after :func:`normalise_header` (lower case, spaces and hyphens to
underscores, accents and apostrophes removed), so ``Organisatie-ID`` and
``organisatie_id`` are the same column, and ``Thema's`` is ``themas``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import graph_schema as gs
from netwerk.ingest.cbs import CBS_INDICATORS

__all__ = [
    "FILE_KINDS",
    "TEMPLATE_KINDS",
    "Column",
    "FileKind",
    "HeaderMatch",
    "detect_kind",
    "kind_from_filename",
    "match_header",
    "normalise_header",
    "resolve_kind",
]


@dataclass(frozen=True)
class Column:
    """One column of an import file kind.

    ``type`` is one of ``text`` (an id or free text), ``vocab`` (a value of the
    :mod:`graph_schema` vocabulary named by ``vocabulary``; key or Dutch label), ``int``,
    ``decimal``, ``bool``, ``date``, ``datetime``, ``list`` (``|``-separated), ``score``
    (a whole number 1-4) or ``himmelman`` (0-4 or its Dutch label).
    """

    name: str
    help: str
    required: bool = False
    type: str = "text"
    vocabulary: str | None = None
    aliases: tuple[str, ...] = ()
    example: str = ""

    def allowed(self) -> dict | None:
        """The vocabulary (key -> Dutch label) behind this column, if any."""
        if self.type == "himmelman":
            return gs.HIMMELMAN_LEVELS
        return getattr(gs, self.vocabulary) if self.vocabulary else None

    def format(self) -> str:
        """How a value is written, in Dutch (for templates and messages)."""
        return {
            "text": "tekst",
            "vocab": "een van de toegestane waarden",
            "int": "geheel getal",
            "decimal": "getal, decimale komma (2,5)",
            "bool": "ja of nee",
            "date": "dd-mm-jjjj",
            "datetime": "dd-mm-jjjj of dd-mm-jjjj uu:mm (Nederlandse tijd)",
            "list": "waarden gescheiden door |",
            "score": "geheel getal 1-4",
            "himmelman": "0-4 of het niveau in woorden",
        }[self.type]


@dataclass(frozen=True)
class FileKind:
    """An import file kind: ``name`` (English, as in the ChangeSet), ``dutch`` (the
    template and file-name prefix), a Dutch description and the columns."""

    name: str
    dutch: str
    description: str
    columns: tuple[Column, ...]
    prefixes: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _c(name: str, help: str, *aliases: str, **kw) -> Column:
    return Column(name, help, aliases=aliases, **kw)


FILE_KINDS: dict[str, FileKind] = {
    k.name: k
    for k in (
        FileKind(
            "organisations",
            "organisaties",
            "Partnerorganisaties, één per rij.",
            (
                _c("org_id", "Vaste code van de organisatie (door u gekozen, bijv. ORG01).", "organisatie_id", "organisatie",
                   required=True, example="ORG01"),
                _c("name", "Naam van de organisatie.", "naam", "organisatienaam", required=True, example="Gemeente Raalte"),
                _c("sector", "Sector van de organisatie.", required=True, type="vocab", vocabulary="SECTORS", example="gemeente"),
            ),
            ("organisaties", "organisations", "organizations"),
        ),
        FileKind(
            "persons",
            "personen",
            "Personen: bewoners (met pseudoniem, een naam alleen met toestemming), wijkprofessionals, "
            "bestuurders en vrijwilligers. Eén persoon per rij.",
            (
                _c("person_id", "Vaste code van de persoon (door u gekozen, bijv. P007).", "persoon_id", required=True,
                   example="P007"),
                _c("kind", "Soort persoon.", "soort", "type", required=True, type="vocab", vocabulary="PERSON_KINDS",
                   example="professional"),
                _c("display_name", "Naam om te tonen. Bij een bewoner alleen met toestemming (consent_named = ja).",
                   "naam", "weergavenaam", example="Anna de Vries"),
                _c("pseudonym", "Pseudoniem (voor bewoners zonder toestemming voor hun naam).", "pseudoniem",
                   example="Bewoner 17"),
                _c("role_title", "Functie, bijv. wijkagent, opbouwwerker, woonconsulent.", "functie", example="opbouwwerker"),
                _c("org_id", "Organisatie(s) waarvoor de persoon werkt: org_id uit organisaties, of de naam van de organisatie "
                   "(meerdere met |).",
                   "organisatie_id", "organisatie", type="list", example="ORG01"),
                _c("buurt_code", "CBS-buurtcode of buurtnaam.", "buurt", "buurtcode", example="BU01770100"),
                _c("skills", "Vaardigheden en talenten (gescheiden door |).", "vaardigheden", type="list",
                   example="koken|tuinieren"),
                _c("consent_named", "Toestemming om de naam van een bewoner vast te leggen.", "toestemming_naam",
                   "toestemming", type="bool", example="nee"),
                _c("consent_date", "Datum van die toestemming (verplicht bij toestemming van een bewoner).",
                   "toestemming_datum", "datum_toestemming", type="date", example="13-01-2025"),
                _c("consent_scope", "Waarvoor de toestemming geldt.", "toestemming_omvang", "toestemming_reikwijdte",
                   example="buurtnetwerk"),
                _c("group_ids", "Groepen waarvan de persoon lid is (group_id uit groepen; gescheiden door |).", "groep_ids",
                   "groepen", "groep_id", type="list", example="G01|G02"),
                _c("email", "Werk-e-mailadres (alleen voor professionals, nooit van bewoners).", "e_mail", "emailadres",
                   example="m.jansen@raalte.nl"),
                _c("phone", "Werktelefoon (alleen voor professionals, nooit van bewoners).", "telefoon", "telefoonnummer",
                   example="0572 123 456"),
            ),
            ("personen", "persons", "people"),
        ),
        FileKind(
            "groups",
            "groepen",
            "Groepen: bewonersgroepen, kernteams, werkgroepen en overleggen.",
            (
                _c("group_id", "Vaste code van de groep.", "groep_id", required=True, example="G01"),
                _c("name", "Naam van de groep.", "naam", required=True, example="Bewonersgroep Oost"),
                _c("kind", "Soort groep.", "soort", "type", required=True, type="vocab", vocabulary="GROUP_KINDS",
                   example="bewonersgroep"),
            ),
            ("groepen", "groups"),
        ),
        FileKind(
            "activities",
            "activiteiten",
            "Activiteiten: overleggen, straatgesprekken, bijeenkomsten, evaluaties. Eén activiteit per rij.",
            (
                _c("activity_id", "Vaste code van de activiteit.", "activiteit_id", required=True, example="A001"),
                _c("kind", "Soort activiteit.", "soort", "type", required=True, type="vocab", vocabulary="ACTIVITY_KINDS",
                   example="straatgesprek"),
                _c("date", "Datum (en tijd) van de activiteit, Nederlandse tijd.", "datum", "datum_tijd", required=True,
                   type="datetime", example="13-01-2025 19:30"),
                _c("buurt_code", "CBS-buurtcode of buurtnaam.", "buurt", "buurtcode", example="BU01770100"),
                _c("title", "Korte titel.", "titel", example="Straatgesprek Kerkstraat"),
                _c("methods", "Gebruikte werkvormen (gescheiden door |), bijv. deep_democracy|abcd.", "methoden", "methode",
                   type="list", example="abcd"),
                _c("anonymous_participants", "Aantal deelnemers dat niet bij naam is vastgelegd.", "anonieme_deelnemers",
                   type="int", example="3"),
                _c("themes", "Thema's die aan bod kwamen (gescheiden door |), uit de themalijst.", "themas", "thema",
                   type="list", vocabulary="THEMES", example="groen|overlast"),
            ),
            ("activiteiten", "activities"),
        ),
        FileKind(
            "participations",
            "deelname",
            "Wie deed mee aan welke activiteit: één rij per persoon per activiteit.",
            (
                _c("activity_id", "Code van de activiteit (uit activiteiten).", "activiteit_id", required=True, example="A001"),
                _c("person_id", "Code van de persoon (uit personen).", "persoon_id", required=True, example="P007"),
                _c("role", "Rol; leeg betekent deelnemer.", "rol", type="vocab", vocabulary="PARTICIPATION_ROLES",
                   example="deelnemer"),
            ),
            ("deelname", "participations", "participation"),
        ),
        FileKind(
            "activity_themes",
            "themas",
            "Thema's van activiteiten: één rij per thema per activiteit.",
            (
                _c("activity_id", "Code van de activiteit (uit activiteiten).", "activiteit_id", required=True, example="A001"),
                _c("theme", "Thema uit de themalijst.", "thema", required=True, vocabulary="THEMES", example="groen"),
            ),
            ("themas", "thema's", "activity_themes", "themes"),
        ),
        FileKind(
            "knows",
            "kent",
            "Wie kent wie (buiten activiteiten om gemeld): één rij per gerichte relatie. Een rij met gewicht 0 is "
            "geen relatie en wordt overgeslagen; herhaalde rijen worden één relatie, met hun gewichten opgeteld "
            "als aantal meldingen.",
            (
                _c("from_id", "Persoon die de relatie meldt (person_id).", "van_id", "van", required=True, example="P007"),
                _c("to_id", "Persoon die gekend wordt (person_id).", "naar_id", "naar", required=True, example="P012"),
                _c("source", "Bron of soort relatie, bijv. advies of vriendschap; leeg is 'gemeld'.", "bron",
                   example="advies"),
                _c("since", "Sinds wanneer.", "sinds", type="date", example="01-03-2025"),
                _c("weight", "Gewicht (geheel getal): telt als aantal meldingen; 0 betekent geen relatie (de rij wordt "
                   "overgeslagen); leeg is 1.", "gewicht", type="int", example="1"),
            ),
            ("kent", "knows"),
        ),
        FileKind(
            "assets",
            "bronnen",
            "ABCD-bronnen van de buurt (Kretzmann & McKnight 1993): gaven en vaardigheden van bewoners, verenigingen, "
            "instellingen, plekken, lokale economie en verhalen. Eén bron per rij.",
            (
                _c("asset_id", "Vaste code van de bron.", "bron_id", "bron", required=True, example="B001"),
                _c("category", "ABCD-categorie.", "categorie", required=True, type="vocab", vocabulary="ASSET_CATEGORIES",
                   example="place"),
                _c("name", "Naam of korte omschrijving van de bron (geen persoonsgegevens).", "naam", required=True,
                   example="Buurttuin Westdorplein"),
                _c("owner_id", "Eigenaar: person_id, group_id of org_id.", "eigenaar_id", "eigenaar", example="org08"),
                _c("buurt_code", "CBS-buurtcode of buurtnaam.", "buurt", "buurtcode", example="BU01770101"),
                _c("visibility", "Wie de bron mag zien: openbaar of intern.", "zichtbaarheid", type="vocab",
                   vocabulary="ASSET_VISIBILITY", example="openbaar"),
                _c("themes", "Thema's waar de bron bij helpt (gescheiden door |), uit de themalijst.", "themas", "thema",
                   type="list", vocabulary="THEMES", example="groen|ontmoeting"),
            ),
            ("bronnen", "assets"),
        ),
        FileKind(
            "areas",
            "gebieden",
            "Gebieden (gemeente, wijk, buurt) met CBS-kerncijfers: één gebied per rij, de CBS-code is de sleutel. "
            "Kerncijfers staan in kolommen met de CBS-naam uit tabel 85984NED (bijv. AantalInwoners_5).",
            (
                _c("code", "CBS-code van het gebied: GM + 4 cijfers, WK + 6 of BU + 8.", "gebiedscode", "regiocode",
                   "codering", "codering_3", required=True, example="WK017701"),
                _c("name", "Naam van het gebied.", "naam", "gebiedsnaam", "regionaam", required=True, example="Raalte"),
                _c("level", "Niveau: gemeente, wijk of buurt; leeg betekent: volgt uit de code.", "niveau", "soort_regio",
                   "soortregio_2", example="wijk"),
                _c("name_uncertain", "Ja als de naam niet van CBS komt maar is afgeleid of twijfelachtig.", "naam_onzeker",
                   type="bool", example="nee"),
                *(_c(key, f"CBS-kerncijfer: {title} ({unit}).", type="decimal") for key, (title, unit) in CBS_INDICATORS.items()),
            ),
            ("gebieden", "areas", "kerncijfers"),
        ),
        FileKind(
            "survey_rounds",
            "rondes",
            "Evaluatierondes (nulmeting, jaarevaluatie).",
            (
                _c("round_id", "Vaste code van de ronde.", "ronde_id", required=True, example="R2025"),
                _c("name", "Naam van de ronde.", "naam", required=True, example="Nulmeting 2025"),
                _c("date", "Datum van de ronde.", "datum", required=True, type="date", example="13-01-2025"),
            ),
            ("rondes", "survey_rounds", "rounds"),
        ),
        FileKind(
            "ratings",
            "beoordelingen",
            "Beoordelingen van samenwerking (PARTNER-methode) per ronde: wie (persoon of organisatie) beoordeelt wie. "
            "Scores 1-4; bewoners worden niet beoordeeld.",
            (
                _c("round_id", "Code van de ronde (uit rondes).", "ronde_id", required=True, example="R2025"),
                _c("rater_id", "Wie beoordeelt: person_id of org_id.", "beoordelaar_id", "beoordelaar", required=True,
                   example="ORG01"),
                _c("rated_id", "Wie wordt beoordeeld: person_id of org_id.", "beoordeelde_id", "beoordeelde", required=True,
                   example="ORG02"),
                _c("reliability", "Betrouwbaarheid (1-4).", "betrouwbaarheid", type="score", example="3"),
                _c("mission", "Gedeelde missie (1-4).", "missie", "gedeelde_missie", type="score", example="3"),
                _c("openness", "Openheid (1-4).", "openheid", type="score", example="4"),
                _c("power", "Invloed (1-4).", "invloed", type="score", example="2"),
                _c("involvement", "Betrokkenheid (1-4).", "betrokkenheid", type="score", example="3"),
                _c("resources", "Middelen (1-4).", "middelen", type="score", example="2"),
                _c("himmelman_level", "Niveau van samenwerking volgens Himmelman (0-4).", "himmelman", "samenwerkingsniveau",
                   type="himmelman", example="2"),
                _c("contact_frequency", "Hoe vaak er contact is: nooit, jaarlijks, per kwartaal, maandelijks, wekelijks "
                   "of dagelijks.", "contactfrequentie", type="vocab", vocabulary="CONTACT_FREQUENCIES",
                   example="maandelijks"),
            ),
            ("beoordelingen", "ratings"),
        ),
        FileKind(
            "commitments",
            "toezeggingen",
            "Toezeggingen van organisaties in het bestuurdersoverleg: uren per maand en wat ze inzetten. "
            "Zonder toezegging_id is de code organisatie en datum samen.",
            (
                _c("org_id", "Organisatie die toezegt (org_id uit organisaties).", "organisatie_id", "organisatie",
                   required=True, example="ORG01"),
                _c("hours_per_month", "Toegezegde uren per maand.", "uren_per_maand", "uren", required=True,
                   type="decimal", example="16"),
                _c("date", "Datum van de toezegging.", "datum", required=True, type="date", example="11-02-2025"),
                _c("description", "Wat de organisatie inzet (geen gegevens over personen).", "omschrijving",
                   "beschrijving", example="Wijkagent twee dagdelen per maand bij straatgesprekken"),
                _c("commitment_id", "Vaste code van de toezegging (optioneel).", "toezegging_id", example="T01"),
            ),
            ("toezeggingen", "commitments"),
        ),
    )
}
"""Import file kinds by English name, in the order a run applies them."""

TEMPLATE_KINDS: dict[str, str] = {k.dutch: k.name for k in FILE_KINDS.values()}
"""Dutch template name -> file kind (organisaties -> organisations, ...)."""


def normalise_header(name: str) -> str:
    """A header cell as a comparable key: lower case, accents and apostrophes removed,
    spaces, hyphens and dots to underscores (``"Thema's"`` -> ``"themas"``)."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    s = s.strip().lower().replace("'", "").replace("\u2019", "").replace('"', "")
    s = re.sub(r"[\s\-./]+", "_", s)
    return re.sub(r"_+", "_", s).strip("_")


def resolve_kind(kind: str) -> FileKind | None:
    """The file kind for an English or Dutch kind name (case-insensitive), or None."""
    k = normalise_header(kind)
    if k in FILE_KINDS:
        return FILE_KINDS[k]
    if k in TEMPLATE_KINDS:
        return FILE_KINDS[TEMPLATE_KINDS[k]]
    return None


def kind_from_filename(filename: str) -> FileKind | None:
    """The kind a file name hints at by its start (``personen_2025.csv`` -> persons)."""
    stem = normalise_header(filename.rsplit(".", 1)[0])
    best: tuple[int, FileKind] | None = None
    for kind in FILE_KINDS.values():
        for prefix in kind.prefixes:
            p = normalise_header(prefix)
            if stem.startswith(p) and (best is None or len(p) > best[0]):
                best = (len(p), kind)
    return best[1] if best else None


@dataclass
class HeaderMatch:
    """How a header maps onto one file kind: ``columns`` maps canonical column name ->
    the header text as written; ``unknown`` lists header cells that are no column of the
    kind; ``missing`` the required columns not present; ``twice`` header cells that name a
    column already named by another cell (e.g. ``naam`` and ``name``)."""

    kind: FileKind
    columns: dict[str, str]
    unknown: list[str]
    missing: list[str]
    twice: list[str]

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.missing or self.twice)

    def suggestion(self, header: str) -> str | None:
        """The closest column name or alias of the kind, for an unknown header."""
        names = [n for c in self.kind.columns for n in (c.name, *c.aliases)]
        close = difflib.get_close_matches(normalise_header(header), names, n=1, cutoff=0.6)
        return close[0] if close else None


def match_header(header: list[str], kind: FileKind) -> HeaderMatch:
    """Map header cells onto ``kind``'s canonical columns (names and aliases)."""
    lookup: dict[str, str] = {}
    for c in kind.columns:
        for n in (c.name, *c.aliases):
            lookup.setdefault(normalise_header(n), c.name)
    columns: dict[str, str] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for h in header:
        canonical = lookup.get(normalise_header(h))
        if canonical is None:
            unknown.append(h)
        elif canonical in columns:
            twice.append(h)
        else:
            columns[canonical] = h
    missing = [c for c in kind.required if c not in columns]
    return HeaderMatch(kind, columns, unknown, missing, twice)


def detect_kind(header: list[str], filename: str = "") -> HeaderMatch | None:
    """The file kind that fits a header best.

    A kind fits when every header cell is one of its columns and all its required
    columns are present. When several kinds fit, the file name decides
    (:func:`kind_from_filename`); when none fits, the file-name kind or else the kind
    that recognises most columns (its required columns first) is returned with its
    ``unknown``/``missing`` lists filled, so errors can name the columns. Returns None
    when no kind recognises even one required column.
    """
    matches = [match_header(header, k) for k in FILE_KINDS.values()]
    hint = kind_from_filename(filename) if filename else None
    fitting = [m for m in matches if m.ok]
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        for m in fitting:
            if hint is not None and m.kind is hint:
                return m
        return max(fitting, key=lambda m: len(m.columns))
    if hint is not None:
        return next(m for m in matches if m.kind is hint)
    scored = [m for m in matches if len(m.kind.required) - len(m.missing) > 0]
    if not scored:
        return None
    return max(scored, key=lambda m: (-len(m.missing), len(m.columns), -len(m.unknown)))
