"""The bestuurdersrapport of the demo data as PDF, XLSX and PNG pages, for a person to look
at: ``python -m bench.report_pages [OUT_DIR]`` (default ``artifacts/``).

Seeds the demo (``seeds/``) into a temporary SQLite store, builds the report as a
bestuurder sees it (:func:`netwerk.services.report.build_report`) and writes
``bestuurdersrapport.pdf``, ``bestuurdersrapport.xlsx`` and the first two PDF pages as
``rapport-pagina-1.png`` and ``rapport-pagina-2.png`` (150 dpi). The pages are drawn with
pypdfium2 when it is installed, else with poppler's ``pdftoppm`` when it is on the PATH;
neither is a dependency of the product (``pip install pypdfium2`` or
``apt-get install poppler-utils``). Without either the PNG files are skipped with a note.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DPI = 150
PAGES = 2


def render_pages(pdf: Path, out_dir: Path, pages: int = PAGES, dpi: int = DPI) -> list[Path]:
    """PNG files of the first ``pages`` pages of ``pdf`` (``rapport-pagina-N.png``); [] when
    neither pypdfium2 nor pdftoppm is available."""
    out = [out_dir / f"rapport-pagina-{i}.png" for i in range(1, pages + 1)]
    try:
        import pypdfium2 as pdfium  # type: ignore[import-not-found]
    except ImportError:
        if not shutil.which("pdftoppm"):
            return []
        for i, path in enumerate(out, start=1):
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(i), "-l", str(i), "-singlefile", str(pdf),
                            str(path.with_suffix(""))], check=True)
        return out
    doc = pdfium.PdfDocument(str(pdf))
    for i, path in enumerate(out):
        doc[i].render(scale=dpi / 72).to_pil().save(path)
    doc.close()
    return out


def main(argv: list[str]) -> int:
    from netwerk.access import Viewer
    from netwerk.bootstrap import open_store
    from netwerk.report import report_pdf, report_xlsx
    from netwerk.services import report, seeding

    out_dir = Path(argv[0]) if argv else Path("artifacts")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        try:
            seeding.seed(store, "demo")
            rep = report.build_report(Viewer("rapport", "bestuurder"), store)
        finally:
            store.close()
    pdf = out_dir / "bestuurdersrapport.pdf"
    pdf.write_bytes(report_pdf(rep))
    (out_dir / "bestuurdersrapport.xlsx").write_bytes(report_xlsx(rep))
    pngs = render_pages(pdf, out_dir)
    for path in [pdf, out_dir / "bestuurdersrapport.xlsx", *pngs]:
        print(path)
    if not pngs:
        print("Geen PNG-pagina's: installeer pypdfium2 of poppler-utils (pdftoppm).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
