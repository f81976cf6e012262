"""The dashboard's pages and which roles may open them.

``streamlit_app.py`` builds ``st.navigation`` from :data:`PAGES`, keeping the pages the
signed-in role may see. Services enforce the same roles; this only hides what a role
cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PAGES", "PageSpec"]

ALL = ("coordinator", "professional", "bestuurder")


@dataclass(frozen=True)
class PageSpec:
    """One page: its file under ``dashboard/``, Dutch title, section and allowed roles."""

    path: str
    title: str
    section: str = "Netwerk"
    roles: tuple[str, ...] = ALL
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("app_pages/overzicht.py", "Overzicht", default=True),
    PageSpec("app_pages/netwerkkaart.py", "Netwerkkaart", roles=("coordinator", "professional")),
    PageSpec("app_pages/groei.py", "Groei"),
    PageSpec("app_pages/actoren.py", "Actoren", roles=("coordinator", "professional")),
]
