"""``netwerk privacy``: rights of residents under the AVG.

Inzage (export), erasure, withdrawal of consent and the retention purge, all through
:mod:`netwerk.services.privacy`, which logs each one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netwerk.cli._common import open_store, run, viewer
from netwerk.text import counted, fmt_date, plural

__all__ = ["app"]

app = typer.Typer(
    help="Rechten van bewoners (AVG): inzage, wissen, toestemming intrekken en de bewaartermijn.\n\n"
    "Voorbeeld: netwerk privacy export 048",
    no_args_is_help=True,
)

PersonArg = Annotated[str, typer.Argument(help="person_id van de persoon")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Niet om bevestiging vragen")]



@app.command("export")
def export(
    person: PersonArg,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Bestandsnaam zonder extensie; standaard inzage-PERSOON")
    ] = None,
) -> None:
    """Inzage: schrijf alles wat over een persoon is vastgelegd naar JSON en een leesbare HTML-pagina.

    Voorbeeld: netwerk privacy export 048 -o inzage-bewoner-048
    """
    as_viewer = viewer()

    def body():
        from netwerk.report.inzage import inzage_html
        from netwerk.services.privacy import export_json, export_person

        data = export_person(as_viewer, open_store(), person)
        base = output or Path(f"inzage-{person}")
        base = base.with_suffix("") if base.suffix.lower() in {".json", ".html"} else base
        json_path, html_path = Path(f"{base}.json"), Path(f"{base}.html")
        json_path.write_text(export_json(data), encoding="utf-8")
        html_path.write_text(inzage_html(data), encoding="utf-8")
        typer.echo(f"Inzage geschreven: {json_path} en {html_path}")

    run(body)


@app.command("erase")
def erase(person: PersonArg, yes: YesOpt = False) -> None:
    """Wis een persoon met relaties, lidmaatschappen en beoordelingen. Activiteiten houden een anoniem aantal deelnemers.

    Voorbeeld: netwerk privacy erase 048
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.privacy import erase_person

        if not yes:
            typer.confirm(f"Persoon '{person}' definitief wissen?", abort=True)
        erase_person(as_viewer, open_store(), person)
        typer.echo(f"Persoon '{person}' is gewist; deelnames tellen nog mee als anonieme deelnemers.")

    run(body)


@app.command("withdraw-consent")
def withdraw_consent(person: PersonArg) -> None:
    """Trek de toestemming voor naamsvermelding van een bewoner in: de naam verdwijnt direct.

    Voorbeeld: netwerk privacy withdraw-consent 048
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.privacy import withdraw_consent as withdraw

        changed = withdraw(as_viewer, open_store(), person)
        typer.echo(f"Toestemming ingetrokken; '{person}' staat er nu onder een pseudoniem in." if changed
                   else f"Bewoner '{person}' had geen toestemming voor naamsvermelding; er is niets gewijzigd.")

    run(body)


@app.command("purge")
def purge(
    older_than: Annotated[
        int | None, typer.Option("--older-than", help="Bewaartermijn in maanden (standaard NETWERK_RETENTION_MONTHS, 24)")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Alleen tonen wat gewist zou worden")] = False,
    yes: YesOpt = False,
) -> None:
    """Wis bewoners van wie het laatste contact langer geleden is dan de bewaartermijn.

    Voorbeelden: netwerk privacy purge --dry-run | netwerk privacy purge --older-than 18 --yes
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.privacy import purge as purge_service
        from netwerk.services.privacy import retention_plan

        store = open_store()
        plan = retention_plan(as_viewer, store, older_than)
        typer.echo(f"Bewaartermijn {plan.months} maanden: bewoners met laatste contact vóór {fmt_date(plan.cutoff)}.")
        for r in plan.to_erase.itertuples(index=False):
            typer.echo(f"  {r.person_id:12} {r.label:24} laatste contact {fmt_date(r.last_contact)}")
        n = len(plan.to_erase)
        typer.echo(f"{counted(n, 'bewoner', 'bewoners')} "
                   f"{plural(n, 'zou worden', 'zouden worden') if dry_run else plural(n, 'wordt', 'worden')} gewist.")
        if len(plan.undated):
            typer.echo(f"{counted(len(plan.undated), 'bewoner', 'bewoners')} zonder enig contactmoment "
                       f"{plural(len(plan.undated), 'blijft', 'blijven')} staan: "
                       + ", ".join(plan.undated["person_id"].astype(str)))
        if dry_run or plan.to_erase.empty:
            return
        if not yes:
            typer.confirm("Deze bewoners definitief wissen?", abort=True)
        done = purge_service(as_viewer, store, older_than, dry_run=False)
        typer.echo(f"{counted(len(done.to_erase), 'bewoner', 'bewoners')} gewist.")

    run(body)
