"""The Buurtnetwerk graph schema, as data.

Node labels, relationship types, their properties and the controlled vocabularies are
defined once here. The SQLite DDL (``graph_schema.sqlite_ddl``) and, later, the Neo4j
constraints are derived from these definitions, so the two stores cannot drift apart.

Every entity carries a stable string id chosen by the importer (never a database
internal id), plus ``created_at`` and ``updated_at`` (UTC ISO 8601 text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "ACTIVITY_KINDS",
    "ASSET_CATEGORIES",
    "ASSET_VISIBILITY",
    "CONTACT_FREQUENCIES",
    "GROUP_KINDS",
    "HIMMELMAN_LEVELS",
    "NODES",
    "PARTICIPATION_ROLES",
    "PERSON_KINDS",
    "RATING_ITEMS",
    "RELATIONSHIPS",
    "SECTORS",
    "THEMES",
    "TRUST_ITEMS",
    "VALUE_ITEMS",
    "Label",
    "NodeType",
    "Prop",
    "RelType",
    "RelationshipType",
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


@dataclass(frozen=True)
class Prop:
    """A property. ``type`` is one of text, int, real, bool, date, datetime, list."""

    name: str
    type: str = "text"
    required: bool = False
    vocabulary: str | None = None  # name of a vocabulary in this module
    min: float | None = None
    max: float | None = None
    since: int = 1  # the migration version that introduced it (its SQLite column comes from that migration)


@dataclass(frozen=True)
class NodeType:
    """A node type: its label, SQLite ``table``, the ``key`` property (the string id)
    and its properties."""

    label: Label
    table: str
    key: str
    props: tuple[Prop, ...]


@dataclass(frozen=True)
class RelationshipType:
    """A relationship. ``key`` names the columns that identify one relationship."""

    type: RelType
    table: str
    start: tuple[Label, ...]
    end: tuple[Label, ...]
    start_col: str
    end_col: str
    key: tuple[str, ...]
    props: tuple[Prop, ...] = field(default=())


def table_props(defn: NodeType | RelationshipType) -> tuple[Prop, ...]:
    """Columns of a table: for a relationship its end columns first (as in SQLite)."""
    if isinstance(defn, NodeType):
        return defn.props
    names = {p.name for p in defn.props}
    ends = tuple(Prop(c, required=True) for c in (defn.start_col, defn.end_col) if c not in names)
    return ends + defn.props


_RATING_ITEM_PROPS = tuple(Prop(item, "int", min=1, max=4) for item in RATING_ITEMS)

NODES: dict[Label, NodeType] = {
    n.label: n
    for n in (
        NodeType(
            Label.ORGANISATION,
            "organisation",
            "org_id",
            (
                Prop("org_id", required=True),
                Prop("name", required=True),
                Prop("sector", required=True, vocabulary="SECTORS"),
                Prop("attributes", "list", since=4),  # JSON object: attributes kept from an exchange import
            ),
        ),
        NodeType(
            Label.PERSON,
            "person",
            "person_id",
            (
                Prop("person_id", required=True),
                Prop("kind", required=True, vocabulary="PERSON_KINDS"),
                Prop("display_name"),
                Prop("pseudonym"),
                Prop("role_title"),
                Prop("buurt_code"),
                Prop("skills", "list"),
                Prop("consent_named", "bool"),
                Prop("consent_date", "date"),
                Prop("consent_scope"),
                # Work contact details, for professionals only (never for residents).
                Prop("email", since=3),
                Prop("phone", since=3),
                # JSON object: attributes kept from an exchange import (Kumu, Gephi); never for residents.
                Prop("attributes", "list", since=4),
            ),
        ),
        NodeType(
            Label.GROUP,
            "grp",
            "group_id",
            (
                Prop("group_id", required=True),
                Prop("name", required=True),
                Prop("kind", required=True, vocabulary="GROUP_KINDS"),
            ),
        ),
        NodeType(
            Label.ACTIVITY,
            "activity",
            "activity_id",
            (
                Prop("activity_id", required=True),
                Prop("kind", required=True, vocabulary="ACTIVITY_KINDS"),
                Prop("date", "datetime", required=True),
                Prop("buurt_code"),
                Prop("title"),
                Prop("methods", "list"),
                Prop("anonymous_participants", "int", min=0),
            ),
        ),
        NodeType(
            Label.THEME,
            "theme",
            "name",
            (Prop("name", required=True), Prop("category")),
        ),
        NodeType(
            Label.ASSET,
            "asset",
            "asset_id",
            (
                Prop("asset_id", required=True),
                Prop("category", required=True, vocabulary="ASSET_CATEGORIES"),
                Prop("name", required=True),
                Prop("owner_id"),
                Prop("buurt_code"),
                Prop("visibility"),
                Prop("themes", "list", since=3),
            ),
        ),
        NodeType(
            Label.AREA,
            "area",
            "code",
            (
                Prop("code", required=True),
                Prop("name", required=True),
                Prop("level", required=True),
                Prop("indicators", "list"),  # JSON object of CBS indicators
                Prop("name_uncertain", "bool", since=3),  # the name is inferred or doubtful, not CBS's own
            ),
        ),
        NodeType(
            Label.SURVEY_ROUND,
            "survey_round",
            "round_id",
            (
                Prop("round_id", required=True),
                Prop("name", required=True),
                Prop("date", "date", required=True),
            ),
        ),
        NodeType(
            Label.COMMITMENT,
            "commitment",
            "commitment_id",
            (
                Prop("commitment_id", required=True),
                Prop("org_id", required=True),
                Prop("description"),
                Prop("hours_per_month", "real", min=0),
                Prop("date", "date"),
            ),
        ),
    )
}

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
        ),
        RelationshipType(
            RelType.PARTICIPATED,
            "participation",
            (Label.PERSON,),
            (Label.ACTIVITY,),
            "person_id",
            "activity_id",
            ("activity_id", "person_id"),
            (Prop("role", required=True, vocabulary="PARTICIPATION_ROLES"),),
        ),
        RelationshipType(
            RelType.ABOUT,
            "activity_theme",
            (Label.ACTIVITY,),
            (Label.THEME,),
            "activity_id",
            "theme",
            ("activity_id", "theme"),
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
                Prop("since", "date"),
                Prop("source", required=True),
                Prop("count", "int", min=1),
                Prop("until", "date", since=4),  # last reported (an exchange import's end of the tie)
                Prop("attributes", "list", since=4),  # JSON object: attributes kept from an exchange import
            ),
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
                Prop("round_id", required=True),
                Prop("rater_type", required=True),
                Prop("rated_type", required=True),
                *_RATING_ITEM_PROPS,
                Prop("himmelman_level", "int", min=0, max=4),
                Prop("contact_frequency", vocabulary="CONTACT_FREQUENCIES"),
            ),
        ),
    )
}
