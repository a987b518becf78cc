"""The server-drawn plan stays light with many units: 500 markers on the demo's base plan draw an SVG
under 200 KB (bench/vacancy_series.py reports the same figure)."""
from bench.vacancy_series import MARKERS, plan_size


def test_the_plan_with_500_markers_is_an_svg_under_200_kb():
    size = plan_size()
    assert size["markers"] == MARKERS
    assert size["svg_kb"] < 200, size
