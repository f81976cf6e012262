"""What every ``netwerk`` command shares: the store it works on, the viewer it acts as,
date parsing, and the mapping of the project's errors to exit codes and Dutch messages.

Nothing here knows a command; the command modules import this module and no other
command module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from netwerk.access import Viewer, cli_viewer
from netwerk.domain import ConfigError, InputError, NetwerkError, SnapshotFilter

if TYPE_CHECKING:
    from netwerk.services.seeding import SeedOutcome
    from netwerk.store.base import Store

__all__ = ["StoreOpt", "echo_seeded", "fail", "open_store", "parse_date", "period_filter", "run", "set_store_url", "viewer"]

T = TypeVar("T")

_state: dict[str, str | None] = {"store": None}

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Store-URL, bv. sqlite:///pad/netwerk.sqlite (anders NETWERK_STORE_URL)."),
]


def set_store_url(url: str | None) -> None:
    """Remember the ``--store`` URL of this run (None: ``NETWERK_STORE_URL`` or the default)."""
    _state["store"] = url


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store at ``url``, or else the run's ``--store`` URL, or else
    ``NETWERK_STORE_URL`` / the default SQLite file (:func:`netwerk.bootstrap.open_store`).

    Raises ``ConfigError`` for a URL that names no store, ``StoreError`` when it cannot be opened.
    """
    from netwerk.bootstrap import open_store as _open_store

    return _open_store(url if url is not None else _state["store"])


def viewer() -> Viewer:
    """The coordinator a command acts as: ``cli:<operating-system user>``
    (:func:`netwerk.access.cli_viewer`)."""
    return cli_viewer()


def fail(message: str, code: int = 2) -> None:
    """Print ``Fout: message`` on stderr and exit with ``code`` (raises ``typer.Exit``)."""
    typer.echo(f"Fout: {message}", err=True)
    raise typer.Exit(code)


def run(fn: Callable[[], T]) -> T | None:
    """Run a command body, mapping the project's errors to exit codes: bad input or
    configuration exits 2, a store or other project error exits 1, each with a Dutch
    message on stderr. Returns what ``fn`` returns."""
    try:
        return fn()
    except (InputError, ConfigError) as e:
        fail(str(e), 2)
    except NetwerkError as e:  # StoreError and the rest of the tree
        fail(str(e), 1)
    return None


def parse_date(value: str | None, option: str) -> date | None:
    """A command-line date (dd-mm-jjjj and the importer's other forms), None when not given.

    Raises ``InputError`` (``"<option> is geen datum: ..."``) for text that is no date.
    """
    from netwerk.ingest.parse import parse_date as _parse

    try:
        return _parse(value)
    except ValueError as e:
        raise InputError(f"{option} is geen datum: {e}.") from e


def period_filter(date_from: str | None, date_to: str | None) -> SnapshotFilter:
    """The ``--from``/``--to`` options as a :class:`~netwerk.domain.SnapshotFilter` (inclusive dates).

    Raises ``InputError`` for text that is no date, and when ``--from`` lies after ``--to``.
    """
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if start and end and start > end:
        raise InputError("--from ligt na --to.")
    return SnapshotFilter(start=start, end=end)


def echo_seeded(outcome: SeedOutcome) -> None:
    """Print a :class:`~netwerk.services.seeding.SeedOutcome`: the import summary, then the
    demo accounts made (or why none were). Prints nothing when nothing was seeded."""
    if outcome.report is None:
        return
    typer.echo(outcome.report.summary())
    if outcome.accounts_notice:
        typer.echo(outcome.accounts_notice)
    elif outcome.demo_accounts:
        typer.echo(f"Demo-accounts aangemaakt: {', '.join(outcome.demo_accounts)}.")
