"""Owners', landlords' and letting agents' contacts of the register's units: personal data, seen and
kept only by the keepers of the unit's committee (premises.rules.can_see_contacts).

A contact is a committees.Person (name, private e-mail and phone) linked to a unit with a role
(premises.models.UnitContact), so that the portal's personal data has one erasure path:
committees.services.person_erase. The rules, as for committee members:
- erasure on request: `contact_erase` removes the person from every unit and erases them; a person
  who also sits on a committee or has an account is erased by an administrator from the people page;
- kept only while needed: `contact_remove` takes a contact off a unit, and a person who is then
  nobody's contact (and no member, no account) is erased at once;
- neither Person nor UnitContact keeps a change history, so nothing earlier stays readable; what
  is left of a person erased from the people page (their links and firm) is deleted by the daily
  `delete_expired_data` run (`erased_contacts_delete`) and never shown meanwhile.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from committees.models import Membership, Person
from committees.services import person_erase
from core.edits import edit_save, versioned_save
from premises.models import UnitContact
from premises.rules import kept_committees


@transaction.atomic
def contact_add(*, unit, by, role, person=None, full_name="", email="", phone="", organisation=""):
    """`person` (already a contact of a unit the keeper keeps) or a new person with `full_name`,
    `email` and `phone` becomes `unit`'s contact with `role`, reached through `organisation` if given."""
    if person is None:
        person = Person(full_name=full_name.strip(), email=email.strip(), phone=phone.strip())
        person.full_clean()
        versioned_save(person, by=by)  # no creator link: a contact is not on any people page
    link = UnitContact(unit=unit, person=person, role=role, organisation=organisation.strip())
    link.full_clean()
    return versioned_save(link, by=by)


@transaction.atomic
def contact_update(*, contact, by, expected_version, expected_person_version, role, organisation,
                   full_name, email, phone):
    """Correct a unit's contact: its role and firm, and the person's name, e-mail and phone (for every
    unit they are a contact of). Each row only if still at the version the editor saw (EditConflict).
    The person's details are the keeper's to change only where they are hers to erase
    (`erasable_contacts`): someone who also sits on a committee, has an account or is another
    committee's contact keeps them as the people page has them (ValidationError if they differ)."""
    person, details = contact.person, {"full_name": full_name.strip(), "email": email.strip(), "phone": phone.strip()}
    if any(getattr(person, name) != value for name, value in details.items()):
        if not erasable_contacts(by).filter(pk=person.pk).exists():
            raise ValidationError(_(
                "%(name)s is also known to the portal outside this register (a committee member, an account or "
                "another committee's contact): their name, e-mail and phone are changed by an administrator on the "
                "people page. Here you can change the role and the firm.") % {"name": person.full_name})
        edit_save(instance=person, by=by, expected_version=expected_person_version, **details)
    return edit_save(instance=contact, by=by, expected_version=expected_version, role=role, organisation=organisation.strip())


def _needed_elsewhere(person):
    return person.user_id is not None or Membership.objects.filter(person=person).exists() or person.unit_contacts.exists()


@transaction.atomic
def contact_remove(*, contact, by):
    """`contact` is no longer the unit's owner, landlord or agent: the link goes, and a person who is
    then nobody's contact (nor a committee member, nor a user) is erased. Returns whether they were."""
    person = contact.person
    contact.delete()
    if _needed_elsewhere(person):
        return False
    person_erase(person=person, by=by)
    return True


def erasable_contacts(user):
    """The contacts' people `user` may erase from the register (`contact_erase`): those whose every
    unit is kept by a committee the user keeps, who sit on no committee and have no account (those
    are erased by an administrator from the people page, as other members are)."""
    kept = kept_committees(user)
    elsewhere = UnitContact.objects.filter(person=OuterRef("pk")).exclude(unit__committee__in=kept)
    return (
        Person.objects.not_erased()
        .filter(user__isnull=True, unit_contacts__unit__committee__in=kept)
        .exclude(Exists(elsewhere))
        .exclude(Exists(Membership.objects.filter(person=OuterRef("pk"))))
        .distinct()
    )


@transaction.atomic
def contact_erase(*, person, by):
    """Erase a contact's personal data on their request: off every unit, then erased
    (committees.services.person_erase) like any member. Who may: `erasable_contacts`."""
    UnitContact.objects.filter(person=person).delete()
    return person_erase(person=person, by=by)


def erased_contacts_delete():
    """What is left of contacts whose person was erased from the people page (the links, with their
    firm): deleted by the daily `delete_expired_data` run. Returns how many."""
    deleted, _ = UnitContact.objects.filter(person__erased_on__isnull=False).delete()
    return deleted
