"""The vacancy-rate indicator, computed from the premises register rather than typed in.

Which indicator: the one whose slug settings.VACANCY_INDICATOR names ("vacancy-rate" unless the town
sets PORTAL_VACANCY_INDICATOR). Its value for a month is the register's vacancy rate at the month's
end (premises.vacancy.monthly_vacancy: the one place that defines it), over every unit in the register,
whichever committee keeps it: the indicator is the town centre's, as it was when typed in, and
committees keep parts of the same centre. Only months that have ended are recorded: the month under
way has no end-of-month value yet. The values are marked computed (Measurement.computed_from): they are
never corrected by hand, a wrong status is corrected in the register and the month computed again.

From when: the first time, from the month by whose end every ground-floor unit with a status had one
(before it the register is still being filled in: the rate of the few units already there would not
be the town's); from then on, from the month of the first value computed then. Units added later (a
new building) count from their first status, as premises.vacancy says, without cutting the history.
`vacancy_indicator_refresh(start=…)` (`manage.py vacancy_indicator --from`) sets another start.

When: after every committed write of the register (premises.changes calls `register_changed`, which
initiatives' AppConfig.ready connects here), so a status recorded or corrected shows at once on the
indicator, its targets, the home page and the mayor's summary; and by `manage.py vacancy_indicator`
(run daily, or at least on the first of each month, by cron), which brings in the month just ended
when nobody wrote to the register since. A page is never what computes it: reading stays a read.
"""
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_noop

from initiatives.models import Indicator, Measurement
from initiatives.services import measurements_computed
from premises.models import UnitStatus
from premises.vacancy import counted_units, monthly_vacancy

# Stored in Measurement.computed_from (English, like the rest of the stored data; pages translate it).
COMPUTED_FROM = gettext_noop("the premises register")
SOURCE = "premises register, vacancy rate at the end of the month"


def is_fed_from_register(indicator):
    return indicator.slug == settings.VACANCY_INDICATOR


def vacancy_indicator():
    return Indicator.objects.filter(slug=settings.VACANCY_INDICATOR).first()


def register_complete_on():
    """The day by which every ground-floor unit with a status had its first one (None: no status yet)."""
    firsts = UnitStatus.objects.filter(unit__in=counted_units()).order_by().values("unit").annotate(first=Min("since"))
    return firsts.aggregate(complete=Max("first"))["complete"]


def _start(indicator):
    first_computed = indicator.measurements.filter(computed_from=COMPUTED_FROM).aggregate(first=Min("measured_on"))
    return first_computed["first"] or register_complete_on()


def vacancy_indicator_refresh(*, by=None, start=None, today=None):
    """Compute the indicator's monthly values from the register again (see the module); returns the
    indicator, or None when there is none with the slug."""
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().filter(slug=settings.VACANCY_INDICATOR).first()
        if indicator is None:
            return None
        start = start or _start(indicator)
        if start is None:
            return indicator  # an empty register computes nothing (and removes nothing typed)
        series = monthly_vacancy(start=start, end=today or timezone.localdate())
        rows = [(point.on.replace(day=1), point.rate) for point in series if point.rate is not None]
        measurements_computed(indicator=indicator, rows=rows, computed_from=COMPUTED_FROM, by=by, source=SOURCE,
                              period=Measurement.Period.MONTH)
    return indicator


def refresh_after_register_change(*, by=None):
    """premises.changes' callback: the register changed and its transaction committed."""
    vacancy_indicator_refresh(by=by)
