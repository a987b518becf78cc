"""The demo town's committees: a city-marketing committee appointed by the mayor and a national
town-centre management committee, written through the committees' services as the demo's
administrator. Idempotent: objects are found by natural keys and written only when they differ, and
dates count from the day the demo was first loaded."""
import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from committees import services
from committees.models import Attendance, Committee, Document, Meeting, Membership, Organisation, Person, Recommendation
from core.demo import started_at

MARKETING = "city-marketing-committee"
NATIONAL = "national-town-centre-committee"

ORGANISATIONS = [
    ("Municipality of Riverbend", Organisation.Kind.MUNICIPALITY, "https://www.riverbend.example.org"),
    ("Municipality of Lakeford", Organisation.Kind.MUNICIPALITY, ""),
    ("Municipality of Hillcastle", Organisation.Kind.MUNICIPALITY, ""),
    ("Ministry of Economic Development", Organisation.Kind.MINISTRY, ""),
    ("Public Agency for Entrepreneurship and Investment", Organisation.Kind.PUBLIC_AGENCY, ""),
    ("Chamber of Commerce – Trade Section", Organisation.Kind.CHAMBER, ""),
    ("Chamber of Crafts and Small Business", Organisation.Kind.CHAMBER, ""),
    ("Old Town Traders' Association", Organisation.Kind.BUSINESS_ASSOCIATION, ""),
    ("Riverside Café", Organisation.Kind.BUSINESS, ""),
    ("Living Streets Riverbend", Organisation.Kind.NGO, ""),
]

# committee slug, person, organisation, role, volunteer, term start offset (days), term length (days or None)
MEMBERS = [
    (MARKETING, "Maja Novak", "Municipality of Riverbend", "chair", False, -400, 1060),
    (MARKETING, "Tomaž Kralj", "Municipality of Riverbend", "secretary", False, -400, 1060),
    (MARKETING, "Petra Zupan", "Municipality of Riverbend", "member", False, -400, 1060),
    (MARKETING, "Luka Golob", "Chamber of Commerce – Trade Section", "member", False, -400, 1060),
    (MARKETING, "Nina Kos", "Old Town Traders' Association", "vice_chair", False, -400, 1060),
    (MARKETING, "Marko Vidmar", "Riverside Café", "member", True, -400, 440),
    (MARKETING, "Eva Mlakar", "Living Streets Riverbend", "external_expert", True, -400, 1060),
    (MARKETING, "Jure Potočnik", "Chamber of Crafts and Small Business", "member", True, -800, 300),
    (NATIONAL, "Ana Horvat", "Municipality of Riverbend", "chair", False, -500, 1300),
    (NATIONAL, "Tomaž Kralj", "Municipality of Riverbend", "secretary", False, -500, 1300),
    (NATIONAL, "Irena Kovač", "Municipality of Lakeford", "member", False, -500, 1300),
    (NATIONAL, "Bojan Turk", "Municipality of Hillcastle", "member", False, -500, 1300),
    (NATIONAL, "Mojca Koren", "Ministry of Economic Development", "member", False, -500, 1300),
    (NATIONAL, "Andrej Bizjak", "Public Agency for Entrepreneurship and Investment", "member", False, -500, 1300),
    (NATIONAL, "Simona Hribar", "Chamber of Commerce – Trade Section", "vice_chair", False, -500, 1300),
    (NATIONAL, "Gregor Zajc", "Chamber of Crafts and Small Business", "observer", False, -500, 1300),
]

USER_PEOPLE = {
    "Maja Novak": "manager", "Irena Kovač": "national-manager", "Tomaž Kralj": "secretary", "Ana Horvat": "mayor",
}
# The demo accounts that speak for an organisation (OrganisationAccount): the mayor for her municipality.
ACCOUNT_ORGANISATIONS = {"mayor": "Municipality of Riverbend"}


def load(users):
    today = timezone.localdate(started_at(users))
    by = users.get("admin")
    organisations = {
        name: services.organisation_save(name=name, kind=kind, website=website)
        for name, kind, website in ORGANISATIONS
    }
    committees = _committees(today, by)
    people = {}
    for slug, full_name, organisation, role, volunteer, start, length in MEMBERS:
        if full_name not in people:
            people[full_name] = _person(full_name, users.get(USER_PEOPLE.get(full_name)), by)
        term_start = today + datetime.timedelta(days=start)
        committee, person = committees[slug], people[full_name]
        _kept(
            Membership.objects.filter(committee=committee, person=person, role=role).first(),
            {
                "organisation": organisations[organisation],
                "is_volunteer": volunteer,
                "term_start": term_start,
                "term_end": term_start + datetime.timedelta(days=length) if length else None,
                "appointment_reference": "Mayor's decision 014-7/2025" if slug == MARKETING else "Assembly of mayors, 12th session",
                "appointed_on": term_start - datetime.timedelta(days=14),
            },
            create=lambda **values: services.membership_add(
                committee=committee, person=person, role=role, by=by, **values
            ),
            update=lambda row, **values: services.membership_update(
                membership=row, by=by, expected_version=row.version, role=role, **values
            ),
        )
    _meetings(committees, today, by)
    _recommendations(committees, organisations, today, by)
    _organisation_accounts(users, organisations, by)
    _documents(committees)
    return committees


def _organisation_accounts(users, organisations, by):
    for username, name in ACCOUNT_ORGANISATIONS.items():
        user, organisation = users.get(username), organisations[name]
        if user is not None and not organisation.accounts.filter(user=user).exists():
            accounts = [link.user for link in organisation.accounts.select_related("user")]
            services.organisation_accounts_set(organisation=organisation, by=by, users=[*accounts, user])


def _kept(row, values, *, create, update):
    """The demo's row as `values` say: created when missing, updated when it differs, else left
    alone (so loading the demo again writes nothing)."""
    if row is None:
        return create(**values)
    if any(getattr(row, name) != value for name, value in values.items()):
        return update(row, **values)
    return row


def _person(full_name, user, by):
    email = full_name.lower().replace(" ", ".").replace("ž", "z").replace("č", "c") + "@example.org"
    phone = "+386 3 000 00 00"
    person = Person.objects.filter(full_name=full_name).first()
    if person is None:
        return services.person_create(by=by, full_name=full_name, email=email, phone=phone, user=user)
    if (person.email, person.phone) != (email, phone):
        person = services.person_contact_update(
            person=person, by=by, expected_version=person.version, full_name=full_name, email=email, phone=phone
        )
    if person.user_id != getattr(user, "pk", None):
        person = services.person_account_link(person=person, by=by, expected_version=person.version, user=user)
    return person


def _committee(slug, values, by):
    return _kept(
        Committee.objects.filter(slug=slug).first(),
        values,
        create=lambda **values: services.committee_create(by=by, slug=slug, **values),
        update=lambda row, **values: services.committee_update(
            committee=row, by=by, expected_version=row.version, slug=slug, **values
        ),
    )


def _committees(today, by):
    marketing = _committee(
        MARKETING,
        {
            "name": "City Marketing Committee",
            "mandate": (
                "Appointed by the mayor to bring the town centre back to life: market the centre as one "
                "destination, manage vacant commercial premises, connect traders, caterers and other providers, "
                "encourage small business and crafts, and organise joint promotional events."
            ),
            "appointed_by": "Mayor of Riverbend",
            "established_on": today - datetime.timedelta(days=420),
            "is_public": True,
            # The town-centre office's contact, on the public list of units to let (example.org: invented).
            "enquiry_email": "town-centre@riverbend.example.org",
            "enquiry_phone": "+386 3 555 01 20",
        },
        by,
    )
    national = _committee(
        NATIONAL,
        {
            "name": "National Committee for Town-Centre Management",
            "mandate": (
                "A committee of the association of city municipalities, with a ministry, the public agency for "
                "entrepreneurship and the chambers: exchanges good practice, runs a training programme for "
                "town-centre managers, keeps a handbook of measures and writes recommendations for mayors and "
                "state institutions."
            ),
            "appointed_by": "Assembly of mayors of the association of city municipalities",
            "established_on": today - datetime.timedelta(days=520),
            "is_public": True,
        },
        by,
    )
    return {MARKETING: marketing, NATIONAL: national}


MEETINGS = [
    # committee, title, days from today, status, agenda, minutes
    (MARKETING, "Constitutive session", -380, "held",
     "1. Appointment decision and rules of procedure\n2. Priorities for the first year\n3. Resident survey on the vision of the centre",
     "The committee adopted its rules of procedure, chose vacant premises and joint events as first priorities, "
     "and agreed to run a resident survey on the vision of the centre until the end of February."),
    (MARKETING, "Vacant premises and pop-up shops", -120, "held",
     "1. Register of vacant premises\n2. Pop-up shop scheme and rent support\n3. Summer evening market",
     "Eleven vacant units are registered. Owners of four agreed to pop-up leases. The evening market runs on "
     "Thursdays in July and August."),
    (MARKETING, "Autumn promotion", -20, "held",
     "1. Christmas market\n2. Joint loyalty card for traders", ""),
    (MARKETING, "Survey results and next year's programme", 21, "planned",
     "1. Results of the vision survey\n2. Programme and budget for next year\n3. Square renovation timetable", ""),
    (NATIONAL, "First session of the committee", -300, "held",
     "1. Work programme\n2. Training programme for town-centre managers\n3. Handbook of measures",
     "The committee adopted its work programme and asked the agency to prepare a training programme for "
     "town-centre managers in spring."),
    (NATIONAL, "Good-practice exchange", -60, "held",
     "1. Presentations of three cities\n2. Recommendations to mayors on vacant premises",
     "Three cities presented their vacant-premises schemes. The committee adopted recommendations to mayors."),
    (NATIONAL, "Financing town-centre revival", 45, "planned",
     "1. National programme and EU funds\n2. Recommendations to state institutions", ""),
]


def _meetings(committees, today, by):
    for slug, title, days, status, agenda, minutes in MEETINGS:
        committee = committees[slug]
        starts_at = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(17, 0))
        )
        meeting = _kept(
            Meeting.objects.filter(committee=committee, title=title).first(),
            {
                "starts_at": starts_at,
                "place": "Town Hall, small council room" if slug == MARKETING else "Association offices",
                "agenda": agenda,
            },
            create=lambda **values: services.meeting_schedule(committee=committee, by=by, title=title, **values),
            update=lambda row, **values: services.meeting_update(
                meeting=row, by=by, expected_version=row.version, title=title, **values
            ),
        )
        _record(meeting, {"status": status, "minutes": minutes, "minutes_published": bool(minutes)}, by)


def _record(meeting, outcome, by):
    """How the meeting went; at a held meeting, every member of the day attended unless recorded otherwise."""
    attendance = {}
    if outcome["status"] == Meeting.Status.HELD:
        unrecorded = meeting.memberships_of_the_day().exclude(person__attendances__meeting=meeting)
        unrecorded = unrecorded.select_related("person")
        attendance = {membership.person: Attendance.Presence.PRESENT for membership in unrecorded}
    if attendance or any(getattr(meeting, name) != value for name, value in outcome.items()):
        services.meeting_record(
            meeting=meeting, by=by, expected_version=meeting.version, attendance=attendance, **outcome
        )


RECOMMENDATIONS = [
    # committee, title, addressed to, the committee's last step, adopted (days from today), reply due
    # (days from today), text
    (NATIONAL, "Register vacant commercial premises in every town centre", "mayors", "sent", -60, 30,
     "Keep a public register of vacant ground-floor premises in the centre, updated every quarter, and offer "
     "owners a contact point for pop-up and temporary uses."),
    (NATIONAL, "Appoint a town-centre manager in each city municipality", "mayors", "sent", -60, -5,
     "Give one person in the municipal administration the job of coordinating the centre's traders, events "
     "and premises, with a budget line of their own."),
    (NATIONAL, "Open a national call for town-centre revival projects", "state_institutions", "sent", -300, -230,
     "Fund the renovation of premises and public spaces in town centres through a yearly national call."),
    (MARKETING, "Joint opening hours on Saturdays", "businesses", "adopted", -120, None,
     "Shops and cafés in the old town agree on common opening hours on Saturdays until 18:00."),
    (MARKETING, "Reduced municipal rent for pop-up shops", "municipal_administration", "sent", -380, -340,
     "Let municipally owned vacant premises to pop-up shops at a reduced rent for up to twelve months."),
]

# Whom each recommendation goes to, and their replies: (kind, days after sending, text).
ADDRESSEES = {
    "Register vacant commercial premises in every town centre": {
        "Municipality of Riverbend": [("interim", 12, "The mayor will put the register to the council at its autumn session.")],
        "Municipality of Lakeford": [("accepted", 20, "We will publish the register on the municipal website from next quarter.")],
        "Municipality of Hillcastle": [],
    },
    "Appoint a town-centre manager in each city municipality": {
        "Municipality of Riverbend": [
            ("accepted", 9, "We agree and are preparing the post."),
            ("implemented", 30, "A town-centre manager was appointed in the economy department, with a budget line of her own."),
        ],
        "Municipality of Lakeford": [("rejected", 40, "There is no budget for a new post this year; the economy department takes on the tasks.")],
        "Municipality of Hillcastle": [],
        "Ministry of Economic Development": [("interim", 15, "We will consider co-funding the posts in the next programme period.")],
    },
    "Open a national call for town-centre revival projects": {
        "Ministry of Economic Development": [
            ("interim", 20, "We will consider it when preparing next year's budget."),
            ("accepted", 83, "A call for town-centre revival projects is planned in next year's programme."),
        ],
        "Public Agency for Entrepreneurship and Investment": [("accepted", 60, "The agency will run the call once it is funded.")],
    },
    "Joint opening hours on Saturdays": {
        "Old Town Traders' Association": [],
        "Riverside Café": [],
    },
    "Reduced municipal rent for pop-up shops": {
        "Municipality of Riverbend": [
            ("accepted", 83, "The mayor supports it and proposes it to the council."),
            ("implemented", 293, "The council approved the reduced rent; four pop-up shops have opened."),
        ],
    },
}

# The steps the committee takes itself, and their days after adoption; replies take it on from there.
STEP_DAYS = {"adopted": 0, "sent": 7}


def _recommendations(committees, organisations, today, by):
    for slug, title, addressed_to, status, adopted_days, due_days, text in RECOMMENDATIONS:
        committee = committees[slug]
        adopted_on = today + datetime.timedelta(days=adopted_days)
        recommendation = _kept(
            Recommendation.objects.filter(committee=committee, title=title).first(),
            {
                "text": text,
                "addressed_to": addressed_to,
                "response_due_on": today + datetime.timedelta(days=due_days) if due_days is not None else None,
                "meeting": Meeting.objects.filter(committee=committee, starts_at__date__lte=adopted_on)
                .order_by("-starts_at")
                .first(),
            },
            create=lambda **values: services.recommendation_create(committee=committee, by=by, title=title, **values),
            update=lambda row, **values: services.recommendation_update(
                recommendation=row, by=by, expected_version=row.version, title=title, **values
            ),
        )
        replies = {organisations[name]: answers for name, answers in ADDRESSEES[title].items()}
        services.recommendation_addressees_add(
            recommendation=recommendation, by=by, organisations=list(replies), sent_on=recommendation.sent_on
        )
        recommendation = _move(recommendation, status, adopted_on, by)
        _replies(recommendation, replies, by)


def _move(recommendation, status, adopted_on, by):
    """Take the recommendation through the steps up to `status` that it has not taken yet."""
    steps = list(STEP_DAYS)[: list(STEP_DAYS).index(status) + 1]
    if recommendation.status != Recommendation.Status.DRAFT and recommendation.status not in steps:
        return recommendation  # its addressees' replies took it further
    taken = steps.index(recommendation.status) + 1 if recommendation.status in steps else 0
    for step in steps[taken:]:
        recommendation = services.recommendation_move(
            recommendation=recommendation, by=by, expected_version=recommendation.version, status=step,
            on=adopted_on + datetime.timedelta(days=STEP_DAYS[step]),
        )
    return recommendation


def _replies(recommendation, replies, by):
    """Each addressee's replies that are not recorded yet, counted in days from its sending."""
    for addressee in recommendation.addressees.filter(sent_on__isnull=False).select_related("organisation"):
        recorded = set(addressee.replies.values_list("kind", "received_on"))
        for kind, days, text in replies.get(addressee.organisation, []):
            received_on = addressee.sent_on + datetime.timedelta(days=days)
            if (kind, received_on) not in recorded:
                services.addressee_reply_record(addressee=addressee, by=by, received_on=received_on, kind=kind, text=text)


DOCUMENTS = [
    # committee, title, kind, public, meeting title (or None), file name, content
    (NATIONAL, "Handbook of town-centre management measures", "handbook", True, None, "handbook.txt",
     "Handbook of town-centre management measures\n\n"
     "1. Appoint a town-centre manager with a budget line of their own.\n"
     "2. Keep a public register of vacant ground-floor premises, updated every quarter.\n"
     "3. Offer owners of vacant premises a contact point for pop-up and temporary uses.\n"
     "4. Agree common opening hours and joint promotion with traders and caterers.\n"
     "5. Start decisions from residents' views: survey them, and publish what they said.\n"),
    (NATIONAL, "Good-practice exchange: summary of the three cities' schemes", "workshop_summary", True,
     "Good-practice exchange", "good-practice-summary.txt",
     "Summary of the good-practice exchange\n\n"
     "Riverbend: pop-up leases for four vacant units, reduced municipal rent for twelve months.\n"
     "Lakeford: a joint loyalty card for thirty shops and cafés.\n"
     "Hillcastle: a Thursday evening market in July and August on the main square.\n"),
    (MARKETING, "Register of vacant premises (owners' contacts)", "other", False,
     "Vacant premises and pop-up shops", "vacant-premises.csv",
     "address,floor area m2,owner agreed to pop-up lease\n"
     "Main Square 3,64,yes\nMain Square 11,120,no\nMill Street 5,45,yes\nBridge Street 2,80,yes\n"),
]


# What each document is about: the site search finds these words too.
DOCUMENT_DESCRIPTIONS = {
    "Handbook of town-centre management measures": "Five measures a town can start with: a manager, a register of "
    "vacant premises, pop-up uses, common opening hours and asking residents.",
    "Good-practice exchange: summary of the three cities' schemes": "Pop-up leases in Riverbend, a joint loyalty "
    "card in Lakeford and an evening market in Hillcastle.",
    "Register of vacant premises (owners' contacts)": "Vacant units with their floor area and whether the owner "
    "agreed to a pop-up lease.",
}


def _documents(committees):
    for slug, title, kind, public, meeting_title, filename, content in DOCUMENTS:
        committee = committees[slug]
        meeting = Meeting.objects.filter(committee=committee, title=meeting_title).first() if meeting_title else None
        details = {"title": title, "kind": kind, "is_public": public, "meeting": meeting,
                   "description": DOCUMENT_DESCRIPTIONS.get(title, "")}
        document = Document.objects.filter(committee=committee, title=title).first()
        if document is None:
            services.document_upload(committee=committee, file=ContentFile(content.encode(), name=filename), **details)
            continue
        # Written once: a second run keeps the stored file rather than adding a copy.
        file_lost = not document.file or not document.file.storage.exists(document.file.name)
        if file_lost or any(getattr(document, name) != value for name, value in details.items()):
            file = ContentFile(content.encode(), name=filename) if file_lost else None
            services.document_update(document=document, file=file, **details)
