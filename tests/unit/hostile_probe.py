"""Import hostile files in a separate process and report, per case, the outcome and the
peak memory the import added (JSON lines on stdout).

Usage: ``python -m tests.unit.hostile_probe SPEC.json``; the spec is
``{"as_limit_mb": 4096, "cases": [{"id": ..., "mode": "cli"|"exchange"|"dashboard",
"files": [[name, path], ...]}]}``. ``read`` reads one file as the importers do, without
mapping or storing it (for the memory multiple of the file size); ``cli`` is ``netwerk import`` (import_files), ``exchange``
is ``netwerk exchange import`` (import_exchange), ``dashboard`` the Uitwisselen page
(prepare_import + apply_import on uploaded bytes).

Peak memory: Linux's resident high-water mark (``VmHWM``), reset before each case through
``/proc/self/clear_refs``; the figure is the high-water mark minus the resident size just
before the import. An address-space limit keeps a regression from exhausting the machine.
"""

from __future__ import annotations

import gc
import json
import re
import resource
import sys
import tempfile
from pathlib import Path


def _kb(key: str) -> int:
    return int(re.search(rf"{key}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    limit = int(spec.get("as_limit_mb", 4096)) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import charset_normalizer  # noqa: F401  (loaded lazily by the readers: not part of a case's peak)
    import openpyxl  # noqa: F401
    import openpyxl.worksheet._reader  # noqa: F401

    from netwerk.access import Viewer
    from netwerk.bootstrap import open_store
    from netwerk.domain import ImportValidationError, NetwerkError
    from netwerk.services.exchange import apply_import, import_exchange, prepare_import
    from netwerk.services.importing import import_files

    viewer = Viewer("coord", "coordinator")
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(spec["cases"]):
            store = open_store(f"sqlite:///{tmp}/{i}.sqlite")
            files = [(name, Path(p)) for name, p in case["files"]]
            uploads = [(name, p.read_bytes()) for name, p in files] if case["mode"] == "dashboard" else []
            gc.collect()
            Path("/proc/self/clear_refs").write_text("5")
            before = _kb("VmRSS")
            errors: list[str] = []
            try:
                if case["mode"] == "read":  # the reading stage alone, for the memory multiple
                    _read_only(files[0][1])
                elif case["mode"] == "cli":
                    import_files(store, [p for _, p in files])
                elif case["mode"] == "exchange":
                    import_exchange(viewer, store, [p for _, p in files])
                else:
                    apply_import(viewer, store, prepare_import(viewer, store, uploads))
                outcome = "ok"
            except ImportValidationError as e:
                outcome, errors = "refused", [str(x) for x in e.errors]
            except NetwerkError as e:
                outcome, errors = "refused", [str(e)]
            except BaseException as e:  # noqa: BLE001 - a crash is what the probe reports
                outcome, errors = "crash", [f"{type(e).__name__}: {e}"[:300]]
            peak_mb = (_kb("VmHWM") - before) / 1024
            del uploads
            stored = {t: len(store.table(t)) for t in ("organisations", "persons", "activities", "knows")}
            store.close()
            print(json.dumps({"id": case["id"], "outcome": outcome, "errors": errors[:5], "peak_mb": round(peak_mb, 1),
                              "stored": stored}), flush=True)


def _read_only(path: Path) -> None:
    from netwerk.exchange.convert import graph_from_networkx
    from netwerk.exchange.gexf import read_gexf
    from netwerk.exchange.gml import read_gml
    from netwerk.exchange.graphml import read_graphml
    from netwerk.ingest.limits import scan_xml
    from netwerk.ingest.readers import read_table

    suffix = path.suffix.lower()
    if suffix in (".gexf", ".graphml"):
        data = path.read_bytes()
        scan_xml(data, path.name, suffix)
        graph_from_networkx(read_gexf(data) if suffix == ".gexf" else read_graphml(data), path.name)
    elif suffix == ".gml":
        graph_from_networkx(read_gml(path.read_bytes(), path.name), path.name)
    else:
        read_table(path)


if __name__ == "__main__":
    main(sys.argv[1])
