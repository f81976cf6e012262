"""The files a newcomer meets first: README links and packaging metadata."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_image_the_readme_shows_exists():
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert images, "the README shows a screenshot of the network map"
    for image in images:
        assert (ROOT / image).is_file(), f"README shows {image}, which is not in the repository"


def test_license_is_an_spdx_string_so_install_prints_no_deprecation_banner():
    # A {text = ...} table makes setuptools print a deprecation banner three times during `make dashboard`.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)
