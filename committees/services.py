"""Every write of the committees' records: each takes plain values as keyword arguments and owns
its transaction, its check (`full_clean`), the version check of an edit (core.edits: a row someone
else saved since the editor opened it at `expected_version` raises EditConflict and nothing is
written), and the author it names (`by`: the row's last editor). Views, the admin and the demo all
write through these functions."""
import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import get_language, override

from committees.models import (
    FORMER_MEMBER,
    AddresseeReply,
    Attendance,
    Committee,
    Document,
    Meeting,
    Membership,
    Organisation,
    OrganisationAccount,
    Person,
    Recommendation,
    RecommendationAddressee,
)
from core import reading
from core.content import content_changed
from core.roles import SECRETARIES
from core.edits import edit_save, edit_write, lock_at_version, saved_where_different, stamp_editor, versioned_save
from core.translated import text_matches, translation_save


DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def _create(row, *, by):
    """Check and store a new row, naming `by` as its author where the row keeps one."""
    row.full_clean()
    if hasattr(row, "version"):
        return versioned_save(row, by=by)
    row.save()
    return row


def _person_of(user):
    person = Person.objects.filter(user=user).first()
    if person is None:
        full_name = user.get_full_name() or user.get_username()
        person = _create(Person(full_name=full_name, email=user.email, user=user), by=user)
    return person


def organisation_save(*, name, kind=Organisation.Kind.OTHER, website=""):
    """The organisation of that name, with this kind and website: created, or changed where it
    differs (an organisation already as given is not saved again)."""
    return saved_where_different(Organisation, {"name": name}, {"kind": kind, "website": website})


@transaction.atomic
def organisation_create(*, by, name, kind=Organisation.Kind.OTHER, website="", accounts=None):
    """A new organisation (its history names `by`), with the staff accounts that speak for it
    (organisation_accounts_set), in one transaction."""
    organisation = _create(Organisation(name=name, kind=kind, website=website), by=by)
    if accounts:
        organisation_accounts_set(organisation=organisation, by=by, users=accounts)
    return organisation


@transaction.atomic
def organisation_update(*, organisation, by, expected_version, name, kind, website, accounts=None):
    """Change an organisation's name, kind or website, if nobody saved it since `expected_version`,
    and, when `accounts` is given, which staff accounts speak for it (organisation_accounts_set):
    all of it or nothing."""
    organisation = edit_save(
        instance=organisation, by=by, expected_version=expected_version, name=name, kind=kind, website=website
    )
    if accounts is not None:
        organisation_accounts_set(organisation=organisation, by=by, users=accounts)
    return organisation


@transaction.atomic
def organisation_accounts_set(*, organisation, by, users):
    """Link exactly these staff accounts to the organisation (committees.models.OrganisationAccount):
    links to it of other accounts are removed. An account that speaks for another organisation is
    refused (ValidationError on "accounts"), never moved silently: it is unlinked there first."""
    users = set(users)
    elsewhere = OrganisationAccount.objects.filter(user__in=users).exclude(organisation=organisation)
    elsewhere = elsewhere.select_related("user", "organisation")
    if elsewhere:
        raise ValidationError({"accounts": [
            _("%(account)s already speaks for %(organisation)s; unlink it there first.")
            % {"account": link.user.get_full_name() or link.user.get_username(), "organisation": link.organisation}
            for link in elsewhere
        ]})
    for link in organisation.accounts.select_for_update().exclude(user__in=users):
        stamp_editor(link, by)
        link.delete()
    linked = set(organisation.accounts.values_list("user_id", flat=True))
    for user in sorted(users, key=lambda user: user.pk):
        if user.pk not in linked:
            _create(_stamped(OrganisationAccount(user=user, organisation=organisation), by), by=by)
    return organisation


def _stamped(row, by):
    """A row without an edit version whose history names `by` (core.edits.stamp_editor)."""
    stamp_editor(row, by)
    return row


@transaction.atomic
def committee_create(
    *, by, name, slug, mandate="", appointed_by="", established_on=None, is_public=True, original_language=DEFAULT_LANGUAGE,
    enquiry_email="", enquiry_phone="",
):
    """A new committee; a secretary who creates it becomes its secretary, so that they can keep it.
    `original_language`: the language its name and mandate are written in (core.translated)."""
    committee = _create(
        Committee(
            original_language=original_language,
            name=name,
            slug=slug,
            mandate=mandate,
            appointed_by=appointed_by,
            established_on=established_on,
            is_public=is_public,
            enquiry_email=enquiry_email,
            enquiry_phone=enquiry_phone,
        ),
        by=by,
    )
    if by is not None and not by.is_superuser:
        _create(
            Membership(
                committee=committee,
                person=_person_of(by),
                role=Membership.Role.SECRETARY,
                term_start=established_on or timezone.localdate(),
            ),
            by=by,
        )
    return committee


def committee_update(
    *, committee, by, expected_version, name, slug, mandate, appointed_by, established_on, is_public, **language
):
    """Change a committee's details (its address too: `slug`); `original_language`, when given, says
    which language the texts are written in now (else as stored). The public enquiry contact
    (`enquiry_email`, `enquiry_phone`), when given, is written too."""
    return edit_save(
        instance=committee, by=by, expected_version=expected_version, name=name, slug=slug, mandate=mandate,
        appointed_by=appointed_by, established_on=established_on, is_public=is_public, **language,
    )


def person_create(*, by, full_name, email="", phone="", user=None):
    """A new person with private contact details, remembering who entered them: the details stay
    visible to that user while the person's first membership is being set up
    (PersonQuerySet.contact_details_open_to)."""
    return _create(Person(full_name=full_name, email=email, phone=phone, user=user, created_by=by), by=by)


@transaction.atomic
def membership_add(
    *, committee, by, term_start, person=None, new_person_name="", email="", phone="", role=Membership.Role.MEMBER,
    organisation=None, is_volunteer=False, term_end=None, appointment_reference="", appointed_on=None,
):
    """Seat an existing person, or a new one with their private contact details (person_create), on
    the committee. The membership remembers who added it, so that seating someone already known
    reveals nothing to that user (PersonQuerySet.contact_details_open_to)."""
    if person is None:
        person = person_create(by=by, full_name=new_person_name, email=email, phone=phone)
    membership = Membership(
        committee=committee, person=person, added_by=by, role=role, organisation=organisation,
        is_volunteer=is_volunteer, term_start=term_start, term_end=term_end,
        appointment_reference=appointment_reference, appointed_on=appointed_on,
    )
    return _create(membership, by=by)


def membership_update(
    *, membership, by, expected_version, role, organisation, is_volunteer, term_start, term_end,
    appointment_reference, appointed_on,
):
    """Change a member's role, whom they represent and the term of their appointment."""
    return edit_save(
        instance=membership, by=by, expected_version=expected_version, role=role, organisation=organisation,
        is_volunteer=is_volunteer, term_start=term_start, term_end=term_end,
        appointment_reference=appointment_reference, appointed_on=appointed_on,
    )


def person_contact_update(*, person, by, expected_version, full_name, email="", phone="", **account):
    """Correct a person's name and private contact details (if nobody saved them since `expected_version`:
    core.edits). They belong to the person, so the change shows on every committee the person sits
    on. `user`, when given, links the person to that sign-in account in the same edit (None:
    unlinks; committees.rules.can_link_account says who may: person_account_link)."""
    return edit_save(
        instance=person, by=by, expected_version=expected_version, full_name=full_name, email=email, phone=phone,
        **account,
    )


def person_account_link(*, person, by, expected_version, user):
    """Link the person to their sign-in account (None: unlink): the account's committees follow
    the person's terms (member_committee_ids)."""
    return edit_save(instance=person, by=by, expected_version=expected_version, user=user)


ACCOUNT_EXISTS = gettext_lazy(
    "An account with this e-mail address exists already. If its owner never set a password, they can "
    "ask for a new link on the sign-in page (“Forgot your password?”)."
)


def staff_email_in_use(email):
    """Whether an account has `email` as its address or user name, or a person who has an account
    has it as theirs (a second account would make them a second person)."""
    return (get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
            or Person.objects.filter(email__iexact=email, user__isnull=False).exists())


@transaction.atomic
def staff_invite(*, by, full_name, email, role, committee=None):
    """A staff account for `email` (its user name too) in the `role` group (core.roles), with no
    password until its owner sets one through the invitation's link (portal.accounts), and the
    person it signs in as: the person listed already with that e-mail address and no account (the
    first entered, if several; never a premises contact), else a new one. Seated on `committee` from
    today when one is given and the person does not sit on it now: as its secretary for the
    secretaries' role, else as a member. Who may invite whom: committees.rules.invitable_roles. An
    address in use (staff_email_in_use), even by the same invitation sent a moment before, is a ValidationError."""
    if staff_email_in_use(email):
        raise ValidationError(ACCOUNT_EXISTS, code="account_exists")
    first_name, _space, last_name = full_name.strip().rpartition(" ")
    user = get_user_model()(username=email.lower(), email=email, first_name=first_name or last_name,
                            last_name=last_name if first_name else "")
    user.set_unusable_password()
    user.full_clean(validate_unique=False)  # the unique user name: checked above, and by the database
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address invited at the same moment (a double click) was stored first
        raise ValidationError(ACCOUNT_EXISTS, code="account_exists") from None
    user.groups.add(Group.objects.get(name=role))
    person = _person_for_account(by=by, full_name=full_name, email=email, user=user)
    if committee is not None and not person.memberships.current().filter(committee=committee).exists():
        seat = Membership.Role.SECRETARY if role == SECRETARIES else Membership.Role.MEMBER
        membership_add(committee=committee, by=by, person=person, role=seat, term_start=timezone.localdate())
    return user


def _person_for_account(*, by, full_name, email, user):
    # Not a premises register's owner, landlord or agent (premises.UnitContact, reverse name
    # "unit_contacts"): those details are its keepers' alone, never a member's on the people pages.
    listed = (Person.objects.select_for_update().filter(email__iexact=email, user__isnull=True, erased_on__isnull=True)
              .exclude(unit_contacts__isnull=False).order_by("pk").first())
    if listed is None:
        return person_create(by=by, full_name=full_name, email=email, user=user)
    return person_account_link(person=listed, by=by, expected_version=listed.version, user=user)


def membership_end(*, membership, by, expected_version, on):
    """End the term on the given day; from the day after, the member is listed as past."""
    return edit_save(instance=membership, by=by, expected_version=expected_version, term_end=on)


def meeting_schedule(*, committee, by, title, starts_at, place="", agenda="", original_language=DEFAULT_LANGUAGE):
    """A new, planned meeting of the committee (its texts written in `original_language`)."""
    return _create(Meeting(committee=committee, title=title, starts_at=starts_at, place=place, agenda=agenda,
                           original_language=original_language), by=by)


def meeting_update(*, meeting, by, expected_version, title, starts_at, place, agenda, **language):
    """Change a meeting's title, time, place or agenda (and `original_language`, when given)."""
    return edit_save(
        instance=meeting, by=by, expected_version=expected_version,
        title=title, starts_at=starts_at, place=place, agenda=agenda, **language,
    )


@transaction.atomic
def meeting_record(*, meeting, by, expected_version, status, minutes, minutes_published, attendance):
    """Record how a meeting went: its status, minutes and who attended (if nobody saved the meeting
    since `expected_version`: core.edits; attendance moves the meeting's version on too).

    `attendance` maps a Person to a presence value, or to "" for "not recorded" (the row is removed);
    people not in it keep what was recorded for them.
    """
    meeting = edit_save(
        instance=meeting, by=by, expected_version=expected_version,
        status=status, minutes=minutes, minutes_published=minutes_published,
    )
    for person, presence in attendance.items():
        if presence:
            Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={"presence": presence})
        else:
            Attendance.objects.filter(meeting=meeting, person=person).delete()
    return meeting


def meeting_cancel(*, meeting, by, expected_version):
    """Cancel the meeting, if nobody saved it since the confirmation was opened at `expected_version`."""
    return edit_save(instance=meeting, by=by, expected_version=expected_version, status=Meeting.Status.CANCELLED)


def recommendation_create(
    *, committee, by, title, text, addressed_to, meeting=None, response_due_on=None, original_language=DEFAULT_LANGUAGE
):
    """A draft recommendation of the committee (recommendation_move takes it on from there), its title
    and text written in `original_language`."""
    recommendation = Recommendation(
        committee=committee, title=title, text=text, addressed_to=addressed_to, meeting=meeting,
        response_due_on=response_due_on, original_language=original_language,
    )
    return _create(recommendation, by=by)


def recommendation_update(
    *, recommendation, by, expected_version, title, text, addressed_to, meeting, response_due_on, **language
):
    """Change a recommendation's wording, addressee, meeting or reply deadline (its status moves
    only through recommendation_move), and `original_language` when given."""
    return edit_save(
        instance=recommendation, by=by, expected_version=expected_version, title=title, text=text,
        addressed_to=addressed_to, meeting=meeting, response_due_on=response_due_on, **language,
    )


@transaction.atomic
def recommendation_move(
    *, recommendation, by, expected_version, status, on, response_due_on=None
):
    """Move a recommendation one step on (draft → adopted → sent), if nobody saved it since
    `expected_version` (core.edits); from there its addressees' replies move it
    (addressee_reply_record).

    Records the day of the step; sending may set the reply deadline, and sends the recommendation to
    its addressees (at least one is needed).
    """
    recommendation = lock_at_version(recommendation, expected_version)
    if status not in recommendation.next_statuses():
        raise ValidationError(
            {"status": _("A %(current)s recommendation cannot become %(new)s.")
             % {"current": recommendation.get_status_display(), "new": Recommendation.Status(status).label}}
        )
    recommendation.status = status
    setattr(recommendation, Recommendation.STATUS_DATE_FIELD[status], on)
    if response_due_on:
        recommendation.response_due_on = response_due_on
    recommendation.full_clean(exclude=["edited_by"])
    if status == Recommendation.Status.SENT:
        _send_to_addressees(recommendation, by=by)
    return versioned_save(recommendation, by=by)


def _send_to_addressees(recommendation, *, by):
    """Sending sends to every addressee not sent to yet, on the day of sending, with the deadline."""
    waiting = list(recommendation.addressees.select_for_update().filter(sent_on__isnull=True))
    if not recommendation.addressees.exists():
        raise ValidationError({"status": _("Add the addressees before sending the recommendation.")})
    for addressee in waiting:
        addressee.sent_on = recommendation.sent_on
        addressee.response_due_on = addressee.response_due_on or recommendation.response_due_on
        addressee.full_clean()
        versioned_save(addressee, by=by)


@transaction.atomic
def recommendation_addressees_add(*, recommendation, by, organisations, sent_on=None, response_due_on=None):
    """Address the recommendation to these organisations too (those it already goes to are left as
    they are). Before sending they wait for the recommendation to be sent (recommendation_move); to a
    recommendation already sent they are sent on `sent_on` (required then), with `response_due_on` or
    else the recommendation's deadline."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    already_sent = recommendation.sent_on is not None
    if already_sent and sent_on is None:
        raise ValidationError({"sent_on": _("Say when the recommendation was sent to them.")})
    if already_sent and sent_on < recommendation.sent_on:
        raise ValidationError({"sent_on": _("This date cannot be before the day the recommendation was sent (%(date)s).")
                               % {"date": reading.date(recommendation.sent_on)}})
    present = set(recommendation.addressees.values_list("organisation_id", flat=True))
    added = []
    for organisation in organisations:
        if organisation.pk in present:
            continue
        addressee = RecommendationAddressee(
            recommendation=recommendation, organisation=organisation,
            sent_on=sent_on if already_sent else None,
            response_due_on=response_due_on or (recommendation.response_due_on if already_sent else None),
        )
        added.append(_create(addressee, by=by))
    _follow_replies(recommendation, by=by)
    return added


@transaction.atomic
def recommendation_addressee_remove(*, addressee, by):
    """Take an organisation off the recommendation's addressees: only while it has no reply (a reply
    received is part of the record)."""
    addressee = RecommendationAddressee.objects.select_for_update().get(pk=addressee.pk)
    if addressee.replies.exists():
        raise ValidationError(_("%(organisation)s has replied: its reply stays on the record.")
                              % {"organisation": addressee.organisation})
    recommendation = addressee.recommendation
    stamp_editor(addressee, by)
    addressee.delete()
    _follow_replies(recommendation, by=by)


@transaction.atomic
def addressee_reply_record(*, addressee, by, received_on, kind, text=""):
    """Record a reply of an addressee, interim or final, and bring the addressee's status and the
    recommendation's up to date (the latest final reply decides: RecommendationAddressee.status_from,
    Recommendation.outcome). A reply dated before the sending day is refused (ValidationError)."""
    addressee = RecommendationAddressee.objects.select_for_update().get(pk=addressee.pk)
    reply = AddresseeReply(addressee=addressee, received_on=received_on, kind=kind, text=text, recorded_by=by)
    _create(reply, by=by)
    _follow_replies(addressee.recommendation, by=by)
    return reply


@transaction.atomic
def addressee_reply_correct(*, reply, by, expected_version, received_on, kind, text):
    """Correct a recorded reply (its history keeps what it said before), if nobody saved it since
    `expected_version`; the statuses follow as for a new reply."""
    RecommendationAddressee.objects.select_for_update().get(pk=reply.addressee_id)
    reply = edit_write(lock_at_version(reply, expected_version), by=by, received_on=received_on, kind=kind, text=text)
    _follow_replies(reply.addressee.recommendation, by=by)
    return reply


def _follow_replies(recommendation, *, by):
    """Bring every addressee's status, and a sent recommendation's status and step dates, in line
    with the replies (saving only what changes)."""
    addressees = list(recommendation.addressees.prefetch_related("replies"))
    for addressee in addressees:
        status = RecommendationAddressee.status_from(list(addressee.replies.all()))
        if addressee.status != status:
            addressee.status = status
            versioned_save(addressee, by=by, update_fields=["status"])
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status in (Recommendation.Status.DRAFT, Recommendation.Status.ADOPTED):
        return
    outcome = Recommendation.outcome(addressees)
    if any(getattr(recommendation, name) != value for name, value in outcome.items()):
        for name, value in outcome.items():
            setattr(recommendation, name, value)
        versioned_save(recommendation, by=by, update_fields=list(outcome))


def document_upload(
    *, committee, title, file, description="", kind=Document.Kind.OTHER, meeting=None, is_public=False,
    original_language=DEFAULT_LANGUAGE,
):
    """Store a document of the committee (`file`: an uploaded file, or any named django File); its
    title and description are written in `original_language`."""
    document = Document(committee=committee, title=title, description=description, kind=kind, meeting=meeting,
                        file=file, is_public=is_public, original_language=original_language)
    return _create(document, by=None)


def document_update(*, document, title, kind, meeting, is_public, file=None, description=None):
    """Change a document's details; a `file` given replaces the stored one, a `description` given the
    stored one."""
    document.title, document.kind, document.meeting, document.is_public = title, kind, meeting, is_public
    if description is not None:
        document.description = description
    if file is not None:
        document.file = file
    document.full_clean()
    document.save()
    return document


def committee_translate(*, committee, by, expected_version, language, texts, documents=None):
    """Write the `language` translation of the committee's name and mandate (`texts`: {field: text})
    and of its documents' titles ({document id: {"title": text}}), only if the committee is still at
    `expected_version` (else core.edits.EditConflict)."""
    return translation_save(
        item=committee, by=by, expected_version=expected_version, language=language, texts=texts,
        parts=[(Document.objects.filter(committee=committee), documents or {})],
    )


def meeting_translate(*, meeting, by, expected_version, language, texts):
    """Write the `language` translation of the meeting's title, agenda and minutes (core.edits)."""
    return translation_save(item=meeting, by=by, expected_version=expected_version, language=language, texts=texts)


def recommendation_translate(*, recommendation, by, expected_version, language, texts):
    """Write the `language` translation of the recommendation's title and text (core.edits)."""
    return translation_save(
        item=recommendation, by=by, expected_version=expected_version, language=language, texts=texts,
    )


# The committee's own records where a member's name may have been written by hand.
# model: (the path to its committee, its text fields)
RECORD_TEXT_FIELDS = {
    Meeting: ("committee_id", ["title", "agenda", "minutes"]),
    Recommendation: ("committee_id", ["title", "text"]),
    Document: ("committee_id", ["title", "description"]),
    AddresseeReply: ("addressee__recommendation__committee_id", ["text"]),
}


@transaction.atomic
def person_erase(*, person, by):
    """Erase a person's personal data everywhere, on their request, in one transaction.

    The row stays so that the committee's records keep their shape (past terms, attendance at
    meetings, who adopted what): it reads "a former member". Gone are the name, e-mail, phone,
    the creator link and the sign-in account (with its sign-in attempts); the name is replaced by
    "a former member" where it was written into the records of the person's committees and in
    the admin's log. Running terms end yesterday; a term that has not begun is removed, as it
    recorded nothing yet. Every row changed names `by` and moves its version on, so a form opened
    before the erasure cannot write the name back (core.edits). Who may ask for it:
    PersonQuerySet.erasable_by.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_on is not None:
        return person
    if by is not None and by.pk == person.user_id:
        by = None  # an administrator erasing herself: her account goes, and no row names it
    names = {text for text in (person.full_name, person.email, person.phone) if text}
    # Before the terms end: a term not yet begun is removed, and its committee's records count too.
    committee_ids = {*person.memberships.values_list("committee_id", flat=True),
                     *person.attendances.values_list("meeting__committee_id", flat=True)}
    _end_terms(person, on=timezone.localdate(), by=by)
    usernames = set()
    if person.user_id:
        account = person.user
        names |= {text for text in (account.email, account.get_full_name()) if text}
        # A user name can be a common word ("ann" is in "planning"): replaced only where it is the
        # whole text (the admin's log names a user by it), never inside the records' prose.
        usernames = {account.get_username()}
        _delete_account(account)
    person.full_name = person.email = person.phone = ""
    person.user = person.created_by = None
    person.erased_on = timezone.localdate()
    versioned_save(person, by=by, update_fields=["full_name", "email", "phone", "user", "created_by", "erased_on"])
    for model, (committee, fields) in RECORD_TEXT_FIELDS.items():
        records = model.objects.filter(**{f"{committee}__in": committee_ids})
        _replace_in_records(records, fields, names, FORMER_MEMBER, by=by)
    # A reply's earlier wordings, kept in its history, may name the person too.
    replies_before = AddresseeReply.history.filter(addressee__recommendation__committee_id__in=committee_ids)
    _replace_in_history(replies_before, "text", names, FORMER_MEMBER)
    # The committees' own mandates (and their translations) may name the person too.
    _replace_in_records(Committee.objects.filter(pk__in=committee_ids), ["mandate"], names, FORMER_MEMBER, by=by)
    _replace_in_log(names, usernames, str(FORMER_MEMBER))
    content_changed()
    return person


def _end_terms(person, *, on, by):
    yesterday = on - datetime.timedelta(days=1)
    person.memberships.filter(term_start__gte=on).delete()
    # Locked as read: a concurrent edit is either before (and read here) or after (and refused).
    for membership in person.memberships.filter(Q(term_end__isnull=True) | Q(term_end__gt=yesterday)).select_for_update():
        membership.term_end = yesterday
        versioned_save(membership, by=by, update_fields=["term_end"])


def _delete_account(user):
    """The sign-in account goes with the person; what they wrote stays, without an author."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=[user.get_username(), user.email]).delete()
    user.delete()


def _replace_in_records(records, fields, names, replacement, *, by):
    """Replace each of `names` (longest first) by `replacement` in the text fields of the records
    holding one, and in their translations (core.translated; `replacement` in each translation's
    language), saving each such record as an edit by `by`."""
    names = sorted(names, key=len, reverse=True)
    holding = Q(*[Q(**{f"{field}__contains": name}) for field in fields for name in names], _connector=Q.OR)
    translated = [field for field in fields if field in getattr(records.model, "translated_fields", ())]
    for name in names if translated else []:
        holding |= text_matches(translated, name)
    # Locked as read: text a colleague saves meanwhile is read here, not overwritten with what was there before.
    for record in records.filter(holding).select_for_update() if names else []:
        with override(getattr(record, "original_language", None) or get_language()):
            in_its_language = str(replacement)  # "a former member" in the language of the text it stands in
        for field in fields:
            setattr(record, field, _replaced(getattr(record, field), names, in_its_language))
        written = list(fields)
        if translated:
            record.translations = _translations_replaced(record.translations, names, replacement)
            written.append("translations")
        if hasattr(record, "version"):
            versioned_save(record, by=by, update_fields=written)
        else:
            record.save(update_fields=written)


def _replace_in_history(records, field, names, replacement):
    """Replace `names` in `field` of history records: what a row said before keeps no name either."""
    for name in sorted(names, key=len, reverse=True):
        records.filter(**{f"{field}__contains": name}).update(
            **{field: Replace(F(field), Value(name), Value(str(replacement)))}
        )


def _replaced(text, names, replacement):
    for name in names:
        text = text.replace(name, replacement)
    return text


def _translations_replaced(translations, names, replacement):
    """`translations` with `names` replaced, by `replacement` (lazy) as each language reads it."""
    replaced = {}
    for language, texts in (translations or {}).items():
        with override(language):
            replaced[language] = {field: _replaced(text, names, str(replacement)) for field, text in texts.items()}
    return replaced


def _replace_in_log(names, usernames, replacement):
    """The admin's log names objects by their text at the time: the names go there too."""
    entries = LogEntry.objects.all()
    for name in sorted(names, key=len, reverse=True):
        entries.filter(object_repr__contains=name).update(
            object_repr=Replace(F("object_repr"), Value(name), Value(replacement))
        )
    entries.filter(object_repr__in=usernames).update(object_repr=replacement)
