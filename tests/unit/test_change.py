"""Change between two moments (netwerk/analysis/change.py): tie change by hand on a tiny two-wave
graph; structure, Jaccard, Hamming and the graph correlation against R sna on the s50 excerpt of
the Teenage Friends and Lifestyle Study (tests/data/s50/, sna_change.csv recorded by
sna_change.R); the vectorised node bootstrap against a plain loop over induced sub-matrices
(bench/change.py's baseline);
and the bootstrap's coverage and false-alarm rate by simulation."""

from __future__ import annotations

import math
from pathlib import Path
from statistics import NormalDist

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from bench.change import plain_statistic
from netwerk.analysis.change import (
    BOOTSTRAP_COLUMNS,
    BOOTSTRAP_STATISTICS,
    STRUCTURE_KEYS,
    aligned_moments,
    bootstrap,
    bootstrap_ratio,
    qap_correlation,
    resample_actors,
    sample_counts,
    statistic_batch,
    structure,
    tie_change,
)
from netwerk.analysis.directed import directed_summary
from netwerk.analysis.summary import network_summary

S50 = Path(__file__).resolve().parents[1] / "data" / "s50"  # see SOURCE.md there


def s50(wave: int, directed: bool = True) -> nx.Graph:
    m = np.loadtxt(S50 / f"s50-network{wave}.dat")
    G = nx.relabel_nodes(nx.from_numpy_array(m, create_using=nx.DiGraph), {i: f"s{i + 1:02d}" for i in range(50)})
    return G if directed else G.to_undirected()  # weak symmetrisation, as sna's symmetrize(rule = "weak")


def sna(network: str) -> dict:
    t = pd.read_csv(S50 / "sna_change.csv")
    t = t[t["network"] == network]
    return dict(zip(t["measure"], t["value"], strict=True))


# --- tie change by hand ----------------------------------------------------------------------


def tiny_undirected() -> tuple[nx.Graph, nx.Graph]:
    # before: a-b (2), b-c (1), c-d (3), d-e (1); after: a-b (5), c-d (1), a-c (2), d-f (1).
    # e left, f joined; common actors a, b, c, d: kept a-b, c-d; new a-c; lost b-c.
    before = nx.Graph()
    before.add_weighted_edges_from([("a", "b", 2), ("b", "c", 1), ("c", "d", 3), ("d", "e", 1)])
    after = nx.Graph()
    after.add_weighted_edges_from([("a", "b", 5), ("c", "d", 1), ("a", "c", 2), ("d", "f", 1)])
    return before, after


def test_tie_change_by_hand_undirected_weighted():
    before, after = tiny_undirected()
    tc = tie_change(before, after)
    assert (tc.actors, tc.joined, tc.left, tc.directed) == (4, 1, 1, False)
    assert (tc.ties_before, tc.ties_after) == (3, 3)
    assert (tc.kept, tc.new, tc.lost, tc.hamming) == (2, 1, 1, 2)
    assert tc.jaccard == pytest.approx(2 / 4)
    assert tc.mean_strength_before == pytest.approx((2 + 3) / 2)
    assert tc.mean_strength_after == pytest.approx((5 + 1) / 2)
    assert tc.strength_change == pytest.approx(0.5)
    assert list(tc.as_dict()) == ["actors", "joined", "left", "directed", "ties_before", "ties_after", "kept",
                                  "new", "lost", "jaccard", "hamming", "mean_strength_before", "mean_strength_after",
                                  "strength_change"]


def test_tie_change_by_hand_directed():
    # before a->b, b->a, b->c; after a->b, c->b, c->a: kept a->b; new c->b, c->a; lost b->a, b->c
    before = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    after = nx.DiGraph([("a", "b"), ("c", "b"), ("c", "a")])
    tc = tie_change(before, after)
    assert (tc.actors, tc.joined, tc.left, tc.directed) == (3, 0, 0, True)
    assert (tc.kept, tc.new, tc.lost, tc.hamming) == (1, 2, 2, 4)
    assert tc.jaccard == pytest.approx(1 / 5)
    assert tc.mean_strength_before == tc.mean_strength_after == 1.0  # no weight attribute: strength 1
    assert tc.strength_change == 0.0


def test_tie_change_given_actors_and_undefined_values():
    before, after = tiny_undirected()
    # over a, b, e, f: before a-b; after a-b (e has no ties after, f none before)
    tc = tie_change(before, after, actors=["a", "b", "e", "f"])
    assert (tc.actors, tc.kept, tc.new, tc.lost) == (4, 1, 0, 0)
    empty = tie_change(nx.Graph([("x", "y")]), nx.Graph([("z", "w")]))
    assert empty.actors == 0 and (empty.joined, empty.left) == (2, 2)
    assert math.isnan(empty.jaccard) and math.isnan(empty.strength_change)
    with pytest.raises(ValueError, match="directed"):
        tie_change(nx.Graph(), nx.DiGraph())


def test_unknown_strength_is_a_tie_left_out_of_the_means():
    # trust of a rating without that item is None: a tie, but not in the mean trust
    before = nx.DiGraph()
    before.add_edges_from([("a", "b", {"trust": 2.0}), ("b", "c", {"trust": None}), ("c", "a", {"trust": 3.0})])
    after = nx.DiGraph()
    after.add_edges_from([("a", "b", {"trust": 4.0}), ("b", "c", {"trust": 3.0}), ("c", "a", {"trust": None})])
    tc = tie_change(before, after, weight="trust")
    assert (tc.kept, tc.new, tc.lost) == (3, 0, 0)
    assert (tc.mean_strength_before, tc.mean_strength_after) == (2.0, 4.0)  # only a->b is known at both
    s = structure(before, weight="trust")
    assert s["ties"] == 3 and s["density"] == pytest.approx(3 / 6)
    assert s["mean_strength"] == pytest.approx((2 + 3) / 2)
    t = bootstrap(before, after, "mean_strength", n_samples=20, weight="trust").iloc[0]
    assert (t["estimate_before"], t["estimate_after"]) == (pytest.approx(2.5), pytest.approx(3.5))
    with pytest.raises(ValueError, match="trust"):
        qap_correlation(before, after, weight="trust")


def test_structure_by_hand_directed():
    # a <-> b, b -> c: n 3, m 3; dyads: 1 mutual, 1 asymmetric, 1 null; one two-path a->b->c, open;
    # in+out degree 2, 3, 1 -> (1 + 0 + 2) / (2 * 2 * 1); betweenness b = 1 -> (1 + 1) / (2^2 * 1)
    s = structure(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")]))
    assert list(s) == list(STRUCTURE_KEYS)
    assert (s["actors"], s["ties"]) == (3, 3)
    assert s["density"] == pytest.approx(3 / 6)
    assert s["reciprocity_dyadic"] == pytest.approx(2 / 3)
    assert s["reciprocity_edgewise"] == pytest.approx(2 / 3)
    assert s["transitivity"] == 0.0
    assert s["degree_centralisation"] == pytest.approx(3 / 4)
    assert s["betweenness_centralisation"] == pytest.approx(2 / 4)
    assert s["mean_strength"] == 1.0


def test_structure_by_hand_undirected_star_and_undefined():
    star = nx.star_graph(4)  # centre 0 and 4 leaves: both centralisations are 1, no triangle
    s = structure(star)
    assert s["degree_centralisation"] == pytest.approx(1.0)
    assert s["betweenness_centralisation"] == pytest.approx(1.0)
    assert s["transitivity"] == 0.0 and s["density"] == pytest.approx(4 / 10)
    assert math.isnan(s["reciprocity_dyadic"]) and math.isnan(s["reciprocity_edgewise"])
    lone = structure(nx.Graph([("a", "b")]))
    assert lone["density"] == 1.0
    assert all(math.isnan(lone[k]) for k in ("transitivity", "degree_centralisation", "betweenness_centralisation"))
    assert math.isnan(structure(nx.Graph())["density"])


# --- against R sna on the s50 data -----------------------------------------------------------

SNA_NAMES = {
    "density": "gden",
    "reciprocity_dyadic": "grecip_dyadic",
    "reciprocity_edgewise": "grecip_edgewise",
    "transitivity": "gtrans",
    "degree_centralisation": "degree_centralization",
    "betweenness_centralisation": "betweenness_centralization",
}


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
def test_structure_equals_sna_on_s50(directed):
    ref = sna("directed" if directed else "undirected")
    for wave in (1, 2):
        s = structure(s50(wave, directed))
        for ours, theirs in SNA_NAMES.items():
            key = f"{theirs}_w{wave}"
            if key in ref:
                assert s[ours] == pytest.approx(ref[key], abs=1e-10), (wave, ours)
            else:
                assert math.isnan(s[ours]) and ours.startswith("reciprocity")
    assert sum(1 for k in ref if k.endswith("_w1")) == (6 if directed else 4)


def test_structure_agrees_with_networkx_and_directed_summary_on_s50():
    for wave in (1, 2):
        D, U = s50(wave), s50(wave, directed=False)
        s, d = structure(D), directed_summary(D)
        for k in ("density", "reciprocity_dyadic", "reciprocity_edgewise"):
            assert s[k] == pytest.approx(d[k], abs=1e-12)
        assert structure(U)["transitivity"] == pytest.approx(nx.transitivity(U), abs=1e-12)
        assert structure(U)["density"] == pytest.approx(nx.density(U), abs=1e-12)
        # the whole-network figure the other pages show is the same density
        assert structure(U)["density"] == pytest.approx(network_summary(U).density, abs=1e-12)


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
def test_tie_change_and_gcor_equal_sna_on_s50(directed):
    ref = sna("directed" if directed else "undirected")
    tc = tie_change(s50(1, directed), s50(2, directed))
    assert (tc.kept, tc.new, tc.lost) == (ref["kept"], ref["new"], ref["lost"])
    assert tc.hamming == ref["hdist"]
    assert tc.jaccard == pytest.approx(ref["jaccard"], abs=1e-10)
    assert (tc.actors, tc.joined, tc.left) == (50, 0, 0)
    q = qap_correlation(s50(1, directed), s50(2, directed), n_permutations=200, seed=3)
    assert q.correlation == pytest.approx(ref["gcor"], abs=1e-10)
    # the waves are strongly alike: no relabelling of 200 comes near
    assert q.p_greater == q.p_two_sided == pytest.approx(1 / 201)
    assert abs(q.permutation_mean) < 0.01 and 0 < q.permutation_sd < 0.05
    assert (q.n_permutations, q.seed, q.actors, q.directed) == (200, 3, 50, directed)


# --- QAP ---------------------------------------------------------------------------------------


def test_qap_permutations_equal_a_plain_loop():
    before, after = s50(1), s50(2)
    M = aligned_moments(before, after)
    n, B, seed = len(M.actors), 60, 11
    perms = np.random.default_rng(seed).permuted(np.tile(np.arange(n), (B, 1)), axis=1)
    off = ~np.eye(n, dtype=bool)
    x = M.ties_before[off]
    loop = [np.corrcoef(x, M.ties_after[np.ix_(p, p)][off])[0, 1] for p in perms]
    r = np.corrcoef(x, M.ties_after[off])[0, 1]
    q = qap_correlation(before, after, n_permutations=B, seed=seed)
    assert q.correlation == pytest.approx(r)
    assert q.permutation_mean == pytest.approx(np.mean(loop))
    assert q.permutation_sd == pytest.approx(np.std(loop, ddof=1))


def test_qap_identical_unrelated_and_degenerate():
    G = s50(1)
    same = qap_correlation(G, G, n_permutations=100)
    assert same.correlation == pytest.approx(1.0) and same.p_greater == pytest.approx(1 / 101)
    # a moment relabelled at random is unrelated to the first: the p-value is not small
    rng = np.random.default_rng(0)
    shuffled = nx.relabel_nodes(s50(2), dict(zip(sorted(G), rng.permutation(sorted(G)), strict=True)))
    assert qap_correlation(G, shuffled, n_permutations=500, seed=1).p_two_sided > 0.05
    empty = qap_correlation(nx.DiGraph([("a", "b")]), nx.DiGraph([("a", "b")]))
    assert math.isnan(empty.correlation)  # 2 actors
    with pytest.raises(ValueError):
        qap_correlation(G, G, n_permutations=0)


def test_qap_rejects_unrelated_moments_at_its_level():
    # two independent random networks of 20 actors, 150 times: p_two_sided < 0.05 in about 5%
    rng = np.random.default_rng(17)
    rejected = 0
    for run in range(150):
        a, b = (nx.gnp_random_graph(20, 0.2, seed=int(rng.integers(1 << 30)), directed=True) for _ in range(2))
        rejected += qap_correlation(a, b, n_permutations=199, seed=run).p_two_sided < 0.05
    print(f"\nQAP on unrelated moments: rejected at alpha 0.05 in {rejected / 150:.3f} of runs")
    assert rejected / 150 <= 0.09  # 5% expected; 0.09 is beyond 2.5 binomial standard errors


# --- node bootstrap ----------------------------------------------------------------------------


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
def test_bootstrap_batches_equal_a_plain_loop_per_sample(directed):
    before, after = s50(1, directed), s50(2, directed)
    for G in (before, after):  # strengths 1..3 so that mean_strength is not constant
        for k, (u, v) in enumerate(sorted(G.edges())):
            G[u][v]["weight"] = 1 + k % 3
    M = aligned_moments(before, after)
    n = len(M.actors)
    draws = resample_actors(n, 40, seed=5)
    W = sample_counts(draws, n)
    assert (W.sum(axis=1) == n).all()
    names = [s for s in BOOTSTRAP_STATISTICS if directed or not s.startswith("reciprocity")]
    for name in names:
        fast = statistic_batch(name, M.ties_after, M.strength_after, W, directed)
        slow = [plain_statistic(name, M.ties_after, M.strength_after, d, directed) for d in draws]
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-12, err_msg=name)
    table = bootstrap(before, after, statistics=names, n_samples=40, seed=5)
    for name in names:
        row = table.set_index("statistic").loc[name]
        x0 = [plain_statistic(name, M.ties_before, M.strength_before, d, directed) for d in draws]
        x1 = [plain_statistic(name, M.ties_after, M.strength_after, d, directed) for d in draws]
        assert row["se_before"] == pytest.approx(np.std(x0, ddof=1))
        assert row["se_after"] == pytest.approx(np.std(x1, ddof=1))
        assert row["se_difference"] == pytest.approx(np.std(np.subtract(x1, x0), ddof=1))
        assert row["estimate_before"] == pytest.approx(structure(before)[name], nan_ok=True)
        assert row["estimate_after"] == pytest.approx(structure(after)[name], nan_ok=True)


def test_bootstrap_ratio_by_hand_and_against_a_plain_loop():
    """The mean over units counted per pair (e.g. trust over ratings): sum / count per moment,
    and per sample the same over the drawn actors' pairs (two copies of one actor: no pair)."""
    # 3 actors. Before: 0->1 two ratings summing 5, 1->2 one rating of 3; after: 0->1 one rating 4, 2->0 one 2.
    num0, den0 = np.array([[0, 5, 0], [0, 0, 3], [0, 0, 0]]), np.array([[0, 2, 0], [0, 0, 1], [0, 0, 0]])
    num1, den1 = np.array([[0, 4, 0], [0, 0, 0], [2, 0, 0]]), np.array([[0, 1, 0], [0, 0, 0], [1, 0, 0]])
    r = bootstrap_ratio(num0, den0, num1, den1, n_samples=50, seed=3, statistic="trust")
    assert list(r) == list(BOOTSTRAP_COLUMNS)
    assert (r["statistic"], r["actors"], r["n_samples"], r["seed"]) == ("trust", 3, 50, 3)
    assert r["estimate_before"] == pytest.approx(8 / 3) and r["estimate_after"] == pytest.approx(6 / 2)
    assert r["difference"] == pytest.approx(3 - 8 / 3)
    draws = resample_actors(3, 50, seed=3)

    def plain(num, den, d):
        top = sum(num[a, b] for a in d for b in d if a != b)
        bottom = sum(den[a, b] for a in d for b in d if a != b)
        return top / bottom if bottom else math.nan

    x0 = np.array([plain(num0, den0, d) for d in draws])
    x1 = np.array([plain(num1, den1, d) for d in draws])
    ok = ~np.isnan(x1 - x0)
    assert r["n_valid"] == ok.sum()
    assert r["se_difference"] == pytest.approx(np.std((x1 - x0)[ok], ddof=1))
    z = NormalDist().inv_cdf(0.975)
    assert r["ci_low"] == pytest.approx(r["difference"] - z * r["se_difference"])
    with pytest.raises(ValueError):
        bootstrap_ratio(num0, den0, num1[:2, :2], den1, n_samples=50)
    two = bootstrap_ratio(num0[:2, :2], den0[:2, :2], num1[:2, :2], den1[:2, :2])
    assert math.isnan(two["ci_low"]) and two["actors"] == 2


def test_bootstrap_table_shape_seed_and_intervals():
    before, after = s50(1), s50(2)
    t = bootstrap(before, after, n_samples=200, seed=7)
    assert list(t.columns) == list(BOOTSTRAP_COLUMNS)
    assert list(t["statistic"]) == list(BOOTSTRAP_STATISTICS)
    assert (t["n_samples"] == 200).all() and (t["seed"] == 7).all() and (t["actors"] == 50).all()
    assert (t["n_valid"] == 200).all() and (t["interval"] == "normal").all()
    pd.testing.assert_frame_equal(t, bootstrap(before, after, n_samples=200, seed=7))
    assert not t.equals(bootstrap(before, after, n_samples=200, seed=8))
    z = NormalDist().inv_cdf(0.975)
    d = t.set_index("statistic").loc["density"]
    assert d["difference"] == pytest.approx(116 / 2450 - 113 / 2450)
    assert d["ci_low"] == pytest.approx(d["difference"] - z * d["se_difference"])
    assert d["ci_high"] == pytest.approx(d["difference"] + z * d["se_difference"])
    assert d["p_value"] == pytest.approx(math.erfc(abs(d["difference"]) / d["se_difference"] / math.sqrt(2)))
    # the waves share actors: the paired difference varies less than two independent moments would
    assert d["se_difference"] < math.hypot(d["se_before"], d["se_after"])
    undirected = bootstrap(s50(1, False), s50(2, False), n_samples=20)
    assert list(undirected["statistic"]) == [s for s in BOOTSTRAP_STATISTICS if not s.startswith("reciprocity")]
    p = bootstrap(before, after, "density", n_samples=200, seed=7, interval="percentile").iloc[0]
    assert p["ci_low"] < d["difference"] < p["ci_high"] and p["se_difference"] == d["se_difference"]


def test_bootstrap_degenerate_and_errors():
    G = s50(1)
    same = bootstrap(G, G, ["density", "transitivity"], n_samples=50).set_index("statistic")
    assert (same["difference"] == 0).all() and (same["se_difference"] == 0).all()
    assert (same["p_value"] == 1.0).all()
    tiny = bootstrap(nx.Graph([("a", "b")]), nx.Graph([("a", "b")]), "density", n_samples=10)
    assert tiny.iloc[0]["actors"] == 2 and math.isnan(tiny.iloc[0]["difference"])
    with pytest.raises(ValueError):
        bootstrap(G, G, "betweenness_centralisation")
    with pytest.raises(ValueError):
        bootstrap(G, G, "density", interval="bca")


# --- statistical behaviour by simulation ----------------------------------------------------------
#
# Two waves of n actors with sociability u_i ~ U(0.5, 1.5) (mean 1): a directed tie i -> j at
# wave 1 with probability p1 u_i u_j; at wave 2 a tie is kept with probability 0.6 and a new
# one appears with the probability that makes its marginal p2 u_i u_j. The expected density
# is p1 at wave 1 and p2 at wave 2 (E[u_i u_j] = 1), so the true change is p2 - p1.

SIM_N, SIM_RUNS, SIM_SAMPLES, STABILITY = 40, 400, 400, 0.6


def two_waves(rng: np.random.Generator, n: int, p1: float, p2: float) -> tuple[nx.DiGraph, nx.DiGraph]:
    u = rng.uniform(0.5, 1.5, n)
    uu = np.outer(u, u)
    a = rng.random((n, n)) < p1 * uu
    new = (p2 - STABILITY * p1) * uu / (1 - p1 * uu)
    b = np.where(a, rng.random((n, n)) < STABILITY, rng.random((n, n)) < new)
    np.fill_diagonal(a, False)
    np.fill_diagonal(b, False)
    return (nx.from_numpy_array(a.astype(float), create_using=nx.DiGraph),
            nx.from_numpy_array(b.astype(float), create_using=nx.DiGraph))


def simulate(p1: float, p2: float, seed: int) -> tuple[float, float]:
    """(share of runs whose 95% interval covers p2 - p1, share with p < 0.05)."""
    rng = np.random.default_rng(seed)
    covered = rejected = 0
    for run in range(SIM_RUNS):
        before, after = two_waves(rng, SIM_N, p1, p2)
        row = bootstrap(before, after, "density", n_samples=SIM_SAMPLES, seed=run).iloc[0]
        covered += row["ci_low"] <= p2 - p1 <= row["ci_high"]
        rejected += row["p_value"] < 0.05
    return covered / SIM_RUNS, rejected / SIM_RUNS


def test_simulated_change_is_covered_by_the_interval():
    coverage, power = simulate(0.10, 0.15, seed=2026)
    print(f"\ncoverage of the true density change 0.05 by the 95% interval: {coverage:.3f}; power {power:.3f}")
    assert coverage >= 0.90
    assert power >= 0.5  # and the interval is not uselessly wide


def test_simulated_no_change_is_rarely_called_a_change():
    coverage, false_alarms = simulate(0.10, 0.10, seed=2027)
    print(f"\nno change: rejected at alpha 0.05 in {false_alarms:.3f} of runs (coverage {coverage:.3f})")
    assert false_alarms <= 0.07
