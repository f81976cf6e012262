"""The dashboard's pages and which roles may open them.

``streamlit_app.py`` builds ``st.navigation`` from :data:`PAGES`, keeping the pages the
signed-in role may see. Services enforce the same roles; this only hides what a role
cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PAGES", "PageSpec", "pages_for"]

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
    PageSpec("app_pages/themas.py", "Thema's"),
    PageSpec("app_pages/collegas.py", "Collega's", section="Mensen", roles=("coordinator", "professional")),
    PageSpec("app_pages/bronnen.py", "Bronnen (ABCD)", section="Mensen"),
    PageSpec("app_pages/invoer.py", "Invoer", section="Beheer", roles=("coordinator", "professional")),
    # Samenwerking: every role; for bestuurders the services return aggregates by organisation/sector only.
    PageSpec("app_pages/vertrouwen.py", "Vertrouwen", section="Samenwerking"),
    PageSpec("app_pages/verschil.py", "Verschil", section="Samenwerking"),
    PageSpec("app_pages/inzet.py", "Inzet", section="Samenwerking"),
    PageSpec("app_pages/wat_we_leerden.py", "Wat we leerden", section="Samenwerking"),
    PageSpec("app_pages/beheer_privacy.py", "Privacy en rechten", section="Beheer", roles=("coordinator",)),
    PageSpec("app_pages/audit.py", "Auditlog", section="Beheer", roles=("coordinator",)),
    PageSpec("app_pages/uitwisselen.py", "Uitwisselen", section="Beheer", roles=("coordinator",)),
    PageSpec("app_pages/evaluatie.py", "Evaluatie", section="Samenwerking", roles=("coordinator",)),
    # Aggregates only: every role (counts <5 suppressed for bestuurders). Last, so that the sidebar's first ten
    # links (Streamlit folds the rest under "View more") stay as they were.
    PageSpec("app_pages/buurt.py", "Buurt", section="Gebied"),
]


def pages_for(role: str) -> list[PageSpec]:
    """The pages ``role`` may open, in registry order."""
    return [p for p in PAGES if role in p.roles]
