"""Initiatives on the town centre: the units of the premises register an initiative works on, with
their statuses since it began, and initiatives drawn on the base plan (premises.plan.PlanItem).

Initiatives stand on premises (the layers' one direction): everything that joins the two lives on
this side, and the register's pages reach initiatives only through the relation `Unit.initiatives`.
"""
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from premises.models import BasePlan, Status, Unit, UnitStatus, latest_status
from premises.plan import PlanItem
from premises.rules import can_read_register, kept_committees


def began_on(initiative):
    """The day the initiative began: its start date, else the day it was added."""
    return initiative.start_on or initiative.created_at.date()


def units_since_start(initiative, user):
    """(units, hidden): the units `initiative` works on that `user` may see, in street order, each with
    `status_now` (today), `status_at_start` and `changes` (its status rows after the day the initiative
    began, oldest first); and how many more it works on whose owners have not agreed to publish their
    address (never shown outside the register's readers). Two queries, however many units."""
    start = began_on(initiative)
    units = initiative.units.with_status_on().annotate(
        status_at_start=latest_status(start), status_at_start_since=latest_status(start, "since"),
    ).in_street_order().prefetch_related(
        Prefetch("statuses", queryset=UnitStatus.objects.filter(since__gt=start).order_by("since", "pk"), to_attr="changes")
    )
    units = list(units)
    if can_read_register(user):
        return units, 0
    shown = [unit for unit in units if unit.publish_address]
    return shown, len(units) - len(shown)


def base_plan_for(initiative, units=()):
    """The plan an initiative is drawn on: its lead committee's, else that of its units' committee."""
    committees = [initiative.lead_committee_id, *(unit.committee_id for unit in units)]
    plans = {plan.committee_id: plan for plan in BasePlan.objects.filter(committee_id__in=committees)}
    return next((plans[committee] for committee in committees if committee in plans), None)


def plan_items(initiatives, url=None):
    """The placed `initiatives` as premises.plan.PlanItems (a point each), for any page that draws the
    plan: the summary, the public figures, an initiative's own page. `url(initiative)` says where each
    marker leads (its page if not given)."""
    return [
        PlanItem(label=str(initiative), url=url(initiative) if url else initiative.get_absolute_url(),
                 kind="initiative", longitude=initiative.longitude, latitude=initiative.latitude,
                 note=initiative.get_status_display())
        for initiative in initiatives if initiative.longitude is not None and initiative.latitude is not None
    ]


def offered_units(user, initiative):
    """The units a keeper may name for `initiative`: those of the registers `user` keeps, and those it
    names already (kept by other committees: shown so they are not dropped by a save), in street order,
    with their status today."""
    named = initiative.units.values("pk") if initiative.pk else Unit.objects.none()
    units = Unit.objects.filter(committee__in=kept_committees(user)) | Unit.objects.filter(pk__in=named)
    return units.with_status_on().in_street_order()


def unit_place_label(unit):
    """How a unit is offered in the initiative's forms: its address, floor and status today."""
    status = Status(unit.status_now).label if unit.status_now else _("no status recorded")
    return f"{unit}, {unit.get_floor_display()}: {status}"
