"""``netwerk dashboard``: start the Streamlit dashboard on the chosen store (optionally
seeded with the demo data first)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from netwerk.cli._common import echo_seeded, open_store, run, viewer

__all__ = ["dashboard"]


def dashboard(
    port: Annotated[int, typer.Option(help="Poort voor het dashboard")] = 8501,
    demo: Annotated[bool, typer.Option("--demo", help="Laad eerst de demodata (als de store nog leeg is)")] = False,
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help="Netwerkadres waarop het dashboard luistert. Standaard alleen deze computer; 0.0.0.0 maakt het "
            "bereikbaar voor anderen in het netwerk (gebruik dan sterke wachtwoorden en HTTPS ervoor).",
        ),
    ] = "127.0.0.1",
) -> None:
    """Start het dashboard (Streamlit) op de gekozen store.

    Voorbeeld: netwerk dashboard --demo
    """

    def body():
        s = open_store()
        if demo:
            from netwerk.services.seeding import seed_dataset

            echo_seeded(seed_dataset(viewer(), s, "demo", only_if_empty=True))
        from netwerk.ingest.limits import limits
        from netwerk.services.users import sign_in_help

        typer.echo(sign_in_help(s))
        url = s.url
        s.close()
        # netwerk/cli/dashboard.py -> the project root, where dashboard/ sits next to netwerk/.
        app_file = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
        env = {**os.environ, "NETWERK_STORE_URL": url}
        typer.echo(f"Dashboard op http://localhost:{port} (store: {url}); stoppen met Ctrl+C.")
        # headless: no first-run e-mail prompt from Streamlit; we print the address ourselves.
        # server.address: personal data stays on this machine unless asked otherwise (and Streamlit then
        # does not look up the machine's external IP on the internet).
        cmd = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.port", str(port), "--server.headless", "true",
               "--server.address", address, "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
               # Streamlit holds an upload in memory before any page sees it: no more than the import limit.
               "--server.maxUploadSize", str(max(1, -(-limits().max_file_bytes // 2**20)))]
        raise typer.Exit(subprocess.call(cmd, env=env))

    run(body)
