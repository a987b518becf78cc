"""The two lists of "my work" about replies to recommendations, one function each (the view adds each
to the page, and its template templates/portal/my_work/<name>.html shows it). Each returns None when
the list is not the user's to act on, so that the page shows nothing of it."""
from dataclasses import dataclass

from committees.models import RecommendationAddressee, member_committee_ids, organisation_id_of
from committees.rules import can_edit_committee

SHOWN = 20  # rows listed; the rest are counted


@dataclass
class Listed:
    rows: list
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)


def _listed(addressees):
    addressees = addressees.with_recommendation().in_due_order()
    return Listed(rows=list(addressees[:SHOWN]), total=addressees.count())


def replies_overdue(user, on=None):
    """For a secretary: each addressee whose reply is overdue, on the recommendations of every committee
    she keeps (she chases it, or records the reply)."""
    kept = [committee_id for committee_id in member_committee_ids(user) if can_edit_committee(user, committee_id)]
    if not kept:
        return None
    return _listed(RecommendationAddressee.objects.of_committees(kept).overdue(on))


def awaiting_our_reply(user):
    """For an account that speaks for an organisation (a mayor for her municipality): the recommendations
    sent to it that await its final reply, which she records."""
    organisation_id = organisation_id_of(user)
    if organisation_id is None:
        return None
    return _listed(RecommendationAddressee.objects.addressed_to_organisation(organisation_id).awaiting_reply())
