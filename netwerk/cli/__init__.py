"""The ``netwerk`` command line: a thin layer over :mod:`netwerk.services`.

Every command parses its input, calls a service and prints the result. Bad input
exits with code 2 and a Dutch message on stderr; success exits 0.

One module per command group; :mod:`netwerk.cli._common` holds what they share (store
opening, the viewer a command acts as, date parsing, exit codes). Command modules import
``_common`` and never each other; this module assembles them into :data:`app` (the
``netwerk`` entry point in pyproject.toml), in the order ``netwerk --help`` lists them.

=================  ==========================================
module             commands
=================  ==========================================
``store``          ``init``, ``seed``, ``copy``
``importing``      ``import``, ``template``
``analyse``        ``analyse``
``dashboard``      ``dashboard``
``users``          ``users add|list|disable|enable|set-role|set-password``
``privacy``        ``privacy export|erase|withdraw-consent|purge``
``audit``          ``audit verify``
``report``         ``report``
``neo4j``          ``neo4j start|stop|status``
``exchange``       ``export``
``generate``       ``generate``
``verschil``       ``verschil``
=================  ==========================================
"""

from __future__ import annotations

import typer

from netwerk.cli import (
    analyse,
    audit,
    dashboard,
    exchange,
    generate,
    importing,
    neo4j,
    privacy,
    report,
    store,
    users,
    verschil,
)
from netwerk.cli._common import StoreOpt, set_store_url

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Buurtnetwerk: leg vast wie met wie samenwerkt in de buurt, analyseer het netwerk en "
        "bekijk het dashboard.\n\nDe store kiest u met NETWERK_STORE_URL of --store "
        "(standaard een SQLite-bestand in uw gebruikersmap)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(store: StoreOpt = None) -> None:
    """Buurtnetwerk."""
    set_store_url(store)


app.command()(store.init)
app.command()(store.seed)
app.command("import")(importing.import_)
app.command()(importing.template)
app.command()(analyse.analyse)
app.command()(dashboard.dashboard)
app.add_typer(users.app, name="users")
app.add_typer(privacy.app, name="privacy")
app.add_typer(audit.app, name="audit")
app.command("report")(report.report)
app.add_typer(neo4j.app, name="neo4j")
app.command("copy")(store.copy)
app.command("export")(exchange.export)
app.command("generate")(generate.generate)
app.command("verschil")(verschil.verschil)
