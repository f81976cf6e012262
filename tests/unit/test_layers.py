"""The import layers hold: import-linter's contracts in pyproject.toml ([tool.importlinter]).

Analysis imports neither the store nor services; dashboard pages do not import the store;
``netwerk`` (services included) imports neither streamlit nor ``dashboard``; ``graph_schema``
does not import ``netwerk``. A broken contract fails this test with import-linter's report,
which names each offending import chain with its line numbers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_layer_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"Import-lagen geschonden (lint-imports):\n{result.stdout}\n{result.stderr}"
