"""``netwerk users``: dashboard accounts.

Passwords are never command-line arguments (they would end up in the shell history and
the process list): they are asked twice without echo, or read from standard input with
``--password-stdin``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netwerk.access import ROLE_LABELS, ROLES
from netwerk.cli._common import open_store, run, viewer

__all__ = ["app"]

app = typer.Typer(
    help="Accounts voor het dashboard: aanmaken, tonen, uitschakelen, rol of wachtwoord wijzigen.\n\n"
    "Voorbeeld: netwerk users add marieke@raalte.nl --role coordinator",
    no_args_is_help=True,
)

RoleOpt = Annotated[str, typer.Option("--role", "-r", help=f"Rol: {', '.join(ROLES)}")]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Lees het wachtwoord van standaardinvoer (één regel).")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord")



@app.command("add")
def add(
    user_id: Annotated[str, typer.Argument(help="Gebruikersnaam (bv. e-mailadres), zonder spaties")],
    role: RoleOpt,
    name: Annotated[str | None, typer.Option("--name", help="Naam om te tonen")] = None,
    person: Annotated[str | None, typer.Option("--person", help="person_id van de eigen persoon in het netwerk")] = None,
    password_stdin: PasswordStdin = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="Geen wachtwoord: alleen aanmelden via de organisatie-login (OIDC)")
    ] = False,
) -> None:
    """Maak een account aan; het wachtwoord wordt gevraagd (minstens 10 tekens).

    Voorbeelden: netwerk users add marieke@raalte.nl --role coordinator --name "Marieke Jansen"
    | echo 'geheim-wachtwoord' | netwerk users add anna --role professional --person p02 --password-stdin
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.users import add_user

        password = None if no_password else _password(password_stdin)
        account = add_user(as_viewer, open_store(), user_id, role, password, display_name=name, person_id=person)
        typer.echo(f"Account '{account.user_id}' aangemaakt met rol {ROLE_LABELS[account.role]}.")

    run(body)


@app.command("list")
def list_() -> None:
    """Toon alle accounts (nooit wachtwoorden).

    Voorbeeld: netwerk users list
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.users import list_users

        listing = list_users(as_viewer, open_store())
        if listing.empty:
            typer.echo("Er zijn nog geen accounts. Maak er een met: netwerk users add NAAM --role coordinator")
            return
        for r in listing.itertuples(index=False):
            state = "actief" if r.active else "uitgeschakeld"
            extra = f", persoon {r.person_id}" if r.person_id else ""
            login = "wachtwoord" if r.has_password else "alleen organisatie-login"
            typer.echo(f"{r.user_id:30} {ROLE_LABELS.get(r.role, r.role):14} {state:14} {login}{extra}")

    run(body)


def _set_active(user_id: str, active: bool) -> None:
    as_viewer = viewer()

    def body():
        from netwerk.services.users import set_active

        set_active(as_viewer, open_store(), user_id, active)
        typer.echo(f"Account '{user_id}' {'ingeschakeld' if active else 'uitgeschakeld'}.")

    run(body)


@app.command("disable")
def disable(user_id: Annotated[str, typer.Argument(help="Gebruikersnaam")]) -> None:
    """Schakel een account uit (aanmelden kan dan niet meer).

    Voorbeeld: netwerk users disable anna
    """
    _set_active(user_id, False)


@app.command("enable")
def enable(user_id: Annotated[str, typer.Argument(help="Gebruikersnaam")]) -> None:
    """Schakel een account weer in (en hef een blokkade na mislukte pogingen op).

    Voorbeeld: netwerk users enable anna
    """
    _set_active(user_id, True)


@app.command("set-role")
def set_role(user_id: Annotated[str, typer.Argument(help="Gebruikersnaam")], role: RoleOpt) -> None:
    """Geef een account een andere rol.

    Voorbeeld: netwerk users set-role anna --role bestuurder
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.users import set_role as set_role_service

        set_role_service(as_viewer, open_store(), user_id, role)
        typer.echo(f"Account '{user_id}' heeft nu de rol {ROLE_LABELS.get(role, role)}.")

    run(body)


@app.command("set-password")
def set_password(user_id: Annotated[str, typer.Argument(help="Gebruikersnaam")], password_stdin: PasswordStdin = False) -> None:
    """Geef een account een nieuw wachtwoord (gevraagd, of van standaardinvoer).

    Voorbeeld: netwerk users set-password anna
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.users import set_password as set_password_service

        set_password_service(as_viewer, open_store(), user_id, _password(password_stdin))
        typer.echo(f"Nieuw wachtwoord ingesteld voor '{user_id}'.")

    run(body)
