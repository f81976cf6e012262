"""Analysis benchmark: ``python -m bench.analysis --sizes 1000,10000,50000 --repeat 3``.

For each size the generated network (:mod:`netwerk.services.generate`, ``activities = 2 * persons``,
seed 0; cached by :mod:`bench.scale`) is read from SQLite into a snapshot and its person
network (:func:`netwerk.analysis.social_graph`), and child processes measure, each in its
own process so that its peak memory (RSS) is its own:

(a) ours: the dashboard's full measure set through :mod:`netwerk.analysis` — summary,
    actor measures (degree, strength, Louvain, betweenness/brokers, eigenvector, Burt's
    constraint and effective size), bridges, E-I index by organisation and by sector,
    and the growth table per quarter — with one networkx -> igraph conversion shared;
(b) the peer: python-igraph computing the same measures on the same graph, conversion
    from networkx included: ``degree``/``strength``, ``betweenness`` from the same
    number of pivots (uniform among persons with ties), ``eigenvector_centrality``, ``constraint``, ``bridges``,
    ``community_multilevel``, density/components/``transitivity_avglocal_undirected``,
    E-I with numpy, and growth per quarter from the snapshot's tables with pandas
    (projection by a self-merge) and igraph. Effective size has no igraph function and
    is ours only (so the ratio is conservative);
(c) brokers: exact betweenness against the default sample (Louvain-stratified pivots,
    :func:`netwerk.analysis.centrality.betweenness_sample_size`), time ratio, Spearman
    rank correlation and overlap of the top 30; for sizes up to ``--exact-max`` persons
    (exact weighted betweenness of 50,000 persons would take about half an hour);
(d) per measure, networkx against our dispatch (the netwerk.analysis function, its own
    conversion included) against igraph alone (the call on a ready igraph graph), for
    Louvain, bridges and constraint (networkx's constraint extrapolated from the persons
    it managed in 8 s: it is cubic in the degree), up to ``--nx-max`` persons.

Medians over ``--repeat`` runs (sizes of 50,000 and more: ``--repeat-large``). Targets:
ours <= 2x the peer on a snapshot with about 100,000 ties; sampled brokers <= 0.1x the
exact time with Spearman >= 0.88 and top-30 overlap >= 0.9; peak RSS of the 50,000-person
analysis < 4 GiB. The machine is shared and noisy: compare ratios from one run only.
"""

from __future__ import annotations

import argparse
import pickle
import random
import statistics
import sys
import time

__all__ = ["main"]

LARGE = 50_000


# --- data -----------------------------------------------------------------------------------


def _input(persons: int):
    """(snapshot, social graph) of the generated network, pickled in the run's cache."""
    from bench.scale import cache_dir, filled_sqlite

    path = cache_dir() / f"analysis-input-{persons}.pickle"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    from netwerk.analysis import social_graph
    from netwerk.bootstrap import open_store

    store = open_store(f"sqlite:///{filled_sqlite(persons)}")
    snap = store.snapshot()
    store.close()
    G = social_graph(snap)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump((snap, G), fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return snap, G


def _timed(fn, times: dict, name: str):
    t0 = time.perf_counter()
    out = fn()
    times[name] = times.get(name, 0.0) + time.perf_counter() - t0
    return out


# --- (a) ours ---------------------------------------------------------------------------------


def ours(snap, G) -> tuple[dict, dict]:
    """The dashboard's measure set through netwerk.analysis; (per-part seconds, outputs)."""
    from netwerk import analysis as an

    t: dict = {}
    V = _timed(lambda: an.to_igraph(G), t, "conversion")
    summary = _timed(lambda: an.network_summary(G, view=V), t, "summary")
    actors = _timed(lambda: an.actor_measures(G, view=V), t, "actor measures")
    br = _timed(lambda: an.bridges(G, view=V), t, "bridges")
    ei = _timed(lambda: (an.ei_index(G, "org_id"), an.ei_index(G, "sector")), t, "E-I index")
    growth = _timed(lambda: an.summary_per_period(snap, "quarter"), t, "growth per quarter")
    out = {
        "ties": summary.ties,
        "components": summary.components,
        "clustering": summary.clustering,
        "bridges": len(br),
        "communities": int(actors["community"].max()) + 1,
        "betweenness_k": actors.attrs["betweenness_k"],
        "ei_org": ei[0].ei_index,
        "growth": [[r.period, int(r.persons), int(r.ties)] for r in growth.itertuples(index=False)],
    }
    return t, out


# --- (b) the peer -----------------------------------------------------------------------------


def peer(snap, G, k: int | None, seed: int = 42) -> tuple[dict, dict]:
    """The same measures with python-igraph (plus numpy/pandas where igraph has none)."""
    import igraph as ig
    import numpy as np

    t: dict = {}

    def convert():
        nodes = sorted(G.nodes, key=str)
        index = {v: i for i, v in enumerate(nodes)}
        edges, weights = [], []
        for u, v, w in G.edges(data="weight"):
            edges.append((index[u], index[v]))
            weights.append(float(w))
        g = ig.Graph(n=len(nodes), edges=edges)
        g.es["weight"] = weights
        g.es["distance"] = [1.0 / w for w in weights]
        return g, nodes

    g, nodes = _timed(convert, t, "conversion")
    attrs = G.nodes
    org = np.array(pd_codes([attrs[v].get("org_id") for v in nodes]))
    sector = np.array(pd_codes([attrs[v].get("sector") for v in nodes]))
    prof = np.array([attrs[v].get("kind") == "professional" for v in nodes])
    el = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    us, vs = el[:, 0], el[:, 1]

    def summary():
        cross = int(np.count_nonzero(prof[us] & prof[vs] & (org[us] >= 0) & (org[vs] >= 0) & (org[us] != org[vs])))
        return (g.density(), len(g.connected_components()), g.transitivity_avglocal_undirected(mode="zero"),
                sum(1 for d in g.degree() if d == 0), cross)

    s = _timed(summary, t, "summary")
    _timed(lambda: (g.degree(), g.strength(weights="weight")), t, "degree")
    louvain = _timed(lambda: g.community_multilevel(weights="weight"), t, "Louvain")
    # Pivots among persons with ties, as ours (the others add nothing as sources).
    pivots = None if k is None else random.Random(seed).sample([i for i, d in enumerate(g.degree()) if d > 0], k)
    _timed(lambda: g.betweenness(directed=False, weights="distance", sources=pivots), t, "betweenness")
    _timed(lambda: g.eigenvector_centrality(weights="weight"), t, "eigenvector")
    _timed(lambda: g.constraint(weights="weight"), t, "constraint")
    br = _timed(lambda: g.bridges(), t, "bridges")

    def ei():
        out = []
        for codes in (org, sector):
            ok = (codes[us] >= 0) & (codes[vs] >= 0)
            internal = int(np.count_nonzero(ok & (codes[us] == codes[vs])))
            external = int(np.count_nonzero(ok & (codes[us] != codes[vs])))
            out.append((external - internal) / (external + internal) if external + internal else float("nan"))
        return out

    e = _timed(ei, t, "E-I index")
    growth = _timed(lambda: peer_growth(snap), t, "growth per quarter")
    out = {"ties": g.ecount(), "components": s[1], "clustering": s[2], "bridges": len(br),
           "communities": len(louvain), "ei_org": e[0], "growth": growth}
    return t, out


def pd_codes(values: list) -> list[int]:
    import pandas as pd

    return pd.factorize(pd.Series(values, dtype=object))[0].tolist()


def peer_growth(snap) -> list[list]:
    """Persons and ties of each quarter's network, with pandas and igraph only: the
    period's participations projected by a self-merge on the activity, plus KNOWS ties
    dated in the period."""
    import igraph as ig
    import numpy as np
    import pandas as pd

    acts = snap.activities[["activity_id", "date"]].copy()
    acts["q"] = pd.to_datetime(acts["date"], utc=True).dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None).dt.to_period("Q")
    persons = set(snap.persons["person_id"].astype(str))
    parts = snap.participations[["activity_id", "person_id"]].astype(str).drop_duplicates()
    parts = parts[parts["person_id"].isin(persons)].merge(acts[["activity_id", "q"]].astype({"activity_id": str}),
                                                          on="activity_id")
    knows = snap.knows[["from_id", "to_id", "since"]].dropna(subset=["since"]).copy()
    knows["q"] = pd.to_datetime(knows["since"]).dt.to_period("Q")
    knows = knows[(knows["from_id"] != knows["to_id"]) & knows["from_id"].isin(persons) & knows["to_id"].isin(persons)]
    out = []
    for q in pd.period_range(acts["q"].min(), acts["q"].max(), freq="Q"):
        p = parts[parts["q"] == q]
        pairs = p.merge(p, on="activity_id")
        pairs = pairs[pairs["person_id_x"] < pairs["person_id_y"]][["person_id_x", "person_id_y"]]
        kq = knows[knows["q"] == q]
        a, b = kq["from_id"].astype(str), kq["to_id"].astype(str)
        kp = pd.DataFrame({"person_id_x": np.where(a < b, a, b), "person_id_y": np.where(a < b, b, a)})
        ties = pd.concat([pairs, kp]).drop_duplicates()
        who = pd.Index(pd.concat([p["person_id"], a, b]).unique())
        g = ig.Graph(n=len(who), edges=np.column_stack([who.get_indexer(ties["person_id_x"]),
                                                        who.get_indexer(ties["person_id_y"])]))
        g.transitivity_avglocal_undirected(mode="zero")
        len(g.connected_components())
        out.append([f"{q.year}-K{q.quarter}", g.vcount(), g.ecount()])
    return out


# --- (c) brokers ------------------------------------------------------------------------------


def brokers(G) -> dict:
    import pandas as pd

    from netwerk import analysis as an
    from netwerk.analysis.centrality import betweenness, betweenness_sample_size

    V = an.to_igraph(G)
    n = sum(1 for _, d in G.degree() if d > 0)
    default = betweenness_sample_size(n)
    k = default or max(n // 10, 2)
    t0 = time.perf_counter()
    exact = pd.Series(betweenness(G, view=V))
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    strata = an.louvain_communities(G, view=V).membership
    approx = pd.Series(betweenness(G, k=k, strata=strata, view=V))
    t_approx = time.perf_counter() - t0
    t0 = time.perf_counter()
    uniform = pd.Series(betweenness(G, k=k, view=V))
    t_uniform = time.perf_counter() - t0
    top = set(exact.nlargest(30).index)

    def quality(est):
        return float(exact.rank().corr(est.rank())), len(top & set(est.nlargest(30).index)) / 30

    return {"k": k, "default": default is not None, "exact": t_exact, "approx": t_approx, "uniform": t_uniform,
            "stratified": quality(approx), "uniform_q": quality(uniform)}


# --- (d) per measure ----------------------------------------------------------------------------


def per_measure(G, budget: float = 8.0) -> dict:
    import networkx as nx

    from netwerk import analysis as an
    from netwerk.analysis.snapshot import sorted_graph

    V = an.to_igraph(G)
    g = V.graph
    H = sorted_graph(G)
    out: dict = {}

    def clock(fn):
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    out["Louvain"] = (clock(lambda: nx.community.louvain_communities(H, weight="weight", seed=42)),
                      clock(lambda: an.louvain_communities(G)),
                      clock(lambda: g.community_multilevel(weights="weight")))
    out["bridges"] = (clock(lambda: list(nx.bridges(G))), clock(lambda: an.bridges(G)), clock(lambda: g.bridges()))
    # networkx's constraint is cubic in the degree: time random persons for ``budget`` seconds, extrapolate.
    people = random.Random(1).sample(sorted(G.nodes, key=str), G.number_of_nodes())
    done, spent = 0, 0.0
    while done < len(people) and spent < budget:
        spent += clock(lambda: nx.constraint(G, nodes=[people[done]], weight="weight"))  # noqa: B023
        done += 1
    t_nx = spent * G.number_of_nodes() / done
    out["constraint"] = (t_nx, clock(lambda: an.structural_holes(G)), clock(lambda: g.constraint(weights="weight")))
    out["sample"] = done
    return out


# --- steps and report ---------------------------------------------------------------------------


def _step(name: str, persons: int, repeat: int) -> None:
    from bench.scale import result

    snap, G = _input(persons)
    if name == "prepare":
        result(persons=G.number_of_nodes(), ties=G.number_of_edges(), participations=len(snap.participations))
    elif name in ("ours", "peer"):
        from netwerk.analysis.centrality import betweenness_sample_size

        k = betweenness_sample_size(sum(1 for _, d in G.degree() if d > 0))
        runs = []
        for _ in range(repeat):
            parts, out = ours(snap, G) if name == "ours" else peer(snap, G, k)
            runs.append(parts)
        totals = [sum(r.values()) for r in runs]
        i = totals.index(statistics.median_low(totals))
        result(totals=totals, parts=runs[i], out=out)
    elif name == "brokers":
        result(**brokers(G))
    elif name == "measures":
        result(**per_measure(G))
    else:
        raise SystemExit(f"unknown step {name}")


def main(argv: list[str] | None = None) -> None:
    """Run the analysis benchmark (see the module docstring) and print its report."""
    from bench.scale import Report, mib, run_step, sizes_arg

    ap = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=sizes_arg, default=sizes_arg("1000,10000,50000"), help="persons, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case (medians)")
    ap.add_argument("--repeat-large", type=int, default=1, help=f"runs for sizes >= {LARGE:,}")
    ap.add_argument("--exact-max", type=int, default=10_000, help="largest size for exact betweenness (c)")
    ap.add_argument("--nx-max", type=int, default=10_000, help="largest size for the networkx comparison (d)")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--persons", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        _step(args.step, args.persons, args.repeat)
        return
    say = Report()
    say("Analysis: ours (netwerk.analysis, igraph behind the networkx API) against the python-igraph peer; seconds, medians")
    t_all = time.perf_counter()
    for persons in args.sizes:
        repeat = args.repeat_large if persons >= LARGE else args.repeat
        common = ("--persons", str(persons))
        prep = run_step("bench.analysis", "prepare", *common)
        say(f"\n{persons:,} persons: {prep['ties']:,} ties, {prep['participations']:,} participations "
            f"(data prepared in {prep['wall']:.0f} s), {repeat} run(s)")
        o = run_step("bench.analysis", "ours", *common, "--repeat", str(repeat))
        p = run_step("bench.analysis", "peer", *common, "--repeat", str(repeat))
        mo, mp = statistics.median(o["totals"]), statistics.median(p["totals"])
        say(f"  full measure set   ours {mo:8.2f}   igraph peer {mp:8.2f}   ratio ours/peer {mo / mp:5.2f}"
            f"   (target <= 2 at ~100,000 ties)")
        say(f"  peak RSS           ours {mib(o['maxrss_kib']):>10}   peer {mib(p['maxrss_kib']):>10}"
            + ("   (target < 4 GiB)" if persons >= LARGE else ""))
        names = list(dict.fromkeys([*o["parts"], *p["parts"]]))
        say("  per part (median run): " + ", ".join(
            f"{nm} {o['parts'].get(nm, 0):.2f}/{p['parts'].get(nm, 0):.2f}" for nm in names) + "  (ours/peer)")
        oo, po = o["out"], p["out"]
        same_growth = oo["growth"] == po["growth"]
        say(f"  same answers: ties {oo['ties'] == po['ties']}, components {oo['components'] == po['components']}, "
            f"clustering {abs(oo['clustering'] - po['clustering']) < 1e-9}, bridges {oo['bridges'] == po['bridges']}, "
            f"E-I {abs(oo['ei_org'] - po['ei_org']) < 1e-12}, growth per quarter {same_growth} "
            f"({len(oo['growth'])} quarters); communities {oo['communities']} vs {po['communities']}; "
            f"betweenness k = {oo['betweenness_k'] or 'exact'}")
        if persons <= args.exact_max:
            b = run_step("bench.analysis", "brokers", *common)
            (sp, ov), (usp, uov) = b["stratified"], b["uniform_q"]
            note = "" if b["default"] else " [exact by default at this size; k = 10% shown]"
            say(f"  brokers{note}: exact {b['exact']:.2f} s; sampled k={b['k']} stratified {b['approx']:.2f} s "
                f"(ratio {b['approx'] / b['exact']:.3f}) Spearman {sp:.3f} top-30 overlap {ov:.2f}; "
                f"uniform {b['uniform'] / b['exact']:.3f}x Spearman {usp:.3f} top-30 {uov:.2f}"
                f"   (target <= 0.1x, >= 0.88, >= 0.9)")
        if persons <= args.nx_max:
            m = run_step("bench.analysis", "measures", *common)
            for nm in ("Louvain", "bridges", "constraint"):
                t_nx, t_ours, t_ig = m[nm]
                note = f" (networkx extrapolated from {m['sample']} persons)" if nm == "constraint" else ""
                say(f"  {nm:10} networkx {t_nx:8.2f}   ours {t_ours:7.3f}   igraph alone {t_ig:7.3f}   "
                    f"networkx/igraph {t_nx / t_ig:7.0f}x   ours/igraph {t_ours / t_ig:5.1f}x{note}")
    say(f"\nanalysis benchmark: {(time.perf_counter() - t_all) / 60:.1f} min")


if __name__ == "__main__":
    main(sys.argv[1:])
