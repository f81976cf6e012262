"""``netwerk analyse``: key figures and brokers of the network
(:func:`netwerk.services.network.analyse_report`), as text or JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from netwerk.cli._common import open_store, period_filter, run, viewer
from netwerk.text import MISSING, fmt_int, fmt_number

__all__ = ["analyse"]


def analyse(
    date_from: Annotated[str | None, typer.Option("--from", help="Begindatum (dd-mm-jjjj)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Einddatum (dd-mm-jjjj), inclusief")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON")] = False,
) -> None:
    """Analyseer het netwerk: kerncijfers en de belangrijkste makelaars (betweenness).

    Relaties zijn werkrelaties (samen in een kleine activiteit, herhaald in grotere, of 'kent');
    zie de Begrippen in de README.

    Voorbeelden: netwerk analyse | netwerk analyse --from 01-01-2025 --to 31-03-2025 --json
    """

    def body():
        from netwerk.services.network import analyse_report

        report = analyse_report(viewer(), open_store(), period_filter(date_from, date_to))
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
            return
        _echo_report(report)

    run(body)


def _echo_report(report: dict) -> None:
    from netwerk.analysis.ties import FIGURES

    labels = {
        **{key: f.label for key, f in FIGURES.items()},
        "communities": "Gemeenschappen",
        "modularity": "Modulariteit",
        "ei_index_organisation": "E-I-index (organisatie)",
        "ei_index_sector": "E-I-index (sector)",
    }
    for key, label in labels.items():
        if key in report:
            _echo_figure(label, report[key])
    if "louvain_runs" in report:
        _echo_figure("Louvain-runs (beste bewaard)", f"{report['louvain_runs']} (seed {report['louvain_seed']})")
    d = report.get("diameter")
    if d:
        steps = d["diameter"] if d["exact"] else f"{d['lower_bound']}-{d['upper_bound']} (niet exact)"
        _echo_figure("Diameter (stappen)", steps)
        typer.echo(f"  gemeten in de grootste component: {fmt_int(d['component_persons'])} van {fmt_int(d['persons'])} "
                   "personen")
    if "kent" in report:
        _echo_directed("Kent-netwerk (gericht, gemelde 'kent'-relaties)", report["kent"])
    for round_id, figures in report.get("beoordelingen", {}).items():
        _echo_directed(f"Beoordelingen ronde {round_id} (gericht)", figures)
    how = report.get("betweenness", {})
    method = "genormaliseerd, gewogen (afstand 1/gewicht)" if how else ""
    if how and not how.get("exact"):
        method += f", geschat uit {how['sample_pivots']} bronnen (seed {how['seed']})"
    typer.echo(f"\nMakelaars (hoogste betweenness{'; ' + method if method else ''}):")
    for b in report.get("top_brokers", []):
        typer.echo(f"  {fmt_number(b['betweenness'], 3)}  {b['name']} ({b['person_id']})")


def _echo_figure(label: str, v) -> None:
    typer.echo(f"{label:66} {_shown(v)}")


def _shown(v) -> str:
    """A figure in Dutch notation (netwerk.text): fractions with 3 decimals (``0,125``), counts with
    a thousands dot (``2.868``), missing as ``–``; text as given."""
    if v is None:
        return MISSING
    if isinstance(v, bool) or isinstance(v, str):
        return str(v)
    if isinstance(v, int):
        return fmt_int(v)
    return fmt_number(v, 3)


def _echo_directed(title: str, figures: dict) -> None:
    from netwerk.services.network import DIRECTED_LABELS

    typer.echo(f"\n{title}:")
    for key, label in DIRECTED_LABELS.items():
        _echo_figure(f"  {label}", figures.get(key))
