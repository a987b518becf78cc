"""The one place that decides whether an initiative's target on an indicator is on track."""
import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Behind schedule by at most this share of the expected movement still counts as "at risk";
# further behind (or moving the wrong way) is "off track".
AT_RISK_TOLERANCE = Decimal("0.5")


class TargetStatus(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    NO_DATA = "no_data", _("no measurement yet")


def target_status(
    *,
    baseline: Decimal,
    baseline_on: datetime.date,
    target: Decimal,
    target_on: datetime.date,
    latest: Decimal | None,
    latest_on: datetime.date | None,
    higher_is_better: bool,
) -> TargetStatus:
    """Whether the indicator is moving from `baseline` to `target` fast enough.

    - No measurement (or only one taken before the baseline date): NO_DATA.
    - The target is already met (latest value at or past the target in the good direction,
      whatever the date): ON_TRACK. This also covers a target that asks for no change.
    - The deadline has passed and the target is not met: OFF_TRACK.
    - Otherwise compare the share of the way covered, (latest − baseline) / (target − baseline),
      with the share of the time elapsed between baseline_on and target_on at the latest
      measurement: at least as far as the calendar says is ON_TRACK; moving the right way and
      no more than AT_RISK_TOLERANCE of the expected movement behind is AT_RISK; anything
      else (including moving the wrong way) is OFF_TRACK.

    For an indicator where lower is better (vacancy rate, PM2.5) the same rules hold with
    the direction reversed: the signs are flipped so "more" always means "better".
    """
    if latest is None or latest_on is None or latest_on < baseline_on:
        return TargetStatus.NO_DATA
    sign = 1 if higher_is_better else -1
    needed = (Decimal(target) - Decimal(baseline)) * sign
    achieved = (Decimal(latest) - Decimal(baseline)) * sign
    if achieved >= needed:
        return TargetStatus.ON_TRACK
    if latest_on > target_on or needed <= 0:
        # Past the deadline, or a "hold the line" target that has slipped.
        return TargetStatus.OFF_TRACK
    total_days = (target_on - baseline_on).days
    expected_share = Decimal(min(max((latest_on - baseline_on).days / total_days, 0), 1)) if total_days > 0 else 1
    covered_share = achieved / needed
    if covered_share >= expected_share:
        return TargetStatus.ON_TRACK
    if achieved >= 0 and covered_share >= expected_share * (1 - AT_RISK_TOLERANCE):
        return TargetStatus.AT_RISK
    return TargetStatus.OFF_TRACK
