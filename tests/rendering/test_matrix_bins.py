"""Above a few hundred use cases the matrix draws squares of scores with a count, and a picked square stands for
every use case in it."""

from __future__ import annotations

from benchmarks.synthetic import realistic_portfolio
from planner.domain.scoring import rank_use_cases
from planner.rendering.matrix import (
    BIN_PREFIX,
    MATRIX_BIN,
    MATRIX_MAX_POINTS,
    build_matrix_figure,
    matrix_bins,
    picked_use_cases,
)


def test_a_large_portfolio_is_drawn_as_counted_squares_that_hold_every_use_case_once():
    w = realistic_portfolio(1_200, departments=25)
    ranking = rank_use_cases(w, explain=False)
    assert len(ranking) > MATRIX_MAX_POINTS
    on = [s.use_case_id for s in ranking[:50]]
    bins = matrix_bins(ranking, on)
    held = [uc_id for b in bins for uc_id in b.ids]
    assert sorted(held) == sorted(s.use_case_id for s in ranking)  # none lost, none twice
    assert sum(b.on_roadmap for b in bins) == 50
    by_id = {s.use_case_id: s for s in ranking}
    for b in bins:
        for uc_id in b.ids:
            score = by_id[uc_id]
            assert abs(score.feasibility - b.feasibility) <= MATRIX_BIN / 2 or score.feasibility == 100
            assert abs(score.impact - b.impact) <= MATRIX_BIN / 2 or score.impact == 100
        assert [by_id[i].rank for i in b.ids] == sorted(by_id[i].rank for i in b.ids)  # best first
    figure = build_matrix_figure(ranking, w.use_cases, w.scoring, selected=on)
    points = sum(len(trace.x) for trace in figure.data)
    assert points == len(bins) < len(ranking)
    hover = figure.data[0].hovertext[0]
    assert f"{len(bins[0].ids):,} use case" in hover and "on the roadmap" in hover


def test_a_picked_square_stands_for_its_use_cases_and_a_picked_bubble_for_itself():
    w = realistic_portfolio(600, departments=20)
    ranking = rank_use_cases(w, explain=False)
    bins = matrix_bins(ranking)
    big = max(bins, key=lambda b: len(b.ids))
    assert big.key.startswith(BIN_PREFIX) and len(big.ids) > 1
    assert picked_use_cases([big.key], ranking) == list(big.ids)
    one = ranking[0].use_case_id
    assert picked_use_cases([one, big.key, one, "gone"], ranking) == list(dict.fromkeys([one, *big.ids]))


def test_a_small_portfolio_keeps_one_bubble_per_use_case():
    w = realistic_portfolio(40, departments=5)
    ranking = rank_use_cases(w, explain=False)
    figure = build_matrix_figure(ranking, w.use_cases, w.scoring)
    ids = [uc_id for trace in figure.data for uc_id in trace.customdata]
    assert sorted(ids) == sorted(s.use_case_id for s in ranking)
