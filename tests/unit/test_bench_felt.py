"""The felt benchmark's parsing, memory reading, table and targets (``bench/felt.py``), and the
report file of ``python -m bench`` (``bench/scale.py``'s :class:`Report`, ``bench/__main__.py``'s
tee): no browser, no store, hand-computed values."""

from __future__ import annotations

import io
import os

import pytest

from bench.__main__ import _Tee
from bench.felt import Config, PageTimes, Run, config_table, markdown, parse_configs, targets, tree_peak_rss_kib, vm_hwm_kib
from bench.scale import Report

STATUS = """Name:\tstreamlit
VmPeak:\t 2400000 kB
VmHWM:\t  812345 kB
VmRSS:\t  700000 kB
"""


def test_parse_configs():
    assert parse_configs("sqlite:10000, sqlite:50_000,neo4j:10.000") == [
        Config("sqlite", 10_000), Config("sqlite", 50_000), Config("neo4j", 10_000)]
    assert Config("neo4j", 10_000).label == "Neo4j 10.000"
    with pytest.raises(ValueError, match="sqlite:PERSONEN"):
        parse_configs("postgres:10")
    with pytest.raises(ValueError):
        parse_configs("sqlite")


def test_vm_hwm_is_the_peak_not_the_current_size():
    assert vm_hwm_kib(STATUS) == 812_345
    assert vm_hwm_kib("Name:\tx\n") is None


def test_tree_peak_rss_of_this_process_is_its_own_vmhwm():
    own = vm_hwm_kib(open(f"/proc/{os.getpid()}/status").read())
    total = tree_peak_rss_kib(os.getpid())
    assert own is not None and total is not None and total >= own


def _run(code, times, save=0.5, rss=1024 * 1024):
    return Run(code, [PageTimes(p, *t) for p, t in times.items()], save_s=save, rss_kib=rss)


# (cold, visible after the save, fresh after the save, cold in a restarted process)
BASE = _run("aaa", {"Overzicht": (4.0, 3.0, 3.0, 3.5), "Groei": (18.0, 19.0, 19.0, 17.0)}, save=2.0, rss=3 * 1024 * 1024)
OURS = _run("bbb", {"Overzicht": (1.0, 0.3, 0.9, 0.2), "Groei": (2.5, 0.2, None, 0.4)}, save=0.1, rss=1536 * 1024)


def test_all_fresh_is_the_sum_or_none_when_a_page_never_became_fresh():
    assert BASE.all_fresh_s() == 22.0  # 3 + 19
    assert OURS.all_fresh_s() is None
    assert Run("x").all_fresh_s() is None


def test_config_table_rows_and_ratios():
    lines = config_table(Config("sqlite", 10_000), BASE, OURS, budget=600)
    rows = [ln for ln in lines if ln.startswith("| ")]
    # header, two pages, the sum
    assert len(rows) == 4
    assert rows[1] == "| Overzicht | 4.00 | 1.00 | 0.25x | 3.50 | 0.20 | 0.06x | 3.00 | 0.30 | 0.10x | 3.00 | 0.90 | 0.30x |"
    # ours never fresh within the budget: "> 600" and no ratio
    assert rows[2] == "| Groei | 18.00 | 2.50 | 0.14x | 17.00 | 0.40 | 0.02x | 19.00 | 0.20 | 0.01x | 19.00 | > 600 | - |"
    assert rows[3].endswith("| 22.00 | - | - |")
    text = "\n".join(lines)
    assert "vóór 2.00 s, na 0.10 s (0.05x)" in text
    assert "vóór 3,072 MiB, na 1,536 MiB" in text


def test_config_table_without_baseline():
    lines = config_table(Config("sqlite", 1000), None, OURS, budget=600)
    assert "| Overzicht | - | 1.00 | - | - | 0.20 | - | - | 0.30 | - | - | 0.90 | - |" in lines


def test_targets_at_10k_and_50k():
    res = dict(targets([(Config("sqlite", 10_000), BASE, OURS), (Config("sqlite", 50_000), None, OURS)]))
    verdicts = list(res.values())
    # 10k: worst cold 2.5 > 2 (not met); after a restart 0.4 (met); something visible after the save
    # 0.3 (met); fresh: Groei never fresh (not met);
    # 50k: worst cold 2.5 <= 3 (met); restart 0.4 (met); RSS 1,536 MiB < 2 GiB (met); Neo4j snapshot: not here.
    assert verdicts == [False, True, True, False, True, True, True, None]
    assert "SQLite 10.000: elke pagina koud <= 2 s: gemeten 2.50" in res


def test_targets_not_applicable_at_1000():
    res = targets([(Config("sqlite", 1000), None, OURS)])
    assert [m for _, m in res] == [None, None]


def test_markdown_has_verdicts():
    text = markdown([(Config("sqlite", 10_000), BASE, OURS)], 600, ["kop"])
    assert text.startswith("# Buurtnetwerk: gevoelde snelheid")
    assert text.count("**NIET GEHAALD**") == 2
    assert "**n.v.t.**" in text


def test_report_checkpoint_marks_an_unfinished_run(tmp_path):
    path = tmp_path / "latest.md"
    report = Report(path, "titel")
    report("Inzet 4.37 s")
    assert path.read_text().splitlines()[-2] == Report.UNFINISHED
    report.write()
    text = path.read_text()
    assert Report.UNFINISHED not in text
    assert text == "# titel\n\n```\nInzet 4.37 s\n```\n"


class _ClosedPipe(io.StringIO):
    def write(self, s):
        raise BrokenPipeError(32, "Broken pipe")


def test_tee_keeps_every_line_when_the_terminal_is_gone(tmp_path):
    report = Report(tmp_path / "r.md", "t")
    tee = _Tee(_ClosedPipe(), report)
    print("Inzet 4.37 s", file=tee)
    print("Privacy en rechten 5.93 s", file=tee)
    tee.write("Buurt")
    tee.close_lines()
    assert report.lines == ["Inzet 4.37 s", "Privacy en rechten 5.93 s", "Buurt"]


def test_bench_passes_quick_and_baseline_to_the_felt_part():
    import argparse

    from bench.__main__ import _part_argv

    quick = argparse.Namespace(quick=True, baseline="71d0da7", repeat=3)
    assert _part_argv("felt", quick, "1000") == ["--quick", "--baseline", "71d0da7"]
    full = argparse.Namespace(quick=False, baseline=None, repeat=3)
    assert _part_argv("felt", full, "1000,10000,50000") == []
    assert _part_argv("dashboard", full, "1000,10000") == ["--sizes", "1000,10000", "--repeat", "3"]
