"""Small cells: hidden, and never recoverable from a total by subtraction."""

import itertools

import pytest

from reporting.suppression import Cell, build_grid, suppress_linked


def shown(grid):
    rows = [[cell.shown(grid.threshold) for cell in row] for row in grid.cells]
    return rows


def hidden_positions(grid):
    return {(r, c) for r, row in enumerate(grid.cells) for c, cell in enumerate(row) if cell.suppressed}


def test_a_count_under_the_threshold_is_hidden_and_zero_is_shown():
    grid = build_grid([[0, 3, 12]], row_totals=False, column_totals=False, threshold=5)
    assert shown(grid) == [["0", "x", "12"]]


def test_a_small_cell_and_its_complement_read_the_same():
    """Marked apart ("< 5" and "x"), they would tell which one is 5 or more: with a total of 6,
    "< 5" + "x" (at least 5) = 6 gives back 1 and 5. One mark for both leaves 0 to 6 each."""
    grid = build_grid([[1, 5]], row_totals=True, column_totals=False, threshold=5)
    assert [cell.suppressed for cell in grid.cells[0]] == [True, True]
    assert shown(grid) == [["x", "x"]]
    assert grid.row_totals[0].shown(5) == "6"
    # A complement that is a zero (the last visible cell of its line) reads the same too: the 9
    # hidden for column 1 leaves row 1 with one hidden cell, and its only other cell is a 0.
    grid = build_grid([[3, 4], [0, 9]], row_totals=True, column_totals=True, threshold=5)
    assert grid.cells[1][0].suppressed and grid.cells[1][0].value == 0
    assert shown(grid) == [["x", "x"], ["x", "x"]]
    assert {cell.shown(5) for row in grid.cells for cell in row if cell.suppressed} == {"x"}


def test_the_legend_explains_the_one_mark_with_the_threshold():
    from reporting.suppression import hidden_legend

    legend = hidden_legend(5)
    assert legend.startswith("« x »")
    assert "sous 5" in legend


def test_with_a_row_total_a_second_cell_of_the_row_is_hidden_the_smallest_non_zero():
    grid = build_grid([[0, 3, 12, 7]], row_totals=True, column_totals=False, threshold=5)
    assert shown(grid) == [["0", "x", "12", "x"]]
    assert grid.row_totals[0].shown(5) == "22"


def test_a_row_whose_only_other_cell_is_the_total_hides_the_total():
    grid = build_grid([[2, 0]], row_totals=True, column_totals=False, threshold=5)
    # The total equals the hidden cell: under the threshold it is hidden by the first rule already.
    assert shown(grid) == [["x", "0"]]
    assert grid.row_totals[0].suppressed


def test_a_column_with_a_total_row_gets_its_complement_too():
    # One column with a total: "by region" tables.
    grid = build_grid([[40], [3], [25], [9]], row_totals=False, column_totals=True, threshold=5)
    assert [row[0] for row in shown(grid)] == ["40", "x", "25", "x"]
    assert grid.column_totals[0].shown(5) == "77"


def test_hiding_a_complement_in_a_row_can_call_for_another_in_its_column():
    values = [
        [3, 10, 20],
        [8, 9, 30],
        [15, 40, 50],
    ]
    grid = build_grid(values, row_totals=True, column_totals=True, threshold=5)
    hidden = hidden_positions(grid)
    # (0,0) is small; its row hides (0,1) (10 < 20); column 0 then needs a second: (1,0)=8;
    # column 1 needs a second: (1,1)=9; row 1 then has two hidden cells: safe.
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}


@pytest.mark.parametrize("seed", range(30))
def test_no_line_with_a_total_ever_has_exactly_one_hidden_cell(seed):
    import random

    rng = random.Random(seed)
    values = [[rng.choice([0, 1, 2, 4, 5, 6, 20, 90]) for _ in range(4)] for _ in range(5)]
    grid = build_grid(values, row_totals=True, column_totals=True, threshold=5)
    lines = [[*row, total] for row, total in zip(grid.cells, grid.row_totals, strict=True)]
    lines += [[row[c] for row in grid.cells] + [grid.column_totals[c]] for c in range(4)]
    lines.append([*grid.row_totals, grid.grand_total])
    lines.append([*grid.column_totals, grid.grand_total])
    for line in lines:
        assert sum(cell.suppressed for cell in line) != 1
    for cell in itertools.chain.from_iterable(grid.cells):
        if 0 < cell.value < 5:
            assert cell.suppressed


def test_the_threshold_is_a_setting(settings):
    from reporting.suppression import small_cell_threshold

    settings.REPORTING_SMALL_CELL = 10
    assert small_cell_threshold() == 10


def test_linked_tables_hide_across_each_other_until_no_subtraction_is_left():
    """Table B's total is the sum of A's first two columns: with one of them hidden in A, B's own
    cells must not give it back, nor A's visible column give back B's hidden one."""
    a = build_grid([[3, 10, 8], [12, 9, 20]], row_totals=True, column_totals=True, threshold=5)
    b = build_grid([[2], [32]], row_totals=False, column_totals=True, threshold=5)
    assert [cell.shown(5) for cell in a.column_totals] == ["15", "19", "28"]
    suppress_linked([a, b], [(a.column_totals[:2], b.column_totals[0])])
    # A's 15 and 19 are both shown and B's total 34 = 15 + 19: nothing hidden needs hiding there;
    # B's 2 (small) gets its complement 32 in B.
    assert [[cell.shown(5) for cell in row] for row in b.cells] == [["x"], ["x"]]
    c = build_grid([[3, 10]], row_totals=False, column_totals=True, threshold=5)
    d = build_grid([[13]], row_totals=False, column_totals=True, threshold=5)
    suppress_linked([c, d], [(c.column_totals, d.column_totals[0])])
    # C's 3 is hidden; D's 13 = 3 + 10 would give it back: C's 10 is hidden as well (the interior first).
    assert [cell.shown(5) for cell in c.column_totals] == ["x", "x"]
    assert d.column_totals[0].shown(5) == "13"


def test_an_equality_link_hides_both_sides():
    left, right = Cell(3, suppressed=True), Cell(3)
    suppress_linked([], [([left], right)])
    assert right.suppressed
