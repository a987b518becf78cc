"""Every page type, public and staff, in each of the four languages: axe-core finds nothing,
<html lang dir> follow the language, charts have a text alternative and a table, status badges
have text, each at 1280 px and at 390 px (a phone); and every page reflows at 320 px, 390 px and
640 px (a 1280 px window zoomed to 200 %) without horizontal scrolling. In Persian the layout is mirrored: the RTL stylesheet, tables
starting at the right, progress bars filling from the right, charts drawn right to left.

One browser context per language walks all the pages (two tabs, so that axe checks one page
while the next one loads); every problem of every page is reported at once."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from portal.tests.a11y.conftest import LANGUAGES, sign_in
from portal.tests.a11y.pages import public_pages, staff_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_STATUS = {"404": 404, "403": 403}
AXE_SOURCE = Axe().axe_script
TABS = 2
PHONE_WIDTH = 390
AXE_WIDTHS = (1280, PHONE_WIDTH)
NARROW_WIDTHS = (320, PHONE_WIDTH, 640)

# What the page says about itself, checked in every language (see _page_problems).
PROBE = """() => {
  const html = document.documentElement;
  const rtl = html.dir === "rtl";
  const edge = (inner, outer) => {
    const a = inner.getBoundingClientRect(), b = outer.getBoundingClientRect();
    return Math.abs(rtl ? b.right - a.right : a.left - b.left) <= 2;
  };
  const charts = [...document.querySelectorAll("canvas")].filter((canvas) => {
    const described = canvas.getAttribute("aria-hidden") === "true"
      || (canvas.getAttribute("role") === "img" && (canvas.getAttribute("aria-label") || "").trim());
    const section = canvas.closest("section, article, main");
    return !(described && section && section.querySelector("table"));
  }).map((canvas) => canvas.outerHTML.slice(0, 120));
  const silentBadges = [...document.querySelectorAll(".badge")]
    .filter((badge) => !badge.textContent.trim()).map((badge) => badge.outerHTML.slice(0, 120));
  const tables = [...document.querySelectorAll("table")].filter((table) => {
    const first = table.querySelector("tr > :first-child");
    return first && table.offsetWidth && !edge(first, table);
  }).map((table) => (table.querySelector("caption") || table).textContent.trim().slice(0, 60));
  const shownBars = [...document.querySelectorAll(".progress > .progress-bar")].filter((bar) => bar.offsetWidth);
  const bars = shownBars.filter((bar) => !edge(bar, bar.parentElement)).length;
  const drawn = window.Chart ? [...document.querySelectorAll("canvas")].map((c) => window.Chart.getChart(c)).filter(Boolean) : [];
  const unmirroredCharts = drawn.filter((chart) => Boolean(chart.scales.x.options.reverse) !== rtl).length;
  const stylesheets = [...document.querySelectorAll("link[rel=stylesheet]")].map((link) => link.href);
  return {
    lang: html.lang, dir: html.dir, rtlStylesheet: stylesheets.some((href) => href.includes("bootstrap.rtl")),
    charts, silentBadges, tables, bars, barsSeen: shownBars.length, chartsSeen: drawn.length, unmirroredCharts, tablesSeen: document.querySelectorAll("table").length,
  };
}"""

OVERFLOW = """() => {
  const root = document.documentElement;
  if (document.scrollingElement.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.right > root.clientWidth + 1 || box.left < -1;
  }).slice(-3).map((element) => element.outerHTML.slice(0, 100));
  return `scrollWidth ${document.scrollingElement.scrollWidth} > ${root.clientWidth}: ${wide.join(" | ")}`;
}"""


def _page_problems(probe, name, language):
    problems = []
    rtl = language == "fa"
    if (probe["lang"], probe["dir"]) != (language, "rtl" if rtl else "ltr"):
        problems.append(f"<html lang={probe['lang']} dir={probe['dir']}>")
    if probe["rtlStylesheet"] != rtl:
        problems.append("the RTL stylesheet is " + ("missing" if rtl else "used"))
    if probe["charts"]:
        problems.append(f"charts without a text alternative or a table: {probe['charts']}")
    if probe["silentBadges"]:
        problems.append(f"badges without text: {probe['silentBadges']}")
    if probe["tables"]:
        problems.append(f"tables not starting at the {'right' if rtl else 'left'}: {probe['tables']}")
    if probe["unmirroredCharts"]:
        problems.append(f"{probe['unmirroredCharts']} charts not {'mirrored' if rtl else 'left to right'}")
    if probe["bars"]:
        problems.append(f"{probe['bars']} progress bars not filling from the {'right' if rtl else 'left'}")
    return [f"{name}: {problem}" for problem in problems]


def _check(tabs, urls, language, seen):
    """axe and the probe on every (name, url) at each of AXE_WIDTHS; `seen` counts the tables and bars
    checked. At the phone width each page, once checked, is also narrowed and widened to each of
    NARROW_WIDTHS: the layout follows the viewport, without loading the page again."""
    problems = []
    for width in AXE_WIDTHS:
        for tab in tabs:
            tab.set_viewport_size({"width": width, "height": 900})
        reflow_widths = NARROW_WIDTHS if width == PHONE_WIDTH else ()
        problems += _check_at_width(tabs, urls, language, seen, width, reflow_widths)
    return problems


def _check_at_width(tabs, urls, language, seen, width, reflow_widths):
    """axe and the probe on every (name, url), two tabs at a time."""
    problems = []
    for start in range(0, len(urls), len(tabs)):
        running = []
        for tab, (name, url) in zip(tabs, urls[start:start + len(tabs)]):
            response = tab.goto(url)
            expected = EXPECTED_STATUS.get(name, 200)
            if response.status != expected:
                problems.append(f"{name} ({url}): status {response.status}, expected {expected}")
                continue
            tab.evaluate("() => { window.axeResults = axe.run({resultTypes: ['violations']}); }")
            running.append((tab, name, url))
        for tab, name, url in running:
            for violation in tab.evaluate("window.axeResults")["violations"]:
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{name} ({url}) at {width} px: axe {violation['id']} – {violation['help']} {targets}")
            probe = tab.evaluate(PROBE)
            problems += [f"{problem} at {width} px" for problem in _page_problems(probe, name, language)]
            seen["tables"] += probe["tablesSeen"]
            seen["bars"] += probe["barsSeen"]
            seen["charts"] += probe["chartsSeen"]
            problems += _reflow_problems(tab, name, reflow_widths)
            if reflow_widths:
                tab.set_viewport_size({"width": width, "height": 900})
    return problems


def _reflow_problems(tab, name, widths):
    problems = []
    for width in widths:
        tab.set_viewport_size({"width": width, "height": 800})
        overflow = tab.evaluate(OVERFLOW)
        if overflow:
            problems.append(f"{name} at {width} px: {overflow}")
    return problems


def _walk_every_page_type(language, open_context, live_server):
    first = open_context(language)
    first.context.add_init_script(AXE_SOURCE)  # loaded with every page, not injected after it
    tabs = [first, *(first.context.new_page() for _tab in range(TABS - 1))]
    public = public_pages()
    seen = {"tables": 0, "bars": 0, "charts": 0}
    problems = _check(tabs, public, language, seen)
    sign_in(first.context, live_server, "admin")
    problems += _check(tabs, staff_pages(), language, seen)
    sign_in(first.context, live_server, "mayor")  # reads everything, may change nothing
    problems += _check(tabs, [("403", reverse("initiatives:create"))], language, seen)
    assert seen["tables"] > 20 and seen["bars"] > 5 and seen["charts"] > 3, f"the mirroring checks saw too little: {seen}"
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(problems)


# One class per language: the test runner's workers take a class each (pytest-xdist --dist loadscope),
# so the four walks, the longest tests of the suite, run side by side.
class TestEnglish:
    def test_every_page_type(self, demo_town, open_context, live_server):
        _walk_every_page_type("en", open_context, live_server)


class TestSlovenian:
    def test_every_page_type(self, demo_town, open_context, live_server):
        _walk_every_page_type("sl", open_context, live_server)


class TestPolish:
    def test_every_page_type(self, demo_town, open_context, live_server):
        _walk_every_page_type("pl", open_context, live_server)


class TestPersian:
    def test_every_page_type(self, demo_town, open_context, live_server):
        _walk_every_page_type("fa", open_context, live_server)


def test_every_language_is_walked():
    assert {"en", "sl", "pl", "fa"} == set(LANGUAGES)
