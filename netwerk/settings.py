"""Settings, read from ``NETWERK_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_store_url"]


def default_store_url() -> str:
    """``sqlite:///`` + a file in the user's data directory (created on first use)."""
    return "sqlite:///" + str(Path(user_data_dir("buurtnetwerk", appauthor=False)) / "buurtnetwerk.sqlite")


class Settings(BaseSettings):
    """Application settings.

    - ``NETWERK_STORE_URL``: ``sqlite:///PATH`` (default: a file under the user's data
      directory) or, from the Neo4j issue on, ``neo4j://``/``bolt://`` URLs.
    """

    model_config = SettingsConfigDict(env_prefix="NETWERK_", extra="ignore")

    store_url: str = default_store_url()
