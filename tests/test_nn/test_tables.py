"""Tests of nn.tables: measurements as text, HTML and Markdown tables, laid out as explain and the summary are."""

from __future__ import annotations

import math

import pytest

import nn
from nn.tables import format_value


def rows():
    return [{"variant": "batch", "steps": 40, "seconds": 1.23456, "test accuracy": 0.95, "reached": True},
            {"variant": "stochastic", "steps": None, "seconds": 0.5, "test accuracy": 1.0, "reached": False}]


def test_text_is_aligned_numbers_right_text_left():
    text = str(nn.Table(rows(), title="Variants", formats={"test accuracy": "{:.0%}"}))
    assert text.splitlines() == [
        "Variants",
        "variant     steps  seconds  test accuracy  reached",
        "----------  -----  -------  -------------  -------",
        "batch          40     1.23            95%  yes",
        "stochastic      -      0.5           100%  no",
    ]
    assert repr(nn.Table(rows())) == str(nn.Table(rows()))


def test_columns_choose_and_order_what_is_shown():
    table = nn.Table(rows(), columns=["seconds", "variant"])
    assert str(table).splitlines()[0] == "seconds  variant"
    assert table.column("variant") == ["batch", "stochastic"]
    with pytest.raises(KeyError, match="no column 'steps'"):
        table.column("steps")
    uneven = nn.Table([{"a": 1}, {"b": 2.5}])
    assert uneven.columns == ["a", "b"] and uneven.cells() == [["1", "-"], ["-", "2.5"]]


def test_html_escapes_and_right_aligns_numbers():
    table = nn.Table([{"name": "<relu>", "ms": 0.25}], title="a & b")
    page = table._repr_html_()
    assert page.startswith("<table><caption>a &amp; b</caption>")
    assert '<td style="text-align: left">&lt;relu&gt;</td>' in page
    assert '<td style="text-align: right">0.25</td>' in page and page.endswith("</tbody></table>")


def test_markdown():
    table = nn.Table([{"lr": 0.5, "note": "a|b"}], formats={"lr": lambda v: f"lr={v}"})
    assert table.to_markdown() == "| lr | note |\n| ---: | --- |\n| lr=0.5 | a\\|b |"
    assert nn.Table([{"a": 1}], title="T").to_markdown().startswith("**T**\n\n| a |")


@pytest.mark.parametrize("value, text", [
    (0.123456, "0.123"), (12.3456, "12.3"), (999.7, "1000"), (1234.5, "1234"), (123456.7, "123457"),
    (2.5e9, "2.5e+09"), (-0.5, "-0.5"), (0.0, "0"), (1e-7, "1e-07"), (math.nan, "nan"), (-math.inf, "-inf"),
    (7, "7"), (None, "-"), (False, "no"), ("tanh", "tanh"),
])
def test_values_are_short(value, text):
    assert format_value(value) == text


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match=r"formats names columns the table does not have: \['x'\]"):
        nn.Table(rows(), formats={"x": "{}"})
    with pytest.raises(ValueError, match="digits must be a whole number >= 1; got 0"):
        nn.Table(rows(), digits=0)


def test_the_layout_is_the_one_text_table_of_explain_and_the_model_summary():
    from autograd.pictures.tables import html_table, text_table

    table = nn.Table(rows(), title="Variants")
    cells, right = table.cells(), [False, True, True, True, False]
    assert str(table) == "Variants\n" + text_table(table.columns, cells, right)
    assert table._repr_html_() == html_table(table.columns, cells, right, caption="Variants")
    summary = str(nn.MLP(2, [3, 1], seed=0).summary()).splitlines()
    assert summary[1:] == text_table(["layer", "shape", "activation", "parameters"],
                                     [["layers.0", "2 -> 3", "relu", "9"], ["layers.1", "3 -> 1", "linear", "4"],
                                      ["total", "", "", "13"]], [False, False, False, True], rule=False).splitlines()
    with pytest.raises(ValueError, match="one cell per column in every row: 2 columns, row 0 has 1 cells"):
        text_table(["a", "b"], [["1"]], [True, True])
    with pytest.raises(ValueError, match="one alignment per column: 2 columns, 1 alignments"):
        html_table(["a", "b"], [], right=[True])
