"""The ``netwerk`` CLI: help for every command, exit codes, and the Davis journey."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from netwerk.cli import app

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


def test_commands_exist():
    assert {"init", "seed", "import", "template", "analyse", "dashboard"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Voorbeeld" in result.output


def test_init_creates_the_store(store_url):
    result = runner.invoke(app, ["--store", store_url, "init"])
    assert result.exit_code == 0, result.output
    assert "schemaversie 1" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyse", "--from", "2025-13-45"], "geen datum"),
        (["analyse", "--from", "01-06-2025", "--to", "01-01-2025"], "--from ligt na --to"),
        (["seed", "bestaat-niet"], "bestaat-niet"),
        (["template", "onzin"], "onzin"),
        (["import", "geen-bestand.csv"], "niet gevonden"),
    ],
)
def test_bad_input_exits_2_with_a_dutch_message(store_url, args, message):
    result = runner.invoke(app, ["--store", store_url, *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_unsupported_store_url_exits_2():
    result = runner.invoke(app, ["--store", "postgres://x", "init"])
    assert result.exit_code == 2
    assert "NETWERK_STORE_URL" in result.output


def test_seed_davis_then_analyse_json_reports_the_davis_figures(store_url):
    seeded = runner.invoke(app, ["--store", store_url, "seed", "davis"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(app, ["--store", store_url, "analyse", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["persons"] == 18
    assert report["activities"] == 14
    assert report["participations"] == 89
    assert report["ties"] == 139
    assert report["density"] == pytest.approx(139 / 153, abs=1e-3)
    assert report["components"] == 1
    brokers = report["top_brokers"]
    assert brokers and set(brokers[0]) >= {"person_id", "name", "betweenness"}
    assert [b["betweenness"] for b in brokers] == sorted((b["betweenness"] for b in brokers), reverse=True)
