"""Settings, read from ``NETWERK_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_store_url"]


def default_store_url() -> str:
    """``sqlite:///`` + a file in the user's data directory (created on first use)."""
    return "sqlite:///" + str(Path(user_data_dir("buurtnetwerk", appauthor=False)) / "buurtnetwerk.sqlite")


class Settings(BaseSettings):
    """Application settings.

    - ``NETWERK_STORE_URL``: ``sqlite:///PATH`` (default: a file under the user's data
      directory) or, from the Neo4j issue on, ``neo4j://``/``bolt://`` URLs.
    - ``NETWERK_GEMEENTE``, ``NETWERK_PROGRAMMA``, ``NETWERK_RAPPORT_LOGO``: who the
      bestuurdersrapport is from (README, "Instellingen").
    """

    model_config = SettingsConfigDict(env_prefix="NETWERK_", extra="ignore")

    store_url: str = default_store_url()
    busy_seconds: float = Field(30.0, gt=0, le=600)
    """NETWERK_BUSY_SECONDS: how long a write waits for other sessions' writes (SQLite)
    before the Dutch "De database is bezig" message."""
    # Privacy (issue 6): see README "Rollen en privacy".
    retention_months: int = Field(24, ge=1, le=240)
    """NETWERK_RETENTION_MONTHS: residents without contact for this many months are purged."""
    oidc_role_claim: str = "roles"
    """NETWERK_OIDC_ROLE_CLAIM: the ID-token claim holding the user's roles or groups."""
    oidc_role_map: dict[str, str] = {}
    """NETWERK_OIDC_ROLE_MAP: JSON object claim value -> role, e.g. {"Buurtnetwerk.Coordinator": "coordinator"}."""
    # The network map at scale (issue 7): see netwerk.services.network_map.MapLimits.
    map_max_persons: int = Field(1000, ge=1)
    """NETWERK_MAP_MAX_PERSONS: above this many persons (after filters) the Netwerkkaart shows an aggregated view."""
    map_max_ties: int = Field(5000, ge=1)
    """NETWERK_MAP_MAX_TIES: above this many ties the Netwerkkaart shows an aggregated view."""
    # Security (issue 14): see docs/threat-model.md.
    idle_timeout_minutes: int = Field(30, ge=1, le=24 * 60)
    """NETWERK_IDLE_TIMEOUT_MINUTES: a dashboard session without any action for this long is signed out."""
    # Results at city size (issue 19): see netwerk.services.results.
    stale_wait_seconds: float = Field(0.8, ge=0, le=3600)
    """NETWERK_STALE_WAIT_SECONDS: after a write, how long a page waits for fresh figures before it shows the
    last ones with "bijgewerkt op …" (and refreshes itself when the fresh ones are ready)."""
    results_persist: bool = True
    """NETWERK_RESULTS_PERSIST: keep computed results on disk (beside the SQLite file, or under
    NETWERK_RESULTS_DIR for a server store), so a restarted dashboard starts warm."""
    development: bool = False
    """NETWERK_DEVELOPMENT: show errors with their traceback in the browser (never in production)."""
    # The bestuurdersrapport (issue 16): see README "Instellingen".
    gemeente: str = Field("Gemeente Raalte", min_length=1, max_length=120)
    """NETWERK_GEMEENTE: the municipality named on the bestuurdersrapport's first page and footer."""
    programma: str = Field("Buurtgericht samenwerken", min_length=1, max_length=120)
    """NETWERK_PROGRAMMA: the programme the report is about, beside the municipality."""
    rapport_logo: Path | None = None
    """NETWERK_RAPPORT_LOGO: a PNG or JPEG file printed at the top of the report's first page
    (optional; a missing or unreadable file gives a Dutch note in the report, never an error)."""
