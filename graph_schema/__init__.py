"""The Buurtnetwerk graph schema, as data: the one registry of node and relationship types.

Node labels, relationship types, their properties and the controlled vocabularies are
declared once here, each property with its type, whether it is required, its default,
vocabulary, min/max, the migration that introduced it (``since``) and, where it can be
imported, its import column (:class:`Imp`: name, Dutch aliases, help text, example).
Derived from this registry:

- the SQLite DDL and migrations' added columns (:mod:`graph_schema.sqlite_ddl`) and the
  Neo4j constraints and indexes (:mod:`graph_schema.neo4j_ddl`);
- the pydantic entities (``netwerk/entities.py``, written by ``python -m graph_schema.codegen``,
  ``make schema``), the ChangeSet and the model map;
- the import file kinds and their templates (``netwerk.ingest.kinds.FILE_KINDS``);
- the store port's tables, the full-workbook export/import and copies between stores
  (all keyed on :data:`SCHEMA`).

Every entity carries a stable string id chosen by the importer (never a database
internal id), plus ``created_at`` and ``updated_at`` (UTC ISO 8601 text).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum

__all__ = [
    "ACTIVITY_KINDS",
    "ASSET_CATEGORIES",
    "ASSET_VISIBILITY",
    "CONTACT_FREQUENCIES",
    "GROUP_KINDS",
    "HIMMELMAN_LEVELS",
    "NODES",
    "PROP_TYPES",
    "PARTICIPATION_ROLES",
    "PERSON_KINDS",
    "PLAN_STATUSES",
    "RATING_ITEMS",
    "RELATIONSHIPS",
    "SECTORS",
    "THEMES",
    "TRUST_ITEMS",
    "VALUE_ITEMS",
    "SCHEMA",
    "VOCABULARY_WHAT",
    "Imp",
    "ImportKind",
    "Label",
    "NodeType",
    "Prop",
    "RelType",
    "RelationshipType",
    "key_columns",
    "table_props",
]


# --- controlled vocabularies -------------------------------------------------------

PERSON_KINDS: dict[str, str] = {
    "resident": "bewoner",
    "professional": "wijkprofessional",
    "bestuurder": "bestuurder",
    "volunteer": "vrijwilliger",
}
"""Person kind -> Dutch label."""

SECTORS: dict[str, str] = {
    "gemeente": "Gemeente",
    "woningcorporatie": "Woningcorporatie",
    "welzijn": "Welzijn",
    "zorg": "Zorg",
    "politie": "Politie",
    "onderwijs": "Onderwijs",
    "jeugd": "Jeugd",
    "bewonersorganisatie": "Bewonersorganisatie",
    "vereniging": "Vereniging",
    "ondernemer": "Ondernemer",
    "levensbeschouwing": "Levensbeschouwing",
    "overig": "Overig",
}
"""Organisation sector -> Dutch label."""

ACTIVITY_KINDS: dict[str, str] = {
    "bestuurdersoverleg": "Bestuurdersoverleg",
    "professionalsoverleg": "Professionalsoverleg",
    "straatgesprek": "Straatgesprek",
    "bewonersbijeenkomst": "Bewonersbijeenkomst",
    "evaluatie": "Evaluatie",
    "introductie": "Introductie",
    "overig": "Overig",
}
"""Activity kind -> Dutch label, in the order the neighbourhood approach runs."""

GROUP_KINDS: dict[str, str] = {
    "bewonersgroep": "Bewonersgroep",
    "kernteam": "Kernteam",
    "werkgroep": "Werkgroep",
    "overleg": "Overleg",
}

PARTICIPATION_ROLES: dict[str, str] = {"organiser": "organisator", "participant": "deelnemer"}

ASSET_CATEGORIES: dict[str, str] = {
    "contribution": "Bijdragen van bewoners (gaven en vaardigheden)",
    "association": "Verenigingen en netwerken",
    "institution": "Instellingen",
    "place": "Plekken",
    "exchange": "Lokale economie",
    "culture": "Verhalen en cultuur",
}
"""The six asset types of Asset-Based Community Development (Kretzmann & McKnight 1993;
McKnight & Russell 2018) -> Dutch label."""

ASSET_VISIBILITY: dict[str, str] = {
    "openbaar": "openbaar (iedereen die het dashboard gebruikt)",
    "intern": "intern (coördinatoren en wijkprofessionals)",
}
"""Who may see an asset -> Dutch explanation."""

AREA_LEVELS: tuple[str, ...] = ("gemeente", "wijk", "buurt")
"""CBS area levels, from large to small."""

THEMES: dict[str, str] = {
    "verkeersveiligheid": "leefomgeving",
    "groen": "leefomgeving",
    "overlast": "leefomgeving",
    "zwerfafval": "leefomgeving",
    "spelen": "leefomgeving",
    "wonen": "wonen",
    "eenzaamheid": "sociaal",
    "ontmoeting": "sociaal",
    "jongeren": "sociaal",
    "ouderen": "sociaal",
    "armoede": "bestaanszekerheid",
    "schulden": "bestaanszekerheid",
    "gezondheid": "zorg",
    "veiligheid": "veiligheid",
}
"""Starting theme vocabulary: theme name -> category. Extendable by the coordinator."""

HIMMELMAN_LEVELS: dict[int, str] = {
    0: "geen",
    1: "netwerken",
    2: "coördineren",
    3: "samenwerken",
    4: "samen optrekken",
}
"""Himmelman (2002) levels of collaboration: 0 none, 1 networking, 2 coordinating,
3 cooperating, 4 collaborating."""

RATING_ITEMS: dict[str, str] = {
    "reliability": "betrouwbaarheid",
    "mission": "gedeelde missie",
    "openness": "openheid",
    "power": "invloed",
    "involvement": "betrokkenheid",
    "resources": "middelen",
}
"""PARTNER tool rating items (each scored 1-4). Trust = mean(reliability, mission,
openness); value = mean(power, involvement, resources) (Varda et al., PARTNER tool)."""

TRUST_ITEMS: tuple[str, ...] = ("reliability", "mission", "openness")
"""The PARTNER items whose mean is trust (Varda et al., PARTNER tool)."""

VALUE_ITEMS: tuple[str, ...] = ("power", "involvement", "resources")
"""The PARTNER items whose mean is value (Varda et al., PARTNER tool)."""

CONTACT_FREQUENCIES: dict[str, str] = {
    "nooit": "nooit",
    "jaarlijks": "een of enkele keren per jaar",
    "per kwartaal": "ongeveer eens per kwartaal",
    "maandelijks": "maandelijks",
    "wekelijks": "wekelijks",
    "dagelijks": "(bijna) dagelijks",
}
"""How often rater and rated are in contact (PARTNER tool's frequency question), from
least to most often: value -> Dutch explanation."""

PLAN_STATUSES: dict[str, str] = {
    "idee": "idee",
    "gestart": "gestart",
    "lopend": "lopend",
    "afgerond": "afgerond",
}
"""Status of a resident group's plan or initiative, from first idea to done -> Dutch label."""

VOCABULARY_WHAT: dict[str, str] = {
    "SECTORS": "sector",
    "PERSON_KINDS": "soort persoon",
    "GROUP_KINDS": "soort groep",
    "ACTIVITY_KINDS": "soort activiteit",
    "PARTICIPATION_ROLES": "rol",
    "ASSET_CATEGORIES": "ABCD-categorie",
    "ASSET_VISIBILITY": "zichtbaarheid",
    "CONTACT_FREQUENCIES": "contactfrequentie",
    "PLAN_STATUSES": "status",
}
"""Vocabulary name -> what a value of it is called in Dutch messages ("onbekende sector 'x'")."""


# --- labels and relationship types -------------------------------------------------


class Label(StrEnum):
    """Node labels (Neo4j labels; SQLite table names are in :data:`NODES`)."""

    ORGANISATION = "Organisation"
    PERSON = "Person"
    GROUP = "Group"
    ACTIVITY = "Activity"
    THEME = "Theme"
    ASSET = "Asset"
    AREA = "Area"
    SURVEY_ROUND = "SurveyRound"
    COMMITMENT = "Commitment"
    SURVEY = "Survey"
    DECISION = "Decision"
    LESSON = "Lesson"
    PLAN = "Plan"


class RelType(StrEnum):
    """Relationship types."""

    WORKS_FOR = "WORKS_FOR"
    MEMBER_OF = "MEMBER_OF"
    PARTICIPATED = "PARTICIPATED"
    ABOUT = "ABOUT"
    IN = "IN"
    LIVES_IN = "LIVES_IN"
    HAS_ASSET = "HAS_ASSET"
    RATED = "RATED"
    KNOWS = "KNOWS"
    COMMITTED = "COMMITTED"
    INTRODUCED = "INTRODUCED"
    INVITED = "INVITED"


@dataclass(frozen=True)
class Imp:
    """How a property appears as a column of an import file (its import spec).

    ``help`` is the Dutch help text of templates, ``aliases`` the other (Dutch) header
    names recognised, ``example`` the template's example value. ``type``, ``required``
    and ``vocabulary`` default to the property's (``type``: text -> ``vocab`` when it has
    a vocabulary, real -> ``decimal``; also ``score`` (1-4) and ``himmelman`` (0-4 or its
    Dutch label)). An import-only column (no property of its own type, e.g. a person's
    ``org_id`` that creates WORKS_FOR) is declared in its type's ``imports`` with
    ``column`` (its name), ``file`` (the import kind it appears in, by ChangeSet field
    name) and ``after`` (the column it follows; None: at the end).
    """

    help: str
    aliases: tuple[str, ...] = ()
    example: str = ""
    type: str | None = None
    required: bool | None = None
    vocabulary: str | None = None
    column: str | None = None
    file: str | None = None
    after: str | None = None


def imp(help: str, *aliases: str, **kw) -> Imp:
    """Shorthand: ``imp("Naam.", "naam", example="X")`` is ``Imp("Naam.", ("naam",), "X")``."""
    return Imp(help, aliases, **kw)


@dataclass(frozen=True)
class ImportKind:
    """A type that has an import file kind of its own: ``dutch`` is the template and
    file-name prefix, ``description`` Dutch, ``prefixes`` the file-name starts that hint
    at it, ``rank`` its place in a run (lower first). ``order`` lists the column names when
    they do not follow the declaration order (properties, then import-only columns)."""

    dutch: str
    description: str
    prefixes: tuple[str, ...]
    rank: int
    order: tuple[str, ...] = ()


PROP_TYPES = ("text", "int", "real", "bool", "date", "datetime", "list")
"""The property types a :class:`Prop` may declare."""


@dataclass(frozen=True)
class Prop:
    """A property. ``type`` is one of text, int, real, bool, date, datetime, list
    (``list`` is also a JSON object when ``py`` says so).

    ``default`` is the entity's default when not None (else: None, ``()`` for a list,
    False for a bool); ``py``/``py_default`` override the generated annotation and default
    (source text) where the generic mapping does not fit; ``imp`` is the import spec."""

    name: str
    type: str = "text"
    required: bool = False
    vocabulary: str | None = None  # name of a vocabulary in this module
    min: float | None = None
    max: float | None = None
    since: int = 1  # the migration version that introduced it (its SQLite column comes from that migration)
    default: object = None
    py: str | None = None
    py_default: str | None = None
    imp: Imp | None = None

    def __post_init__(self):
        # Caught at declaration (import time), not later as a crash on every import of a file.
        if (self.min is not None or self.max is not None) and self.type not in ("int", "real"):
            raise ValueError(f"Prop {self.name!r}: min/max only for an int or real property, not for type {self.type!r}")
        if self.type not in PROP_TYPES:
            raise ValueError(f"Prop {self.name!r}: unknown type {self.type!r}; choose from {', '.join(PROP_TYPES)}")


@dataclass(frozen=True, kw_only=True)
class _TypeInfo:
    """What every node and relationship type declares besides its table: the ChangeSet
    ``field`` and entity ``model`` (class name) it maps to, what its records are called
    in Dutch messages (``dutch``, plural: "personen"; ``dutch_one``: "persoon"), its ``sheet`` in the full
    workbook export, the entity's ``doc``, its own import kind (if any) and the
    import-only columns it adds to other kinds' files (``imports``)."""

    field: str
    model: str
    dutch: str
    dutch_one: str
    sheet: str
    doc: str
    import_kind: ImportKind | None = None
    imports: tuple[Imp, ...] = ()


@dataclass(frozen=True)
class NodeType(_TypeInfo):
    """A node type: its label, SQLite ``table``, the ``key`` property (the string id)
    and its properties (plus :class:`_TypeInfo`)."""

    label: Label
    table: str
    key: str
    props: tuple[Prop, ...]


@dataclass(frozen=True)
class RelationshipType(_TypeInfo):
    """A relationship. ``key`` names the columns that identify one relationship; ``ends``
    optionally declares the two end columns' properties (for their import specs); the
    rest as for :class:`NodeType`."""

    type: RelType
    table: str
    start: tuple[Label, ...]
    end: tuple[Label, ...]
    start_col: str
    end_col: str
    key: tuple[str, ...]
    props: tuple[Prop, ...] = ()
    ends: tuple[Prop, ...] = dc_field(default=(), kw_only=True)


def table_props(defn: NodeType | RelationshipType) -> tuple[Prop, ...]:
    """Columns of a table: for a relationship its end columns first (as in SQLite)."""
    if isinstance(defn, NodeType):
        return defn.props
    names = {p.name for p in defn.props}
    declared = {p.name: p for p in defn.ends}
    ends = tuple(declared.get(c, Prop(c, required=True)) for c in (defn.start_col, defn.end_col) if c not in names)
    return ends + defn.props


_ITEM_HELP = {
    "reliability": imp("Betrouwbaarheid (1-4).", "betrouwbaarheid", type="score", example="3"),
    "mission": imp("Gedeelde missie (1-4).", "missie", "gedeelde_missie", type="score", example="3"),
    "openness": imp("Openheid (1-4).", "openheid", type="score", example="4"),
    "power": imp("Invloed (1-4).", "invloed", type="score", example="2"),
    "involvement": imp("Betrokkenheid (1-4).", "betrokkenheid", type="score", example="3"),
    "resources": imp("Middelen (1-4).", "middelen", type="score", example="2"),
}
_RATING_ITEM_PROPS = tuple(Prop(item, "int", min=1, max=4, imp=_ITEM_HELP[item]) for item in RATING_ITEMS)
_ATTRIBUTES = "dict[str, AttrValue] | None"
_BUURT = imp("CBS-buurtcode of buurtnaam.", "buurt", "buurtcode", example="BU01770100")

NODES: dict[Label, NodeType] = {
    n.label: n
    for n in (
        NodeType(
            Label.ORGANISATION,
            "organisation",
            "org_id",
            (
                Prop("org_id", required=True, imp=imp(
                    "Vaste code van de organisatie (door u gekozen, bijv. ORG01).", "organisatie_id", "organisatie",
                    example="ORG01")),
                Prop("name", required=True, imp=imp("Naam van de organisatie.", "naam", "organisatienaam",
                                                    example="Gemeente Raalte")),
                Prop("sector", required=True, vocabulary="SECTORS", imp=imp("Sector van de organisatie.",
                                                                            example="gemeente")),
                Prop("attributes", "list", since=4, py=_ATTRIBUTES),  # JSON object: attributes kept from an exchange import
                Prop("website", since=6, imp=imp("Website van de organisatie.", "webadres", "site",
                                                 example="https://www.raalte.nl")),
            ),
            field="organisations",
            dutch="organisaties",
            dutch_one="organisatie",
            sheet="organisaties",
            model="Organisation",
            doc="A partner organisation; ``sector`` is a key of ``graph_schema.SECTORS``.\n"
                "Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.",
            import_kind=ImportKind("organisaties", "Partnerorganisaties, één per rij.",
                                   ("organisaties", "organisations", "organizations"), rank=10),
        ),
        NodeType(
            Label.PERSON,
            "person",
            "person_id",
            (
                Prop("person_id", required=True, imp=imp("Vaste code van de persoon (door u gekozen, bijv. P007).",
                                                          "persoon_id", example="P007")),
                Prop("kind", required=True, vocabulary="PERSON_KINDS", imp=imp("Soort persoon.", "soort", "type",
                                                                               example="professional")),
                Prop("display_name", imp=imp(
                    "Naam om te tonen. Bij een bewoner alleen met toestemming (consent_named = ja).", "naam",
                    "weergavenaam", example="Anna de Vries")),
                Prop("pseudonym", imp=imp("Pseudoniem (voor bewoners zonder toestemming voor hun naam).", "pseudoniem",
                                          example="Bewoner 17")),
                Prop("role_title", imp=imp("Functie, bijv. wijkagent, opbouwwerker, woonconsulent.", "functie",
                                           example="opbouwwerker")),
                Prop("buurt_code", imp=_BUURT),
                Prop("skills", "list", imp=imp("Vaardigheden en talenten (gescheiden door |).", "vaardigheden",
                                               example="koken|tuinieren")),
                Prop("consent_named", "bool", imp=imp("Toestemming om de naam van een bewoner vast te leggen.",
                                                      "toestemming_naam", "toestemming", example="nee")),
                Prop("consent_date", "date", imp=imp(
                    "Datum van die toestemming (verplicht bij toestemming van een bewoner).", "toestemming_datum",
                    "datum_toestemming", example="13-01-2025")),
                Prop("consent_scope", imp=imp("Waarvoor de toestemming geldt.", "toestemming_omvang",
                                              "toestemming_reikwijdte", example="buurtnetwerk")),
                # Work contact details, for professionals only (never for residents).
                Prop("email", since=3, imp=imp("Werk-e-mailadres (alleen voor professionals, nooit van bewoners).",
                                               "e_mail", "emailadres", example="m.jansen@raalte.nl")),
                Prop("phone", since=3, imp=imp("Werktelefoon (alleen voor professionals, nooit van bewoners).",
                                               "telefoon", "telefoonnummer", example="0572 123 456")),
                # JSON object: attributes kept from an exchange import (Kumu, Gephi); never for residents.
                Prop("attributes", "list", since=4, py=_ATTRIBUTES),
            ),
            field="persons",
            dutch="personen",
            dutch_one="persoon",
            sheet="personen",
            model="Person",
            doc="A person. Residents are pseudonymous: ``display_name`` only with ``consent_named``.",
            import_kind=ImportKind(
                "personen",
                "Personen: bewoners (met pseudoniem, een naam alleen met toestemming), wijkprofessionals, "
                "bestuurders en vrijwilligers. Eén persoon per rij.",
                ("personen", "persons", "people"), rank=20),
        ),
        NodeType(
            Label.GROUP,
            "grp",
            "group_id",
            (
                Prop("group_id", required=True, imp=imp("Vaste code van de groep.", "groep_id", example="G01")),
                Prop("name", required=True, imp=imp("Naam van de groep.", "naam", example="Bewonersgroep Oost")),
                Prop("kind", required=True, vocabulary="GROUP_KINDS", imp=imp("Soort groep.", "soort", "type",
                                                                              example="bewonersgroep")),
            ),
            field="groups",
            dutch="groepen",
            dutch_one="groep",
            sheet="groepen",
            model="Group",
            doc="A group of persons (kernteam, bewonersgroep ...); ``kind`` from ``graph_schema.GROUP_KINDS``.\n"
                "Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.",
            import_kind=ImportKind("groepen", "Groepen: bewonersgroepen, kernteams, werkgroepen en overleggen.",
                                   ("groepen", "groups"), rank=30),
        ),
        NodeType(
            Label.THEME,
            "theme",
            "name",
            (Prop("name", required=True), Prop("category")),
            field="themes",
            dutch="thema's",
            dutch_one="thema",
            sheet="themas",
            model="Theme",
            doc="A theme of conversation (stored lower-case), optionally with a category.",
        ),
        NodeType(
            Label.ACTIVITY,
            "activity",
            "activity_id",
            (
                Prop("activity_id", required=True, imp=imp("Vaste code van de activiteit.", "activiteit_id",
                                                            example="A001")),
                Prop("kind", required=True, vocabulary="ACTIVITY_KINDS", imp=imp(
                    "Soort activiteit.", "soort", "type", example="straatgesprek")),
                Prop("date", "datetime", required=True, imp=imp(
                    "Datum (en tijd) van de activiteit, Nederlandse tijd.", "datum", "datum_tijd",
                    example="13-01-2025 19:30")),
                Prop("buurt_code", imp=_BUURT),
                Prop("title", imp=imp("Korte titel.", "titel", example="Straatgesprek Kerkstraat")),
                Prop("methods", "list", imp=imp(
                    "Gebruikte werkvormen (gescheiden door |), bijv. deep_democracy|abcd.", "methoden", "methode",
                    example="abcd")),
                Prop("anonymous_participants", "int", min=0, imp=imp(
                    "Aantal deelnemers dat niet bij naam is vastgelegd.", "anonieme_deelnemers", example="3")),
            ),
            field="activities",
            dutch="activiteiten",
            dutch_one="activiteit",
            sheet="activiteiten",
            model="Activity",
            doc="An activity of the approach; ``kind`` from ``graph_schema.ACTIVITY_KINDS``.\n\n"
                "``date`` is timezone-aware (a naive value is Europe/Amsterdam wall-clock time);\n"
                "``anonymous_participants`` counts participants without a person record (>= 0).",
            import_kind=ImportKind(
                "activiteiten",
                "Activiteiten: overleggen, straatgesprekken, bijeenkomsten, evaluaties. Eén activiteit per rij.",
                ("activiteiten", "activities"), rank=40),
        ),
        NodeType(
            Label.ASSET,
            "asset",
            "asset_id",
            (
                Prop("asset_id", required=True, imp=imp("Vaste code van de bron.", "bron_id", "bron", example="B001")),
                Prop("category", required=True, vocabulary="ASSET_CATEGORIES", imp=imp(
                    "ABCD-categorie.", "categorie", example="place")),
                Prop("name", required=True, imp=imp(
                    "Naam of korte omschrijving van de bron (geen persoonsgegevens).", "naam",
                    example="Buurttuin Westdorplein")),
                Prop("owner_id", imp=imp("Eigenaar: person_id, group_id of org_id.", "eigenaar_id", "eigenaar",
                                         example="org08")),
                Prop("buurt_code", imp=imp("CBS-buurtcode of buurtnaam.", "buurt", "buurtcode", example="BU01770101")),
                Prop("visibility", vocabulary="ASSET_VISIBILITY", imp=imp(
                    "Wie de bron mag zien: openbaar of intern.", "zichtbaarheid", example="openbaar")),
                Prop("themes", "list", since=3, imp=imp(
                    "Thema's waar de bron bij helpt (gescheiden door |), uit de themalijst.", "themas", "thema",
                    vocabulary="THEMES", example="groen|ontmoeting")),
            ),
            field="assets",
            dutch="bronnen",
            dutch_one="bron",
            sheet="bronnen",
            model="Asset",
            doc="An ABCD asset; ``category`` from ``graph_schema.ASSET_CATEGORIES``\n"
                "(Kretzmann & McKnight, *Building Communities from the Inside Out*, 1993).",
            import_kind=ImportKind(
                "bronnen",
                "ABCD-bronnen van de buurt (Kretzmann & McKnight 1993): gaven en vaardigheden van bewoners, verenigingen, "
                "instellingen, plekken, lokale economie en verhalen. Eén bron per rij.",
                ("bronnen", "assets"), rank=80),
        ),
        NodeType(
            Label.AREA,
            "area",
            "code",
            (
                Prop("code", required=True, imp=imp(
                    "CBS-code van het gebied: GM + 4 cijfers, WK + 6 of BU + 8.", "gebiedscode", "regiocode",
                    "codering", "codering_3", example="WK017701")),
                Prop("name", required=True, imp=imp("Naam van het gebied.", "naam", "gebiedsnaam", "regionaam",
                                                    example="Raalte")),
                Prop("level", required=True, py="Literal[" + ", ".join(f'"{level}"' for level in AREA_LEVELS) + "]",
                     py_default="None  # type: ignore[assignment]  # None: taken from the code", imp=imp(
                         "Niveau: gemeente, wijk of buurt; leeg betekent: volgt uit de code.", "niveau", "soort_regio",
                         "soortregio_2", required=False, example="wijk")),
                # JSON object of CBS indicators (their import columns: netwerk.ingest.cbs).
                Prop("indicators", "list", py="dict[str, float | int | str | None]", py_default="Field(default_factory=dict)"),
                Prop("name_uncertain", "bool", since=3, imp=imp(  # the name is inferred or doubtful, not CBS's own
                    "Ja als de naam niet van CBS komt maar is afgeleid of twijfelachtig.", "naam_onzeker",
                    example="nee")),
            ),
            field="areas",
            dutch="gebieden",
            dutch_one="gebied",
            sheet="gebieden",
            model="Area",
            doc="A CBS area (gemeente, wijk or buurt code such as ``WK017701``) with indicator values.\n\n"
                "``code`` is CBS's code (``GM`` + 4 digits, ``WK`` + 6, ``BU`` + 8) and must fit\n"
                "``level`` (taken from the code when not given); ``name_uncertain`` marks a name that is not CBS's "
                "own (inferred or doubtful);\n``indicators`` maps CBS column keys (``AantalInwoners_5``) to values.",
            import_kind=ImportKind(
                "gebieden",
                "Gebieden (gemeente, wijk, buurt) met CBS-kerncijfers: één gebied per rij, de CBS-code is de sleutel. "
                "Kerncijfers staan in kolommen met de CBS-naam uit tabel 85984NED (bijv. AantalInwoners_5).",
                ("gebieden", "areas", "kerncijfers"), rank=90),
        ),
        NodeType(
            Label.SURVEY_ROUND,
            "survey_round",
            "round_id",
            (
                Prop("round_id", required=True, imp=imp("Vaste code van de ronde.", "ronde_id", example="R2025")),
                Prop("name", required=True, imp=imp("Naam van de ronde.", "naam", example="Nulmeting 2025")),
                Prop("date", "date", required=True, imp=imp("Datum van de ronde.", "datum", example="13-01-2025")),
            ),
            field="survey_rounds",
            dutch="rondes",
            dutch_one="ronde",
            sheet="rondes",
            model="SurveyRound",
            doc="A round of the partner survey (e.g. nulmeting), dated.",
            import_kind=ImportKind("rondes", "Evaluatierondes (nulmeting, jaarevaluatie).",
                                   ("rondes", "survey_rounds", "rounds"), rank=100),
        ),
        NodeType(
            Label.COMMITMENT,
            "commitment",
            "commitment_id",
            (
                Prop("commitment_id", required=True, imp=imp(
                    "Vaste code van de toezegging (optioneel).", "toezegging_id", required=False, example="T01")),
                Prop("org_id", required=True, imp=imp(
                    "Organisatie die toezegt (org_id uit organisaties).", "organisatie_id", "organisatie",
                    example="ORG01")),
                Prop("description", imp=imp(
                    "Wat de organisatie inzet (geen gegevens over personen).", "omschrijving", "beschrijving",
                    example="Wijkagent twee dagdelen per maand bij straatgesprekken")),
                Prop("hours_per_month", "real", min=0, imp=imp(
                    "Toegezegde uren per maand.", "uren_per_maand", "uren", required=True, example="16")),
                Prop("date", "date", imp=imp("Datum van de toezegging.", "datum", required=True, example="11-02-2025")),
            ),
            field="commitments",
            dutch="toezeggingen",
            dutch_one="toezegging",
            sheet="toezeggingen",
            model="Commitment",
            doc="What an organisation commits to the approach; ``hours_per_month`` in hours per month (>= 0).",
            import_kind=ImportKind(
                "toezeggingen",
                "Toezeggingen van organisaties in het bestuurdersoverleg: uren per maand en wat ze inzetten. "
                "Zonder toezegging_id is de code organisatie en datum samen.",
                ("toezeggingen", "commitments"), rank=120,
                order=("org_id", "hours_per_month", "date", "description", "commitment_id")),
        ),
        NodeType(
            Label.SURVEY,
            "survey",
            "survey_id",
            (
                Prop("survey_id", required=True, since=8),
                Prop("name", required=True, since=8),
                Prop("date", "date", required=True, since=8),
                Prop("closes_on", "date", required=True, since=8),
                Prop("status", required=True, default="open", since=8),
                Prop("questions", "list", since=8),
                Prop("rated_ids", "list", since=8),
                Prop("round_id", since=8),
                Prop("show_lessons", "bool", default=False, since=8),
            ),
            field="surveys",
            dutch="evaluaties",
            dutch_one="evaluatie",
            sheet="evaluaties",
            model="Survey",
            doc="An evaluation sent from Buurtnetwerk (``netwerk.services.survey``): ``status`` open or gesloten;\n"
                "answers are taken until ``closes_on`` (inclusive, Europe/Amsterdam); ``questions`` the chosen\n"
                "question codes (``netwerk.services.survey.QUESTIONS``), ``rated_ids`` the org_ids (and\n"
                "colleagues' person_ids) to be rated; ``round_id`` the survey round its ratings were\n"
                "written to when it closed (None while open); ``show_lessons``: respondents first read the\n"
                "lessons and decisions of the twelve months before ``date`` (``netwerk.services.learning``).",
        ),
        NodeType(
            Label.DECISION,
            "decision",
            "decision_id",
            (
                Prop("decision_id", required=True, since=9, imp=imp("Vaste code van het besluit.", "besluit_id",
                                                                     example="BS01")),
                Prop("activity_id", required=True, since=9, imp=imp(
                    "Bijeenkomst waarin besloten werd (activity_id uit activiteiten).", "activiteit_id",
                    "activiteit", example="A001")),
                Prop("proposal", required=True, since=9, imp=imp(
                    "Het voorstel waarover besloten werd (geen gegevens over personen).", "voorstel",
                    example="Elke maand een buurtmaaltijd in het wijkcentrum")),
                Prop("votes_for", "int", min=0, since=9, imp=imp("Aantal stemmen voor.", "voor", example="9")),
                Prop("votes_against", "int", min=0, since=9, imp=imp("Aantal stemmen tegen.", "tegen", example="2")),
                Prop("votes_abstain", "int", min=0, since=9, imp=imp("Aantal onthoudingen.", "onthouding",
                                                                     "onthoudingen", example="1")),
                Prop("minority_needs", since=9, imp=imp(
                    "Wat de minderheid nodig heeft om mee te gaan (Deep Democracy).", "minderheid",
                    "wat_de_minderheid_nodig_heeft", example="Een proefperiode van drie maanden")),
            ),
            field="decisions",
            dutch="besluiten",
            dutch_one="besluit",
            sheet="besluiten",
            model="Decision",
            doc="A decision of a meeting as Deep Democracy records it: the proposal, the vote tally\n"
                "(``votes_for``/``votes_against``/``votes_abstain``, counts >= 0) and what the minority needs\n"
                "to go along (``minority_needs``). Never who voted how: no person is linked.",
            import_kind=ImportKind(
                "besluiten",
                "Besluiten van bijeenkomsten (Deep Democracy): voorstel, stemmen voor, tegen en onthouding, en wat de "
                "minderheid nodig heeft. Nooit wie wat stemde. Eén besluit per rij.",
                ("besluiten", "decisions"), rank=130),
        ),
        NodeType(
            Label.LESSON,
            "lesson",
            "lesson_id",
            (
                Prop("lesson_id", required=True, since=9, imp=imp("Vaste code van de les.", "les_id", example="L01")),
                Prop("activity_id", required=True, since=9, imp=imp(
                    "Activiteit waarbij dit geleerd werd (activity_id uit activiteiten).", "activiteit_id",
                    "activiteit", example="A001")),
                Prop("text", required=True, since=9, imp=imp(
                    "Wat we leerden, in één korte zin (nooit over een persoon).", "tekst", "les", "wat_we_leerden",
                    example="Bewoners komen eerder als de buurman uitnodigt dan als de gemeente dat doet")),
                Prop("themes", "list", since=9, imp=imp(
                    "Thema's (gescheiden door |), uit de themalijst.", "themas", "thema", vocabulary="THEMES",
                    example="ontmoeting")),
                Prop("author_id", since=9, imp=imp("Wie de les vastlegde (person_id uit personen).", "auteur_id",
                                                   "auteur", example="P007")),
            ),
            field="lessons",
            dutch="lessen",
            dutch_one="les",
            sheet="lessen",
            model="Lesson",
            doc="A lesson (\"wat we leerden\"): a short statement tied to an activity and themes;\n"
                "``author_id`` is the person who recorded it (None after their erasure or when unknown).",
            import_kind=ImportKind(
                "lessen",
                "Wat we leerden: korte lessen bij een activiteit, met thema's. Geen opmerkingen over personen. "
                "Eén les per rij.",
                ("lessen", "lessons"), rank=140),
        ),
        NodeType(
            Label.PLAN,
            "plan",
            "plan_id",
            (
                Prop("plan_id", required=True, since=9, imp=imp("Vaste code van het plan.", "plan", example="PL01")),
                Prop("title", required=True, since=9, imp=imp(
                    "Titel van het plan of initiatief (geen gegevens over personen).", "titel",
                    example="Moestuin achter de flat")),
                Prop("group_id", since=9, imp=imp("Bewonersgroep die het plan trekt (group_id uit groepen).",
                                                  "groep_id", "groep", example="G01")),
                Prop("themes", "list", since=9, imp=imp(
                    "Thema's (gescheiden door |), uit de themalijst.", "themas", "thema", vocabulary="THEMES",
                    example="groen|ontmoeting")),
                Prop("buurt_code", since=9, imp=_BUURT),
                Prop("status", required=True, vocabulary="PLAN_STATUSES", default="idee", since=9, imp=imp(
                    "Status: idee, gestart, lopend of afgerond; leeg is idee.", required=False, example="gestart")),
                Prop("start_date", "date", since=9, imp=imp("Startdatum.", "start", "begindatum",
                                                            example="01-03-2025")),
                Prop("end_date", "date", since=9, imp=imp("Einddatum (leeg: nog niet bekend).", "eind", "einddatum",
                                                          example="")),
            ),
            field="plans",
            dutch="plannen",
            dutch_one="plan",
            sheet="plannen",
            model="Plan",
            doc="A plan or initiative of a resident group; ``status`` from ``graph_schema.PLAN_STATUSES``;\n"
                "``start_date``/``end_date`` inclusive (None = not known yet).\n"
                "Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.",
            import_kind=ImportKind(
                "plannen",
                "Plannen en initiatieven van bewonersgroepen: titel, groep, thema's, buurt, status en data. "
                "Eén plan per rij.",
                ("plannen", "plans", "initiatieven"), rank=150),
        ),
    )
}

_ACTIVITY_REF = imp("Code van de activiteit (uit activiteiten).", "activiteit_id", example="A001")

RELATIONSHIPS: dict[RelType, RelationshipType] = {
    r.type: r
    for r in (
        RelationshipType(
            RelType.WORKS_FOR,
            "works_for",
            (Label.PERSON,),
            (Label.ORGANISATION,),
            "person_id",
            "org_id",
            ("person_id", "org_id"),
            (Prop("since", "date"), Prop("until", "date")),
            field="works_for",
            dutch="dienstverbanden",
            dutch_one="dienstverband",
            sheet="dienstverbanden",
            model="WorksFor",
            doc="Person works for organisation, from ``since`` to ``until`` (inclusive dates; None = open).",
            imports=(imp("Organisatie(s) waarvoor de persoon werkt: org_id uit organisaties, of de naam van de "
                         "organisatie (meerdere met |).", "organisatie_id", "organisatie", type="list", example="ORG01",
                         column="org_id", file="persons", after="role_title"),),
        ),
        RelationshipType(
            RelType.MEMBER_OF,
            "member_of",
            (Label.PERSON,),
            (Label.GROUP,),
            "person_id",
            "group_id",
            ("person_id", "group_id"),
            (Prop("since", "date"), Prop("until", "date")),
            field="memberships",
            dutch="lidmaatschappen",
            dutch_one="lidmaatschap",
            sheet="lidmaatschappen",
            model="Membership",
            doc="Person is a member of a group, from ``since`` to ``until`` (inclusive dates; None = open).",
            imports=(imp("Groepen waarvan de persoon lid is (group_id uit groepen; gescheiden door |).", "groep_ids",
                         "groepen", "groep_id", type="list", example="G01|G02", column="group_ids", file="persons",
                         after="consent_scope"),),
        ),
        RelationshipType(
            RelType.PARTICIPATED,
            "participation",
            (Label.PERSON,),
            (Label.ACTIVITY,),
            "person_id",
            "activity_id",
            ("activity_id", "person_id"),
            (Prop("role", required=True, vocabulary="PARTICIPATION_ROLES", default="participant", imp=imp(
                "Rol; leeg betekent deelnemer.", "rol", required=False, example="deelnemer")),),
            field="participations",
            dutch="deelnames",
            dutch_one="deelname",
            sheet="deelname",
            model="Participation",
            doc="Person took part in an activity; ``role`` from ``graph_schema.PARTICIPATION_ROLES``.\n"
                "Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.",
            import_kind=ImportKind("deelname", "Wie deed mee aan welke activiteit: één rij per persoon per activiteit.",
                                   ("deelname", "participations", "participation"), rank=50,
                                   order=("activity_id", "person_id", "role")),
            ends=(Prop("person_id", required=True, imp=imp("Code van de persoon (uit personen).", "persoon_id",
                                                           example="P007")),
                  Prop("activity_id", required=True, imp=_ACTIVITY_REF)),
        ),
        RelationshipType(
            RelType.ABOUT,
            "activity_theme",
            (Label.ACTIVITY,),
            (Label.THEME,),
            "activity_id",
            "theme",
            ("activity_id", "theme"),
            field="activity_themes",
            dutch="activiteitthema's",
            dutch_one="activiteitthema",
            sheet="activiteitthemas",
            model="ActivityTheme",
            doc="An activity was about a theme (stored lower-case).",
            import_kind=ImportKind("themas", "Thema's van activiteiten: één rij per thema per activiteit.",
                                   ("themas", "thema's", "activity_themes", "themes"), rank=60),
            imports=(imp("Thema's die aan bod kwamen (gescheiden door |), uit de themalijst.", "themas", "thema",
                         type="list", vocabulary="THEMES", example="groen|overlast", column="themes", file="activities"),),
            ends=(Prop("activity_id", required=True, imp=_ACTIVITY_REF),
                  Prop("theme", required=True, imp=imp("Thema uit de themalijst.", "thema", vocabulary="THEMES",
                                                       type="text", example="groen"))),
        ),
        RelationshipType(
            RelType.KNOWS,
            "knows",
            (Label.PERSON,),
            (Label.PERSON,),
            "from_id",
            "to_id",
            ("from_id", "to_id", "source"),
            (
                Prop("since", "date", imp=imp("Sinds wanneer.", "sinds", example="01-03-2025")),
                Prop("source", required=True, default="gemeld", imp=imp(
                    "Bron of soort relatie, bijv. advies of vriendschap; leeg is 'gemeld'.", "bron", required=False,
                    example="advies")),
                Prop("count", "int", min=1, default=1),
                Prop("until", "date", since=4),  # last reported (an exchange import's end of the tie)
                Prop("attributes", "list", since=4, py=_ATTRIBUTES),  # JSON object: attributes kept from an exchange import
            ),
            field="knows",
            dutch="kent-relaties",
            dutch_one="kent-relatie",
            sheet="kent",
            model="Knows",
            doc="A reported tie ``from_id -> to_id``; ``source`` says where it was reported\n"
                "(e.g. ``advies``); ``count`` is how often the pair was reported; ``since``/``until``\n"
                "the first and last date it was seen (inclusive; None = unknown/open);\n"
                "``attributes`` extra attributes kept from an exchange import.",
            import_kind=ImportKind(
                "kent",
                "Wie kent wie (buiten activiteiten om gemeld): één rij per gerichte relatie. Een rij met gewicht 0 is "
                "geen relatie en wordt overgeslagen; herhaalde rijen worden één relatie, met hun gewichten opgeteld "
                "als aantal meldingen.",
                ("kent", "knows"), rank=70, order=("from_id", "to_id", "source", "since", "weight")),
            imports=(imp("Gewicht (geheel getal): telt als aantal meldingen; 0 betekent geen relatie (de rij wordt "
                         "overgeslagen); leeg is 1.", "gewicht", type="int", example="1", column="weight", file="knows"),),
            ends=(Prop("from_id", required=True, imp=imp("Persoon die de relatie meldt (person_id).", "van_id", "van",
                                                         example="P007")),
                  Prop("to_id", required=True, imp=imp("Persoon die gekend wordt (person_id).", "naar_id", "naar",
                                                       example="P012"))),
        ),
        RelationshipType(
            RelType.RATED,
            "rating",
            (Label.PERSON, Label.ORGANISATION),
            (Label.PERSON, Label.ORGANISATION),
            "rater_id",
            "rated_id",
            ("round_id", "rater_id", "rated_id"),
            (
                Prop("round_id", required=True, imp=imp("Code van de ronde (uit rondes).", "ronde_id", example="R2025")),
                Prop("rater_type", required=True, py='Literal["person", "organisation"]'),
                Prop("rated_type", required=True, py='Literal["person", "organisation"]'),
                *_RATING_ITEM_PROPS,
                Prop("himmelman_level", "int", min=0, max=4, imp=imp(
                    "Niveau van samenwerking volgens Himmelman (0-4).", "himmelman", "samenwerkingsniveau",
                    type="himmelman", example="2")),
                Prop("contact_frequency", vocabulary="CONTACT_FREQUENCIES", imp=imp(
                    "Hoe vaak er contact is: nooit, jaarlijks, per kwartaal, maandelijks, wekelijks of dagelijks.",
                    "contactfrequentie", example="maandelijks")),
            ),
            field="ratings",
            dutch="beoordelingen",
            dutch_one="beoordeling",
            sheet="beoordelingen",
            model="Rating",
            doc="A PARTNER-tool rating of ``rated_id`` by ``rater_id`` in one survey round.\n\n"
                "The six scores (reliability, mission, openness: trust; power, involvement,\n"
                "resources: value) are 1-4 as in the PARTNER tool (Varda et al.; see\n"
                "``graph_schema.RATING_ITEMS``); ``himmelman_level`` is 0-4, from none to\n"
                "collaborating (Himmelman 2002; ``graph_schema.HIMMELMAN_LEVELS``). None = not\n"
                "answered.",
            import_kind=ImportKind(
                "beoordelingen",
                "Beoordelingen van samenwerking (PARTNER-methode) per ronde: wie (persoon of organisatie) beoordeelt "
                "wie. Scores 1-4; bewoners worden niet beoordeeld.",
                ("beoordelingen", "ratings"), rank=110,
                order=("round_id", "rater_id", "rated_id", *RATING_ITEMS, "himmelman_level", "contact_frequency")),
            ends=(Prop("rater_id", required=True, imp=imp("Wie beoordeelt: person_id of org_id.", "beoordelaar_id",
                                                          "beoordelaar", example="ORG01")),
                  Prop("rated_id", required=True, imp=imp("Wie wordt beoordeeld: person_id of org_id.",
                                                          "beoordeelde_id", "beoordeelde", example="ORG02"))),
        ),
        RelationshipType(
            RelType.INTRODUCED,
            "introduction",
            (Label.PERSON,),
            (Label.PERSON,),
            "person_a",
            "person_b",
            ("person_a", "person_b"),
            (
                Prop("date", "date", required=True, since=7),
                Prop("marked_by", required=True, since=7),
            ),
            field="introductions",
            dutch="kennismakingen",
            dutch_one="kennismaking",
            sheet="kennismakingen",
            model="Introduction",
            doc="A suggested introduction between two professionals that was made (marked on Collega's).\n\n"
                "``person_a < person_b`` (the pair, unordered); ``date`` the day it was made (Europe/Amsterdam);\n"
                "``marked_by`` the account (user id) that marked it. Never a resident "
                "(``netwerk.services.colleagues.mark_introduction``).",
        ),
        RelationshipType(
            RelType.INVITED,
            "survey_invite",
            (Label.PERSON,),
            (Label.SURVEY,),
            "person_id",
            "survey_id",
            ("survey_id", "person_id"),
            (
                Prop("token_hash", required=True, since=8),
                Prop("revoked", "bool", since=8),
                Prop("status", required=True, default="nieuw", since=8),
                Prop("answers", "list", since=8, py=_ATTRIBUTES),
                Prop("submitted_at", "datetime", since=8),
            ),
            field="survey_invites",
            dutch="uitnodigingen",
            dutch_one="uitnodiging",
            sheet="uitnodigingen",
            model="SurveyInvite",
            doc="A respondent's personal link to an evaluation: ``token_hash`` the sha256 (hex) of the link's\n"
                "token (the token itself is never stored); ``status`` nieuw, bezig (answers saved) or\n"
                "ingediend; ``answers`` maps ``rated_id:item`` and ``open:code`` to the answer given;\n"
                "``revoked`` makes the link useless.",
        ),
    )
}

_TYPES: list[NodeType | RelationshipType] = [*NODES.values(), *RELATIONSHIPS.values()]
SCHEMA: dict[str, NodeType | RelationshipType] = {d.field: d for d in _TYPES}
"""ChangeSet field -> type, in declaration order (nodes before relationships, a node type
before those it may refer to): the order a write applies them. The one model map: each
type's entity class is ``netwerk.entities.<d.model>``, its ChangeSet attribute ``d.field``."""


def key_columns(fname: str) -> tuple[str, ...]:
    """The key columns of a ChangeSet field (a :data:`SCHEMA` key): the node id, or a
    relationship's key. Raises ``KeyError`` for an unknown field."""
    d = SCHEMA[fname]
    return (d.key,) if isinstance(d, NodeType) else d.key
