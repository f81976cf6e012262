"""The bundled seed files: reproducible from their generators, in the canonical import
format, and free of resident names without consent. (Loading them through the importer
is tested in ``test_seeds.py``.)"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import seeds
from netwerk.ingest.kinds import detect_kind
from seeds.davis import generator as davis_generator
from seeds.demo import generator as demo_generator
from seeds.krackhardt import convert as krackhardt_convert

SEEDS_DIR = Path(seeds.__file__).resolve().parent
REGENERATE = {
    "demo": demo_generator.generate,
    "davis": davis_generator.generate,
    "krackhardt": krackhardt_convert.convert,
}


def _csvs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _rows(name: str, file: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / name / file).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@pytest.mark.parametrize("name", seeds.SEED_NAMES)
def test_committed_files_are_what_the_generator_writes(name: str, tmp_path: Path) -> None:
    counts = REGENERATE[name](tmp_path)
    assert set(counts) == set(_csvs(SEEDS_DIR / name))
    assert _csvs(tmp_path) == _csvs(SEEDS_DIR / name)


def test_demo_generator_is_deterministic(tmp_path: Path) -> None:
    demo_generator.generate(tmp_path / "a")
    demo_generator.generate(tmp_path / "b")
    assert _csvs(tmp_path / "a") == _csvs(tmp_path / "b")


@pytest.mark.parametrize("name", seeds.SEED_NAMES)
def test_files_are_canonical_import_files(name: str) -> None:
    for file, data in _csvs(SEEDS_DIR / name).items():
        assert not data.startswith(b"\xef\xbb\xbf"), file
        assert b"\r" not in data, file
        text = data.decode("utf-8")
        header = text.split("\n", 1)[0].split(";")
        match = detect_kind(header, file)
        assert match is not None and match.ok, file
        assert list(match.columns) == header, f"{file}: not the canonical column names"


def test_demo_residents_are_pseudonymous_unless_they_consented() -> None:
    residents = [r for r in _rows("demo", "persons.csv") if r["kind"] == "resident"]
    assert len(residents) >= 140
    for r in residents:
        assert r["pseudonym"] == f"Bewoner {r['person_id']}"
        if r["display_name"]:
            assert r["consent_named"] == "ja" and r["consent_date"], r["person_id"]
        else:
            assert r["consent_named"] == "nee"
    assert 1 <= sum(bool(r["display_name"]) for r in residents) <= 10


def test_demo_names_include_particles_and_diacritics() -> None:
    names = [r["display_name"] for r in _rows("demo", "persons.csv") if r["kind"] != "resident"]
    assert any(" van der " in n for n in names)
    assert any(not n.isascii() for n in names)


def test_project_never_reads_the_shared_folder() -> None:
    root = SEEDS_DIR.parent
    for folder in ("seeds", "netwerk"):
        for path in (root / folder).rglob("*.py"):
            assert "/work/shared" not in path.read_text(encoding="utf-8"), path
