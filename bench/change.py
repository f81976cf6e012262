"""Change benchmark: ``python -m bench.change [--samples 1000] [--persons 500] [--repeat 3]``
(also part ``change`` of ``python -m bench``).

The node bootstrap of :func:`netwerk.analysis.change.bootstrap` (all of
``BOOTSTRAP_STATISTICS`` — density, dyadic and edgewise reciprocity, transitivity, degree
centralisation, mean strength — for both moments and their paired difference, vectorised over
the samples) against a plain Python loop over the samples that takes each sample's induced
sub-matrix with numpy and computes the same statistics on it (:func:`plain_statistic`; same
draws, so the standard errors must agree). Cases:

(a) ``--persons`` persons (default 500): the generated network (:mod:`netwerk.services.generate`,
    ``activities = 2 * persons``, seed 0, via :mod:`bench.scale`), person network
    (:func:`netwerk.analysis.person_network`, working ties, weighted) of the first and the
    second half of its activity dates, every person an actor of both halves;
(b) the demo seed: person network of Q1 against Q4 2025 (undirected, weighted), and the
    rating network of the nulmeting against the jaarevaluatie (directed), the two comparisons
    the Verschil page shows.

Medians over ``--repeat`` runs of ours; the loop runs once, all samples on networks of fewer
than 100 actors, else ``--baseline-samples`` samples (default 100, about 15 s on 500 persons)
with its time scaled to ``--samples``; its standard errors are compared with ours on the same
draws. Target: ours under
2 s for 1,000 samples on 500 persons on a 2-core machine. ``--sizes`` is accepted (from
``python -m bench``) and ignored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

__all__ = ["loop_bootstrap", "main", "plain_statistic"]


def plain_statistic(name: str, A: np.ndarray, S: np.ndarray, idx: np.ndarray, directed: bool) -> float:
    """One node-bootstrap sample's statistic the slow way: the induced sub-matrix with
    duplicates, pairs of two copies of one actor missing (NaN), then the textbook formula.

    ``A``: (n, n) 0/1 ties, ``S``: strengths, ``idx``: the drawn actor indices; ``name``: one of
    :data:`netwerk.analysis.change.BOOTSTRAP_STATISTICS`.
    """
    n = len(idx)
    valid = idx[:, None] != idx[None, :]
    a = np.where(valid, A[np.ix_(idx, idx)], np.nan)
    pairs = valid.sum()
    ties = np.nansum(a)
    if name == "density":
        return ties / pairs
    if name == "mean_strength":
        return np.nansum(np.where(valid, S[np.ix_(idx, idx)], np.nan)) / ties
    if name == "reciprocity_edgewise":
        return np.nansum(a * a.T) / ties
    if name == "reciprocity_dyadic":
        return 1 - np.nansum(a * (1 - a.T)) / (pairs / 2)
    a0 = np.nan_to_num(a)
    if name == "degree_centralisation":
        deg = a0.sum(0) + a0.sum(1) if directed else a0.sum(1)
        return (deg.max() - deg).sum() / ((2 if directed else 1) * (n - 1) * (n - 2))
    if name == "transitivity":
        two = a0 @ a0
        return np.nansum(a * two) / np.nansum(np.where(valid, two, np.nan))
    raise KeyError(name)


def loop_bootstrap(before: nx.Graph, after: nx.Graph, names, n_samples: int, seed: int) -> dict[str, float]:
    """The baseline: a Python loop over the samples; returns se_difference per statistic."""
    from netwerk.analysis.change import aligned_moments, resample_actors

    M = aligned_moments(before, after)
    draws = resample_actors(len(M.actors), n_samples, seed)
    out = {}
    for name in names:
        diffs = []
        for idx in draws:
            x0 = plain_statistic(name, M.ties_before, M.strength_before, idx, M.directed)
            x1 = plain_statistic(name, M.ties_after, M.strength_after, idx, M.directed)
            diffs.append(x1 - x0)
        out[name] = float(np.nanstd(diffs, ddof=1))
    return out


# --- the cases ---------------------------------------------------------------------------------


def _halves(persons: int) -> tuple[nx.Graph, nx.Graph]:
    from bench.scale import changeset
    from netwerk.analysis import period_snapshot, person_network
    from netwerk.bootstrap import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'generated.sqlite'}")
        store.apply(changeset(persons))
        snap = store.snapshot()
        store.close()
    days = sorted(d.date() for d in snap.activities["date"])
    first, last = days[0], days[-1]
    middle = first + (last - first) / 2
    halves = (person_network(period_snapshot(snap, first, middle)),
              person_network(period_snapshot(snap, middle + dt.timedelta(days=1), last)))
    for G in halves:  # every person is an actor of both halves (without ties where inactive)
        G.add_nodes_from(snap.persons["person_id"].astype(str))
    return halves


def _demo() -> list[tuple[str, nx.Graph, nx.Graph]]:
    from netwerk.analysis import period_snapshot, person_network
    from netwerk.analysis.ratings import rating_digraph
    from netwerk.bootstrap import open_store
    from netwerk.services.seeding import seed

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        seed(store, "demo")
        snap = store.snapshot()
        store.close()
    q1 = person_network(period_snapshot(snap, dt.date(2025, 1, 1), dt.date(2025, 3, 31)))
    q4 = person_network(period_snapshot(snap, dt.date(2025, 10, 1), dt.date(2025, 12, 31)))
    rounds = snap.survey_rounds.sort_values("date")["round_id"].tolist()
    r = snap.ratings
    first, last = (rating_digraph(r[r["round_id"] == x]) for x in (rounds[0], rounds[-1]))
    return [("demo: personen Q1 -> Q4 2025", q1, q4),
            (f"demo: beoordelingen {rounds[0]} -> {rounds[-1]}", first, last)]


def _case(label: str, before: nx.Graph, after: nx.Graph, args: argparse.Namespace) -> None:
    from netwerk.analysis.change import BOOTSTRAP_STATISTICS, aligned_moments, bootstrap

    M = aligned_moments(before, after)
    names = [s for s in BOOTSTRAP_STATISTICS if M.directed or not s.startswith("reciprocity")]
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        table = bootstrap(before, after, n_samples=args.samples, seed=0)
        times.append(time.perf_counter() - t0)
    ours = statistics.median(times)
    base_n = args.samples if len(M.actors) < 100 else min(args.baseline_samples, args.samples)
    t0 = time.perf_counter()
    loop = loop_bootstrap(before, after, names, base_n, seed=0)
    loop_time = (time.perf_counter() - t0) * args.samples / base_n
    if base_n != args.samples:  # the first base_n samples are the same draws (one PCG64 stream)
        table = bootstrap(before, after, n_samples=base_n, seed=0)
    se = dict(zip(table["statistic"], table["se_difference"], strict=True))
    worst = max(abs(se[k] - loop[k]) for k in names)
    check = f", grootste verschil in se met de lus {worst:.1e}"
    ties = int(M.ties_before.sum() + M.ties_after.sum()) // (1 if M.directed else 2)
    scaled = "" if base_n == args.samples else f" (gemeten op {base_n}, geschaald)"
    print(f"- {label}: {len(M.actors)} actoren, {ties} relaties (beide momenten), {args.samples} steekproeven, "
          f"{len(names)} maten: ons {ours:.2f} s (mediaan van {args.repeat}); lus per steekproef "
          f"{loop_time:.1f} s{scaled}; verhouding lus/ons {loop_time / ours:.0f}x{check}; "
          f"doel < 2 s: {'gehaald' if ours < 2 else 'NIET gehaald'}")


def main(argv: list[str] | None = None) -> None:
    """Run the change benchmark and print one line per case."""
    p = argparse.ArgumentParser(prog="python -m bench.change", description=__doc__.split("\n")[0])
    p.add_argument("--samples", type=int, default=1000, help="bootstrap samples")
    p.add_argument("--persons", type=int, default=500, help="persons of the generated network")
    p.add_argument("--repeat", type=int, default=3, help="runs of ours (median)")
    p.add_argument("--baseline-samples", type=int, default=100,
                   help="samples of the loop for networks of 100 actors or more (scaled to --samples)")
    p.add_argument("--sizes", default="", help="ignored (passed by python -m bench)")
    args = p.parse_args(argv)
    cases = [(f"gegenereerd netwerk, {args.persons} personen: eerste -> tweede helft", *_halves(args.persons))]
    cases += _demo()
    for label, before, after in cases:
        _case(label, before, after, args)


if __name__ == "__main__":
    main()
