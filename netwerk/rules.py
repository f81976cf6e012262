"""The hand-written rules of the entities; their fields come from :mod:`graph_schema`.

``netwerk/entities.py`` is generated from the registry (``make schema``): one class per
node and relationship type, with the registry's fields, subclassing ``<Model>Rules`` from
this module when it exists (else :class:`Entity`). Here is only what the registry cannot
say: the privacy rules of a person, an area's code and level, lower-case themes, the time
zone of an activity. Vocabulary checks (Dutch messages) and min/max come from the
registry generically (:class:`Entity`, ``Field(ge=..., le=...)``).

A rule base declares the fields its rules read under ``TYPE_CHECKING`` only, so a type
checker sees them while pydantic takes the fields from the generated class.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationInfo, field_validator, model_validator

import graph_schema as gs

__all__ = [
    "AMSTERDAM",
    "ActivityRules",
    "ActivityThemeRules",
    "AreaRules",
    "AssetRules",
    "AttrValue",
    "Entity",
    "Id",
    "LessonRules",
    "OptText",
    "PersonRules",
    "PlanRules",
    "ThemeRules",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
"""A required text (an id or a name): stripped, 1-200 characters."""
OptText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None
"""An optional text: stripped, at most 500 characters."""
AttrValue = str | bool | int | float
"""A kept attribute's value (an exchange import's extra column or GEXF/GraphML attribute)."""


def _attributes(v: Any) -> Any:
    # Kept attributes: a JSON object of text keys; empty (or the stores' empty-list reading) is missing.
    if v is None or v == () or v == {} or (isinstance(v, float) and v != v):
        return None
    return v


def _vocab(value: str | None, vocabulary: dict, what: str) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v not in vocabulary:
        raise ValueError(f"onbekende {what} '{value}'; kies uit: {', '.join(vocabulary)}")
    return v


class Entity(BaseModel):
    """Base of the domain entities: frozen, unknown fields refused, empty text (or NaN) is missing (None).

    ``VOCABULARIES`` (set by the generated class) maps a field to the :mod:`graph_schema`
    vocabulary its value must be a key of (case-insensitive, stored lower case); a field
    named ``attributes`` (kept exchange attributes) is None when empty.
    Raises ``pydantic.ValidationError`` (Dutch messages) on invalid values.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    VOCABULARIES: ClassVar[dict[str, str]] = {}

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_missing(cls, v: Any, info: ValidationInfo) -> Any:
        # An empty cell is missing, never the string "" or "nan".
        if isinstance(v, str) and v.strip() == "":
            return None
        if isinstance(v, float) and v != v:  # NaN
            return None
        if info.field_name == "attributes":
            return _attributes(v)
        return v

    @field_validator("*")
    @classmethod
    def _in_vocabulary(cls, v: Any, info: ValidationInfo) -> Any:
        name = cls.VOCABULARIES.get(info.field_name or "")
        return v if name is None else _vocab(v, getattr(gs, name), gs.VOCABULARY_WHAT[name])


class PersonRules(Entity):
    """Privacy: a resident has a name only with recorded consent, and never contact details
    or free attributes (only an exchange import's first/last date); a valid e-mail address."""

    if TYPE_CHECKING:
        kind: str
        display_name: str | None
        consent_named: bool
        consent_date: dt.date | None
        email: str | None
        phone: str | None
        attributes: dict[str, AttrValue] | None

    @field_validator("email", check_fields=False)
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and (v.count("@") != 1 or " " in v or not v.split("@")[0] or "." not in v.split("@")[1]):
            raise ValueError(f"ongeldig e-mailadres '{v}'")
        return v

    @model_validator(mode="after")
    def _resident_privacy(self) -> PersonRules:
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


class ActivityRules(Entity):
    """``date`` is timezone-aware: a naive value is Europe/Amsterdam wall-clock time."""

    @field_validator("date", check_fields=False)
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime:
        return v.replace(tzinfo=AMSTERDAM) if v.tzinfo is None else v


class ThemeRules(Entity):
    """A theme's name is stored lower-case."""

    @field_validator("name", check_fields=False)
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()


class ActivityThemeRules(Entity):
    """The theme is stored lower-case."""

    @field_validator("theme", check_fields=False)
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()


class AssetRules(Entity):
    """An asset's themes are lower case, without repeats or empty ones."""

    @field_validator("themes", check_fields=False)
    @classmethod
    def _themes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.strip().lower() for t in v if t.strip()))


class LessonRules(AssetRules):
    """A lesson's themes are lower case, without repeats or empty ones."""


class PlanRules(AssetRules):
    """A plan's themes as an asset's; its end is not before its start."""

    if TYPE_CHECKING:
        start_date: dt.date | None
        end_date: dt.date | None

    @model_validator(mode="after")
    def _dates(self) -> PlanRules:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("de einddatum ligt voor de startdatum")
        return self


class AreaRules(Entity):
    """A CBS code (``GM`` + 4 digits, ``WK`` + 6, ``BU`` + 8, stored upper case) that fits
    ``level``; an empty level is taken from the code."""

    if TYPE_CHECKING:
        code: str
        level: str

    @staticmethod
    def level_for(code: str) -> str | None:
        """The level a CBS code names (``GM0177`` -> gemeente, ``WK017701`` -> wijk,
        ``BU01770101`` -> buurt), or None for a text that is no CBS area code."""
        for level, pattern in (("gemeente", r"GM\d{4}"), ("wijk", r"WK\d{6}"), ("buurt", r"BU\d{8}")):
            if re.fullmatch(pattern, code.strip().upper()):
                return level
        return None

    @field_validator("code", check_fields=False)
    @classmethod
    def _code(cls, v: str) -> str:
        if AreaRules.level_for(v) is None:
            raise ValueError(f"ongeldige CBS-gebiedscode '{v}': verwacht GM + 4 cijfers, WK + 6 of BU + 8 (bijv. WK017701)")
        return v.upper()

    @model_validator(mode="before")
    @classmethod
    def _level_from_code(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("level") and isinstance(data.get("code"), str):
            # An unknown code leaves level unset: the code's own error says what is wrong.
            level = AreaRules.level_for(data["code"])
            data = {k: v for k, v in data.items() if k != "level"} | ({"level": level} if level else {})
        return data

    @model_validator(mode="after")
    def _level_fits_code(self) -> AreaRules:
        if AreaRules.level_for(self.code) != self.level:
            raise ValueError(f"code {self.code} is een {AreaRules.level_for(self.code)}, geen {self.level} (level)")
        return self
