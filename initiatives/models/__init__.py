"""Initiatives: the programme (themes, initiatives, money, milestones, updates, status changes) and
the town-centre indicators with their measurements and the initiatives' targets on them."""
from initiatives.models.indicators import Indicator, Measurement, PeriodValue, Target
from initiatives.models.programme import (
    OVER_BUDGET,
    UNDER_WAY_STATUSES,
    FundingLine,
    Initiative,
    Milestone,
    ProgressUpdate,
    StatusChange,
    Theme,
    late_on,
)
from initiatives.models.rollup import Period, RollUp
from initiatives.models.target_status import TargetStatus, target_status

__all__ = [
    "OVER_BUDGET",
    "UNDER_WAY_STATUSES",
    "FundingLine",
    "Indicator",
    "Initiative",
    "Measurement",
    "Milestone",
    "Period",
    "PeriodValue",
    "ProgressUpdate",
    "RollUp",
    "StatusChange",
    "Target",
    "TargetStatus",
    "Theme",
    "late_on",
    "target_status",
]
