"""The summary's figures as chart data (for json_script) and as rows for core.spreadsheet (CSV or .xlsx)."""
from decimal import Decimal

from django.utils.translation import gettext as _, pgettext


def _number(value):
    """A figure for a chart (display only; the tables and the CSV keep the exact Decimal)."""
    return None if value is None else float(value)


def chart_data(figures):
    """The data behind the summary's charts, for json_script; every chart repeats a table on the page."""
    programme, budget = figures["programme"], figures["programme"]["budget"]
    return {
        "status": {
            "type": "bar",
            "labels": [str(row["label"]) for row in programme["by_status"]],
            "datasets": [{"label": str(_("initiatives")), "data": [row["count"] for row in programme["by_status"]]}],
        },
        "theme": {
            "type": "bar",
            "horizontal": True,
            "labels": [theme.display_name for theme in programme["by_theme"]],
            "datasets": [{"label": str(_("initiatives")), "data": [theme.count for theme in programme["by_theme"]]}],
        },
        "budget": {
            "type": "bar",
            "labels": [str(row["label"]) for row in budget["by_source"]],
            "datasets": [
                {"label": pgettext("budget", "planned"), "data": [_number(row["planned"]) for row in budget["by_source"]]},
                {"label": str(_("spent")), "data": [_number(row["spent"]) for row in budget["by_source"]]},
            ],
        },
        "indicators": {
            f"indicator-{indicator.pk}": {
                "label": indicator.display_name,
                # Named as the page's tables name them: per week, quarter or year when it reports so.
                "labels": [name for name, _value in indicator.series_rows],
                "data": [_number(value) for _start, value in indicator.series],
            }
            for indicator in figures["health"]["indicators"]
        },
    }


def export_rows(period, committee, figures):
    """The export: a header row, the period and committee, then every figure (section, figure, value)."""
    yield _("section"), _("figure"), _("value")
    yield _("period"), _("from"), period.start
    yield _("period"), _("to"), period.end
    yield _("period"), _("committee"), committee.name if committee else _("all committees")
    for section, figure, value in summary_rows(figures):
        yield section, figure, plain_number(value)


def plain_number(value):
    """A Decimal as the number it means: no trailing zeros (21.2, not 21.2000000000000), no exponent
    (20, not 2E+1), a whole number as an int; anything else unchanged."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def summary_rows(figures):
    """(section, figure, value) rows of the summary's figures."""
    programme, budget = figures["programme"], figures["programme"]["budget"]
    section = _("programme")
    yield section, _("initiatives"), programme["total"]
    for row in programme["by_status"]:
        yield section, _("initiatives: %(status)s") % {"status": row["label"]}, row["count"]
    for theme in programme["by_theme"]:
        yield section, _("initiatives in theme: %(theme)s") % {"theme": theme.display_name}, theme.count
    yield section, _("average progress of initiatives in progress (%)"), _rounded(programme["average_progress"])
    yield section, _("budget planned"), budget["planned"]
    yield section, _("budget spent"), budget["spent"]
    yield section, _("co-financing share of the planned budget (%)"), _rounded(budget["cofinancing_share"])
    for row in budget["by_source"]:
        yield section, _("planned from %(source)s") % {"source": row["label"]}, row["planned"]
        yield section, _("spent from %(source)s") % {"source": row["label"]}, row["spent"]
    attention = figures["attention"]
    section = _("attention")
    yield section, _("initiatives under way"), attention["under_way_count"]
    yield section, _("initiatives late"), attention["late"]["count"]
    yield section, _("overdue milestones"), attention["overdue_milestone_count"]
    yield section, _("targets off track"), attention["off_track"]["count"]
    yield section, _("initiatives over budget"), attention["over_budget"]["count"]
    yield section, _("initiatives under way and on track"), attention["on_track_count"]
    yield section, _("replies to recommendations overdue"), attention["overdue_replies"]["count"]
    yield section, _("memberships ending soon"), attention["memberships_ending"]["count"]
    yield section, _("surveys closing this week"), len(attention["surveys_closing"])
    yield from _health_rows(figures["health"])
    yield from _residents_rows(figures["residents"])
    yield from _committee_rows(figures["committees"])


def _rounded(value, places="0.1"):
    return None if value is None else Decimal(value).quantize(Decimal(places))


def _health_rows(health):
    section = _("town-centre health")
    for indicator in health["indicators"]:
        yield section, _("%(indicator)s: latest value (%(unit)s)") % {
            "indicator": indicator.display_name,
            "unit": indicator.display_unit,
        }, indicator.latest_value
        yield section, _("%(indicator)s: change over a year") % {"indicator": indicator.display_name}, indicator.change


def _residents_rows(residents):
    section = _("residents")
    yield section, _("open surveys"), residents["open_count"]
    for survey in residents["open_surveys"]:
        yield section, _("responses so far: %(survey)s") % {"survey": survey.title}, survey.response_count
    for survey in residents["surveys"]:
        if not survey.is_running:
            yield section, _("responses: %(survey)s") % {"survey": survey.title}, survey.response_count


def _committee_rows(activity):
    section = _("committees")
    yield section, _("meetings held"), activity["meetings_held"]
    yield section, _("recommendations adopted"), activity["recommendations_adopted"]
    yield section, _("recommendations accepted"), activity["recommendations_accepted"]
    yield section, _("recommendations implemented"), activity["recommendations_implemented"]
    for committee in activity["committees"]:
        yield section, _("meetings held: %(committee)s") % {"committee": committee.name}, committee.meetings_held

