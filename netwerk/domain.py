"""Entities, value objects and the error tree of Buurtnetwerk.

The entities mirror :mod:`graph_schema` (a test pins that every model field is a schema
property and back). Every entity has a stable string id chosen by the importer.
Datetimes are timezone-aware; a naive datetime is read as Europe/Amsterdam wall-clock
time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal, overload
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

import graph_schema as gs

__all__ = [
    "AMSTERDAM",
    "Activity",
    "ActivityTheme",
    "Area",
    "Asset",
    "ChangeSet",
    "Commitment",
    "ConfigError",
    "Group",
    "ImportValidationError",
    "InputError",
    "Knows",
    "Membership",
    "NetwerkError",
    "NotFoundError",
    "Organisation",
    "Participation",
    "Person",
    "Rating",
    "Snapshot",
    "SnapshotFilter",
    "StoreBusyError",
    "StoreError",
    "SurveyRound",
    "Theme",
    "WorksFor",
    "person_label",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# --- errors ----------------------------------------------------------------------


class NetwerkError(Exception):
    """Root of the project's error tree. Messages are Dutch and meant for users."""


class InputError(NetwerkError):
    """Bad input from a user (a CLI argument, a form field, a value)."""


@dataclass
class RowError:
    """One problem in an input file: file name, 1-based spreadsheet row, column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ImportValidationError(InputError):
    """An import was refused; nothing was written. ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "\n".join(f"- {e}" for e in errors[:50])
        more = f"\n(en nog {len(errors) - 50} fouten)" if len(errors) > 50 else ""
        super().__init__(f"Import geweigerd, er is niets opgeslagen. {len(errors)} fout(en):\n{shown}{more}")


class NotFoundError(NetwerkError):
    """A requested entity does not exist."""


class StoreError(NetwerkError):
    """The store failed (driver error translated; the original is chained)."""


BUSY_MESSAGE = "De database is bezig; probeer het over enkele seconden opnieuw."
"""What a user sees when a write waited its bounded time for other sessions' writes."""


class StoreBusyError(StoreError):
    """Other sessions held the store longer than the bounded wait; nothing was written.
    The message is :data:`BUSY_MESSAGE` (Dutch, for pages and the CLI)."""

    def __init__(self, message: str = BUSY_MESSAGE):
        super().__init__(message)


class ConfigError(NetwerkError):
    """A setting is invalid (e.g. an unsupported NETWERK_STORE_URL)."""


# --- entities ----------------------------------------------------------------------

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
OptText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None
Score = Annotated[int, Field(ge=1, le=4)] | None
AttrValue = str | bool | int | float
"""A kept attribute's value (an exchange import's extra column or GEXF/GraphML attribute)."""


def _attributes(v):
    # Kept attributes: a JSON object of text keys; empty (or the stores' empty-list reading) is missing.
    if v is None or v == () or v == {} or (isinstance(v, float) and v != v):
        return None
    return v


@overload
def _vocab(value: str, vocabulary: dict, what: str) -> str: ...
@overload
def _vocab(value: None, vocabulary: dict, what: str) -> None: ...
def _vocab(value: str | None, vocabulary: dict, what: str) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v not in vocabulary:
        raise ValueError(f"onbekende {what} '{value}'; kies uit: {', '.join(vocabulary)}")
    return v


class _Entity(BaseModel):
    """Base of the domain entities: frozen, unknown fields refused, empty text (or NaN) is missing (None).

    Raises ``pydantic.ValidationError`` (Dutch messages) on invalid values.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_missing(cls, v):
        # An empty cell is missing, never the string "" or "nan".
        if isinstance(v, str) and v.strip() == "":
            return None
        if isinstance(v, float) and v != v:  # NaN
            return None
        return v


class Organisation(_Entity):
    """A partner organisation; ``sector`` is a key of ``graph_schema.SECTORS``.
    Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.
    """

    org_id: Id
    name: Id
    sector: str
    attributes: dict[str, AttrValue] | None = None

    _attrs = field_validator("attributes", mode="before")(_attributes)

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str) -> str:
        return _vocab(v, gs.SECTORS, "sector")


class Person(_Entity):
    """A person. Residents are pseudonymous: ``display_name`` only with ``consent_named``."""

    person_id: Id
    kind: str
    display_name: OptText = None
    pseudonym: OptText = None
    role_title: OptText = None
    buurt_code: OptText = None
    skills: tuple[str, ...] = ()
    consent_named: bool = False
    consent_date: dt.date | None = None
    consent_scope: OptText = None
    email: OptText = None
    phone: OptText = None
    attributes: dict[str, AttrValue] | None = None

    _attrs = field_validator("attributes", mode="before")(_attributes)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _vocab(v, gs.PERSON_KINDS, "soort persoon")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and (v.count("@") != 1 or " " in v or not v.split("@")[0] or "." not in v.split("@")[1]):
            raise ValueError(f"ongeldig e-mailadres '{v}'")
        return v

    @model_validator(mode="after")
    def _resident_privacy(self) -> Person:
        if self.kind == "resident" and self.attributes and set(self.attributes) - {"start", "end"}:
            # Only an exchange import's first/last date may be kept for a resident.
            raise ValueError("van een bewoner worden geen extra kenmerken vastgelegd (geen vrije gegevens over bewoners)")
        if self.kind == "resident" and (self.email or self.phone):
            raise ValueError("van een bewoner worden geen contactgegevens (email, phone) vastgelegd")
        if self.kind == "resident" and self.display_name and not self.consent_named:
            raise ValueError(
                "een bewoner krijgt alleen een naam met vastgelegde toestemming (consent_named); "
                "gebruik anders een pseudoniem"
            )
        if self.consent_named and self.kind == "resident" and self.consent_date is None:
            raise ValueError("toestemming voor naam vereist een datum (consent_date)")
        return self


def person_label(person_id: str, kind: str, display_name: str | None, pseudonym: str | None,
                 consent_named: bool) -> str:
    """The name to show for a person: residents by pseudonym unless they consented."""
    if kind == "resident" and not consent_named:
        return pseudonym or f"Bewoner {person_id}"
    return display_name or pseudonym or person_id


class Group(_Entity):
    """A group of persons (kernteam, bewonersgroep ...); ``kind`` from ``graph_schema.GROUP_KINDS``.
    Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.
    """

    group_id: Id
    name: Id
    kind: str

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _vocab(v, gs.GROUP_KINDS, "soort groep")


class Activity(_Entity):
    """An activity of the approach; ``kind`` from ``graph_schema.ACTIVITY_KINDS``.

    ``date`` is timezone-aware (a naive value is Europe/Amsterdam wall-clock time);
    ``anonymous_participants`` counts participants without a person record (>= 0).
    """

    activity_id: Id
    kind: str
    date: dt.datetime
    buurt_code: OptText = None
    title: OptText = None
    methods: tuple[str, ...] = ()
    anonymous_participants: Annotated[int, Field(ge=0)] | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _vocab(v, gs.ACTIVITY_KINDS, "soort activiteit")

    @field_validator("date")
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime:
        return v.replace(tzinfo=AMSTERDAM) if v.tzinfo is None else v


class Theme(_Entity):
    """A theme of conversation (stored lower-case), optionally with a category."""

    name: Id
    category: OptText = None

    @field_validator("name")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()


class Asset(_Entity):
    """An ABCD asset; ``category`` from ``graph_schema.ASSET_CATEGORIES``
    (Kretzmann & McKnight, *Building Communities from the Inside Out*, 1993).
    """

    asset_id: Id
    category: str
    name: Id
    owner_id: OptText = None
    buurt_code: OptText = None
    visibility: OptText = None
    themes: tuple[str, ...] = ()

    @field_validator("category")
    @classmethod
    def _cat(cls, v: str) -> str:
        return _vocab(v, gs.ASSET_CATEGORIES, "ABCD-categorie")

    @field_validator("visibility")
    @classmethod
    def _visibility(cls, v: str | None) -> str | None:
        return _vocab(v, gs.ASSET_VISIBILITY, "zichtbaarheid")

    @field_validator("themes")
    @classmethod
    def _themes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.strip().lower() for t in v if t.strip()))


class Area(_Entity):
    """A CBS area (gemeente, wijk or buurt code such as ``WK017701``) with indicator values.

    ``code`` is CBS's code (``GM`` + 4 digits, ``WK`` + 6, ``BU`` + 8) and must fit
    ``level`` (taken from the code when not given); ``name_uncertain`` marks a name that is not CBS's own (inferred or doubtful);
    ``indicators`` maps CBS column keys (``AantalInwoners_5``) to values.
    """

    code: Id
    name: Id
    level: Literal["gemeente", "wijk", "buurt"] = None  # type: ignore[assignment]  # None: taken from the code
    name_uncertain: bool = False
    indicators: dict[str, float | int | str | None] = Field(default_factory=dict)

    @staticmethod
    def level_for(code: str) -> str | None:
        """The level a CBS code names (``GM0177`` -> gemeente, ``WK017701`` -> wijk,
        ``BU01770101`` -> buurt), or None for a text that is no CBS area code."""
        for level, pattern in (("gemeente", r"GM\d{4}"), ("wijk", r"WK\d{6}"), ("buurt", r"BU\d{8}")):
            if re.fullmatch(pattern, code.strip().upper()):
                return level
        return None

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if Area.level_for(v) is None:
            raise ValueError(f"ongeldige CBS-gebiedscode '{v}': verwacht GM + 4 cijfers, WK + 6 of BU + 8 (bijv. WK017701)")
        return v.upper()

    @model_validator(mode="before")
    @classmethod
    def _level_from_code(cls, data):
        if isinstance(data, dict) and not data.get("level") and isinstance(data.get("code"), str):
            # An unknown code leaves level unset: the code's own error says what is wrong.
            level = Area.level_for(data["code"])
            data = {k: v for k, v in data.items() if k != "level"} | ({"level": level} if level else {})
        return data

    @model_validator(mode="after")
    def _level_fits_code(self) -> Area:
        if Area.level_for(self.code) != self.level:
            raise ValueError(f"code {self.code} is een {Area.level_for(self.code)}, geen {self.level} (level)")
        return self


class SurveyRound(_Entity):
    """A round of the partner survey (e.g. nulmeting), dated."""

    round_id: Id
    name: Id
    date: dt.date


class Commitment(_Entity):
    """What an organisation commits to the approach; ``hours_per_month`` in hours per month (>= 0)."""

    commitment_id: Id
    org_id: Id
    description: OptText = None
    hours_per_month: Annotated[float, Field(ge=0)] | None = None
    date: dt.date | None = None


class WorksFor(_Entity):
    """Person works for organisation, from ``since`` to ``until`` (inclusive dates; None = open)."""

    person_id: Id
    org_id: Id
    since: dt.date | None = None
    until: dt.date | None = None


class Membership(_Entity):
    """Person is a member of a group, from ``since`` to ``until`` (inclusive dates; None = open)."""

    person_id: Id
    group_id: Id
    since: dt.date | None = None
    until: dt.date | None = None


class Participation(_Entity):
    """Person took part in an activity; ``role`` from ``graph_schema.PARTICIPATION_ROLES``.
    Raises ``pydantic.ValidationError`` for a value outside :mod:`graph_schema`'s vocabulary.
    """

    activity_id: Id
    person_id: Id
    role: str = "participant"

    @field_validator("role")
    @classmethod
    def _role(cls, v: str) -> str:
        return _vocab(v, gs.PARTICIPATION_ROLES, "rol")


class ActivityTheme(_Entity):
    """An activity was about a theme (stored lower-case)."""

    activity_id: Id
    theme: Id

    @field_validator("theme")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()


class Knows(_Entity):
    """A reported tie ``from_id -> to_id``; ``source`` says where it was reported
    (e.g. ``advies``); ``count`` is how often the pair was reported; ``since``/``until``
    the first and last date it was seen (inclusive; None = unknown/open);
    ``attributes`` extra attributes kept from an exchange import."""

    from_id: Id
    to_id: Id
    source: Id = "gemeld"
    since: dt.date | None = None
    count: Annotated[int, Field(ge=1)] = 1
    until: dt.date | None = None
    attributes: dict[str, AttrValue] | None = None

    _attrs = field_validator("attributes", mode="before")(_attributes)


class Rating(_Entity):
    """A PARTNER-tool rating of ``rated_id`` by ``rater_id`` in one survey round.

    The six scores (reliability, mission, openness: trust; power, involvement,
    resources: value) are 1-4 as in the PARTNER tool (Varda et al.; see
    ``graph_schema.RATING_ITEMS``); ``himmelman_level`` is 0-4, from none to
    collaborating (Himmelman 2002; ``graph_schema.HIMMELMAN_LEVELS``). None = not
    answered.
    """

    round_id: Id
    rater_id: Id
    rater_type: Literal["person", "organisation"]
    rated_id: Id
    rated_type: Literal["person", "organisation"]
    reliability: Score = None
    mission: Score = None
    openness: Score = None
    power: Score = None
    involvement: Score = None
    resources: Score = None
    himmelman_level: Annotated[int, Field(ge=0, le=4)] | None = None
    contact_frequency: OptText = None

    @field_validator("contact_frequency")
    @classmethod
    def _frequency(cls, v: str | None) -> str | None:
        # A key of graph_schema.CONTACT_FREQUENCIES (nooit ... dagelijks), case-insensitive.
        return _vocab(v, gs.CONTACT_FREQUENCIES, "contactfrequentie")


@dataclass
class ChangeSet:
    """Everything one write applies, in one transaction (all or nothing)."""

    organisations: list[Organisation] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    survey_rounds: list[SurveyRound] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    works_for: list[WorksFor] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    activity_themes: list[ActivityTheme] = field(default_factory=list)
    knows: list[Knows] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True if no field holds any row."""
        return not any(getattr(self, f) for f in self.__dataclass_fields__)

    def counts(self) -> dict[str, int]:
        """Rows per field (every field, zeros included)."""
        return {f: len(getattr(self, f)) for f in self.__dataclass_fields__}


# --- snapshot ----------------------------------------------------------------------


class SnapshotFilter(BaseModel):
    """What part of the network to look at. Hashable, so it can key a cache.

    ``start``/``end`` are inclusive calendar dates (Europe/Amsterdam). Empty tuples mean
    no filter. Filters on persons (kinds, organisations, sectors) keep persons that
    match; filters on activities (kinds, themes, buurten, period) keep activities that
    match; participations, ties and ratings are kept where both ends remain.
    """

    model_config = ConfigDict(frozen=True)

    start: dt.date | None = None
    end: dt.date | None = None
    person_kinds: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    activity_kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    buurten: tuple[str, ...] = ()


@dataclass
class Snapshot:
    """The network for a period and filters, as DataFrames.

    Columns:
    - organisations: org_id, name, sector
    - persons: person_id, kind, label (pseudonym for residents without consent),
      display_name, role_title, buurt_code, skills (tuple), org_id (first current
      employer or None), sector
    - groups: group_id, name, kind
    - activities: activity_id, kind, date (tz-aware, Europe/Amsterdam), buurt_code,
      title, methods (tuple), anonymous_participants
    - participations: activity_id, person_id, role
    - activity_themes: activity_id, theme
    - themes: name, category
    - works_for: person_id, org_id, since, until
    - memberships: person_id, group_id, since, until
    - knows: from_id, to_id, source, since, count
    - ratings: round_id, rater_id, rater_type, rated_id, rated_type, the six items,
      himmelman_level, contact_frequency
    - survey_rounds: round_id, name, date
    """

    filter: SnapshotFilter
    organisations: pd.DataFrame
    persons: pd.DataFrame
    groups: pd.DataFrame
    activities: pd.DataFrame
    participations: pd.DataFrame
    activity_themes: pd.DataFrame
    themes: pd.DataFrame
    works_for: pd.DataFrame
    memberships: pd.DataFrame
    knows: pd.DataFrame
    ratings: pd.DataFrame
    survey_rounds: pd.DataFrame
