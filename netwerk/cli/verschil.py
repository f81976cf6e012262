"""``netwerk verschil``: the change between two periods or two survey rounds with 95%
intervals and a verdict per figure (:func:`netwerk.services.growth_change.growth_change`),
as text or JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from netwerk.cli._common import open_store, run, viewer

__all__ = ["verschil"]


def verschil(
    van: Annotated[str, typer.Option("--van", help="Eerste moment: een periode (2025, 2025-03, 2025-K1) of een ronde "
                                                   "(id of deel van de naam, bv. nulmeting)")],
    naar: Annotated[str, typer.Option("--naar", help="Tweede moment, van dezelfde soort als --van")],
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON")] = False,
    niveau: Annotated[str, typer.Option("--niveau", help="organisatie (standaard), sector of persoon (alleen perioden)")]
    = "organisatie",
) -> None:
    """Wat veranderde er tussen twee momenten, en is dat meer dan toeval?

    Per cijfer: eerst, nu, het verschil, het 95%-interval van het verschil (bootstrap) en een
    oordeel in gewone taal. Op het niveau van organisaties, sectoren of personen.

    Voorbeelden: netwerk verschil --van nulmeting --naar jaarevaluatie |
    netwerk verschil --van 2025-K1 --naar 2025-K4 --json
    """

    def body():
        from netwerk.domain import InputError
        from netwerk.services.growth_change import describe, growth_change
        from netwerk.text import fmt_number

        level = {"organisatie": "organisation", "sector": "sector", "persoon": "person"}.get(niveau)
        if level is None:
            raise InputError("--niveau: kies organisatie, sector of persoon.")
        change = growth_change(viewer(), open_store(), van, naar, level=level)
        if as_json:
            typer.echo(json.dumps(change.as_dict(), ensure_ascii=False, indent=2))
            return
        for line in describe(change):
            typer.echo(line)
        typer.echo(f"Geteld: {change.tie_label.lower()}.\n")
        for f in change.figures:
            values = " → ".join(fmt_number(v, 2) if not isinstance(v, int) else fmt_number(v)
                                for v in (f.before, f.after) if v is not None)
            typer.echo(f"{f.label}: {values}")
            typer.echo(f"  {f.verdict}")

    run(body)
