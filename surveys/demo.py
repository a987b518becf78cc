"""The demo town's surveys: the resident survey on the vision of the centre (open for three weeks
after the demo's first load, about 400 responses) with its closed earlier wave, and an
invitation-only survey of businesses.

Idempotent: surveys, pages, questions and choices are found by natural keys and saved only when
they differ; responses are generated (seeded, so the same every time) only when a survey has none
yet; times count from the moment the demo was first loaded.
The vision survey (both waves) is in all four languages; the business survey in English only, so
a reader of another language sees it marked as the original and is offered English.
Printed demo invitation codes: BIZ00-00001 … BIZ00-00060 (the first 24 are used).
"""
import datetime
import random
from decimal import Decimal

from committees.models import Committee
from core.demo import started_at
from surveys import services
from core.translated import with_translation
from surveys.models import (
    Answer, Invitation, Question, Response, Survey, hash_invitation_code, questionnaire_items, submission_hour,
)

MARKETING = "city-marketing-committee"
TRANSLATED_INTO = ("sl", "pl", "fa")  # the vision survey is written in English and translated into these
K = Question.Kind

AGES = ["Under 18", "18–29", "30–44", "45–64", "65 or over"]
FREQUENCY = ["Every day", "Several times a week", "Once a week", "A few times a month", "Rarely"]
REASONS = ["Shopping", "Cafés and restaurants", "Work or school", "Culture and events", "Public services", "Walking and meeting people"]
TRAVEL = ["On foot", "By bike", "By bus", "By car"]
MISSING = [
    "Everyday shops (groceries, bakery)", "Places for children", "Green spaces and shade", "Evening events",
    "Affordable cafés", "Public toilets", "Parking", "Benches and places to sit",
]
AWAY = ["Nothing I need is there", "Parking is hard", "Prices are high", "It is too far", "I do not feel safe"]
CAR_FREE = ["Yes, more often", "It would make no difference", "No, less often"]

# (section, text, kind, options, extra settings)
VISION_QUESTIONS = [
    (1, "How old are you?", K.SINGLE, AGES, {"required": True}),
    (1, "How often do you come to the town centre?", K.SINGLE, FREQUENCY, {"required": True}),
    (1, "Why do you come to the centre?", K.MULTIPLE, REASONS, {"max_choices": 3, "help_text": "Choose up to three."}),
    (1, "How do you usually get there?", K.SINGLE, TRAVEL, {"allow_other": True}),
    (1, "Overall, how satisfied are you with the town centre?", K.SCALE, [],
     {"required": True, "low_label": "very dissatisfied", "high_label": "very satisfied"}),
    (1, "Do you feel safe in the centre in the evening?", K.YES_NO, [], {}),
    (2, "What keeps you away from the centre?", K.MULTIPLE, AWAY,
     {"help_text": "Asked because you come rarely.", "show_if": ("How often do you come to the town centre?", ["Rarely"])}),
    (2, "What is missing in the centre?", K.MULTIPLE, MISSING,
     {"is_headline": True, "required": True, "min_choices": 1, "max_choices": 3, "help_text": "Choose one to three."}),
    (2, "How important is it to fill the empty shop windows?", K.SCALE, [],
     {"low_label": "not important", "high_label": "very important"}),
    (2, "Would you come more often if the Main Square were car-free?", K.SINGLE, CAR_FREE, {"required": True}),
    (2, "How likely are you to recommend the centre to a friend for an afternoon out?", K.RATING, [],
     {"low_label": "not at all", "high_label": "certainly"}),
    (2, "About how much do you spend in the centre on a typical visit (EUR)?", K.NUMBER, [],
     {"min_value": Decimal("0"), "max_value": Decimal("2000")}),
    (2, "In one sentence: what would bring you to the centre more often?", K.SHORT_TEXT, [], {}),
    (2, "Anything else you would like to tell the committee?", K.LONG_TEXT, [], {}),
]
VISION_SECTIONS = {1: ("You and the centre", "A few questions about how you use the town centre today."),
                   2: ("The centre you want", "What would make the centre a place you like to come to?")}

# (English original): (Slovenian, Polish, Persian) — every text of the vision survey, both waves.
VISION_TRANSLATIONS = {
    "The town centre we want": (
        "Mestno središče, kakršno si želimo", "Centrum miasta, jakiego chcemy", "مرکز شهری که می‌خواهیم"),
    "The town centre we want (first wave)": (
        "Mestno središče, kakršno si želimo (prvi val)", "Centrum miasta, jakiego chcemy (pierwsza edycja)",
        "مرکز شهری که می‌خواهیم (دور نخست)"),
    "What do you miss in the town centre, and what would bring you there more often? "
    "Your answers shape the committee's programme.": (
        "Kaj pogrešate v mestnem središču in kaj bi vas vanj privabilo pogosteje? Vaši odgovori bodo oblikovali "
        "program odbora.",
        "Czego brakuje w centrum miasta i co zachęciłoby Państwa do częstszych odwiedzin? Państwa odpowiedzi "
        "wpłyną na program komisji.",
        "در مرکز شهر جای چه چیزی خالی است و چه چیزی شما را بیشتر به آنجا می‌کشاند؟ پاسخ‌های شما برنامهٔ "
        "کمیته را شکل می‌دهد."),
    "A year ago 250 residents told us what the centre is missing. Some things have changed since: "
    "tell us how the centre is doing now and what should come next. It takes about five minutes.": (
        "Pred letom dni nam je 250 prebivalcev povedalo, kaj v središču manjka. Od takrat se je nekaj spremenilo: "
        "povejte nam, kako je s središčem danes in kaj naj pride na vrsto zdaj. Vzame vam približno pet minut.",
        "Rok temu 250 mieszkańców powiedziało nam, czego brakuje w centrum. Od tego czasu kilka rzeczy się "
        "zmieniło: prosimy powiedzieć, jak dziś oceniają Państwo centrum i czym powinniśmy zająć się teraz. "
        "Wypełnienie ankiety zajmie około pięciu minut.",
        "یک سال پیش ۲۵۰ نفر از ساکنان به ما گفتند که مرکز شهر چه کم دارد. از آن زمان چیزهایی تغییر کرده است: "
        "به ما بگویید مرکز شهر اکنون در چه وضعی است و گام بعدی چه باید باشد. پاسخ‌دادن حدود پنج دقیقه طول می‌کشد."),
    "Thank you! The results will be presented at the committee's public meeting.": (
        "Hvala! Rezultate bomo predstavili na javni seji odbora.",
        "Dziękujemy! Wyniki zostaną przedstawione na otwartym posiedzeniu komisji.",
        "سپاسگزاریم! نتایج در جلسهٔ عمومی کمیته ارائه خواهد شد."),
    "Thank you for your time! The results so far are public, and the committee will discuss "
    "them at its next meeting.": (
        "Hvala za vaš čas! Dosedanji rezultati so javni, odbor pa jih bo obravnaval na naslednji seji.",
        "Dziękujemy za poświęcony czas! Dotychczasowe wyniki są jawne, a komisja omówi je na najbliższym posiedzeniu.",
        "از وقتی که گذاشتید سپاسگزاریم! نتایج تا این لحظه عمومی است و کمیته آن‌ها را در جلسهٔ بعدی خود بررسی می‌کند."),
    "You and the centre": ("Vi in središče", "Państwo i centrum miasta", "شما و مرکز شهر"),
    "A few questions about how you use the town centre today.": (
        "Nekaj vprašanj o tem, kako danes uporabljate mestno središče.",
        "Kilka pytań o to, jak dziś korzystają Państwo z centrum miasta.",
        "چند پرسش دربارهٔ اینکه امروز چگونه از مرکز شهر استفاده می‌کنید."),
    "The centre you want": ("Središče, ki si ga želite", "Centrum, jakiego Państwo chcą", "مرکز شهری که می‌خواهید"),
    "What would make the centre a place you like to come to?": (
        "Kaj bi iz središča naredilo kraj, kamor radi pridete?",
        "Co sprawiłoby, że centrum stałoby się miejscem, do którego chętnie Państwo przychodzą?",
        "چه چیزی مرکز شهر را به جایی تبدیل می‌کند که دوست داشته باشید به آن سر بزنید؟"),
    "How old are you?": ("Koliko ste stari?", "Proszę wskazać swój wiek.", "چند سال دارید؟"),
    "Under 18": ("Manj kot 18", "Poniżej 18 lat", "کمتر از ۱۸ سال"),
    "18–29": ("18–29", "18–29 lat", "۱۸ تا ۲۹ سال"),
    "30–44": ("30–44", "30–44 lata", "۳۰ تا ۴۴ سال"),
    "45–64": ("45–64", "45–64 lata", "۴۵ تا ۶۴ سال"),
    "65 or over": ("65 ali več", "65 lat lub więcej", "۶۵ سال یا بیشتر"),
    "How often do you come to the town centre?": (
        "Kako pogosto prihajate v mestno središče?", "Jak często odwiedzają Państwo centrum miasta?",
        "هر چند وقت یک بار به مرکز شهر می‌آیید؟"),
    "Every day": ("Vsak dan", "Codziennie", "هر روز"),
    "Several times a week": ("Večkrat na teden", "Kilka razy w tygodniu", "چند بار در هفته"),
    "Once a week": ("Enkrat na teden", "Raz w tygodniu", "هفته‌ای یک بار"),
    "A few times a month": ("Nekajkrat na mesec", "Kilka razy w miesiącu", "چند بار در ماه"),
    "Rarely": ("Redko", "Rzadko", "به‌ندرت"),
    "Why do you come to the centre?": (
        "Zakaj prihajate v središče?", "W jakim celu przychodzą Państwo do centrum?", "برای چه به مرکز شهر می‌آیید؟"),
    "Choose up to three.": ("Izberite največ tri odgovore.", "Można wybrać najwyżej trzy odpowiedzi.",
                            "حداکثر سه مورد را انتخاب کنید."),
    "Shopping": ("Nakupovanje", "Zakupy", "خرید"),
    "Cafés and restaurants": ("Kavarne in restavracije", "Kawiarnie i restauracje", "کافه‌ها و رستوران‌ها"),
    "Work or school": ("Služba ali šola", "Praca lub szkoła", "کار یا مدرسه"),
    "Culture and events": ("Kultura in prireditve", "Kultura i wydarzenia", "فرهنگ و رویدادها"),
    "Public services": ("Javne storitve", "Sprawy urzędowe i usługi publiczne", "خدمات عمومی"),
    "Walking and meeting people": ("Sprehodi in druženje", "Spacery i spotkania ze znajomymi",
                                   "پیاده‌روی و دیدار با دیگران"),
    "How do you usually get there?": ("Kako običajno pridete tja?", "Jak zwykle Państwo tam docierają?",
                                      "معمولاً چطور به آنجا می‌روید؟"),
    "On foot": ("Peš", "Pieszo", "پیاده"),
    "By bike": ("S kolesom", "Rowerem", "با دوچرخه"),
    "By bus": ("Z avtobusom", "Autobusem", "با اتوبوس"),
    "By car": ("Z avtomobilom", "Samochodem", "با خودرو"),
    "Overall, how satisfied are you with the town centre?": (
        "Kako ste na splošno zadovoljni z mestnim središčem?",
        "Jak bardzo są Państwo ogólnie zadowoleni z centrum miasta?",
        "روی هم رفته چقدر از مرکز شهر راضی هستید؟"),
    "very dissatisfied": ("zelo nezadovoljni", "bardzo niezadowoleni", "بسیار ناراضی"),
    "very satisfied": ("zelo zadovoljni", "bardzo zadowoleni", "بسیار راضی"),
    "Do you feel safe in the centre in the evening?": (
        "Se zvečer v središču počutite varno?", "Czy czują się Państwo bezpiecznie w centrum wieczorem?",
        "آیا شب‌ها در مرکز شهر احساس امنیت می‌کنید؟"),
    "What keeps you away from the centre?": (
        "Kaj vas odvrača od obiska središča?", "Co zniechęca Państwa do przychodzenia do centrum?",
        "چه چیزی شما را از آمدن به مرکز شهر بازمی‌دارد؟"),
    "Asked because you come rarely.": (
        "To vprašanje vidite, ker ste odgovorili, da prihajate redko.",
        "To pytanie widzą Państwo, ponieważ zaznaczyli Państwo, że przychodzą rzadko.",
        "این پرسش را می‌بینید چون گفتید به‌ندرت به مرکز شهر می‌آیید."),
    "Nothing I need is there": ("Tam ni ničesar, kar potrebujem", "Nie ma tam niczego, czego potrzebuję",
                                "چیزی که لازم دارم آنجا نیست"),
    "Parking is hard": ("Težko je najti parkirno mesto", "Trudno znaleźć miejsce do parkowania",
                        "پیدا کردن جای پارک سخت است"),
    "Prices are high": ("Cene so visoke", "Ceny są wysokie", "قیمت‌ها بالاست"),
    "It is too far": ("Predaleč je", "To za daleko", "خیلی دور است"),
    "I do not feel safe": ("Tam se ne počutim varno", "Nie czuję się tam bezpiecznie", "آنجا احساس امنیت نمی‌کنم"),
    "What is missing in the centre?": ("Kaj v središču manjka?", "Czego brakuje w centrum?", "مرکز شهر چه کم دارد؟"),
    "Choose one to three.": ("Izberite najmanj enega in največ tri odgovore.",
                             "Proszę wybrać od jednej do trzech odpowiedzi.", "یک تا سه مورد را انتخاب کنید."),
    "Everyday shops (groceries, bakery)": ("Trgovine za vsakdanje nakupe (živila, pekarna)",
                                           "Sklepy na co dzień (spożywczy, piekarnia)",
                                           "مغازه‌های روزمره (خواربارفروشی، نانوایی)"),
    "Places for children": ("Prostori za otroke", "Miejsca dla dzieci", "جاهایی برای کودکان"),
    "Green spaces and shade": ("Zelenje in senca", "Zieleń i cień", "فضای سبز و سایه"),
    "Evening events": ("Večerne prireditve", "Wydarzenia wieczorne", "برنامه‌های شبانه"),
    "Affordable cafés": ("Cenovno dostopne kavarne", "Niedrogie kawiarnie", "کافه‌های ارزان"),
    "Public toilets": ("Javna stranišča", "Toalety publiczne", "سرویس بهداشتی عمومی"),
    "Parking": ("Parkirišča", "Miejsca parkingowe", "جای پارک"),
    "Benches and places to sit": ("Klopi in prostori za posedanje", "Ławki i miejsca do siedzenia",
                                  "نیمکت و جای نشستن"),
    "How important is it to fill the empty shop windows?": (
        "Kako pomembno je, da prazne izložbe spet zaživijo?",
        "Jak ważne jest zagospodarowanie pustych witryn sklepowych?",
        "پر کردن ویترین‌های خالی مغازه‌ها چقدر اهمیت دارد؟"),
    "not important": ("ni pomembno", "nieważne", "بی‌اهمیت"),
    "very important": ("zelo pomembno", "bardzo ważne", "بسیار مهم"),
    "Would you come more often if the Main Square were car-free?": (
        "Bi prihajali pogosteje, če bi bil Glavni trg brez avtomobilov?",
        "Czy przychodziliby Państwo częściej, gdyby na Rynku nie było samochodów?",
        "اگر میدان اصلی شهر بدون خودرو بود، بیشتر می‌آمدید؟"),
    "Yes, more often": ("Da, pogosteje", "Tak, częściej", "بله، بیشتر"),
    "It would make no difference": ("Ne bi bilo razlike", "Nie miałoby to znaczenia", "فرقی نمی‌کرد"),
    "No, less often": ("Ne, redkeje", "Nie, rzadziej", "نه، کمتر"),
    "How likely are you to recommend the centre to a friend for an afternoon out?": (
        "Kako verjetno bi središče priporočili prijatelju ali prijateljici za popoldanski izlet?",
        "Jak bardzo prawdopodobne jest, że polecą Państwo centrum znajomym na popołudniowe wyjście?",
        "چقدر احتمال دارد مرکز شهر را برای گذراندن یک بعدازظهر به دوستی پیشنهاد کنید؟"),
    "not at all": ("sploh ne", "wcale", "اصلاً"),
    "certainly": ("zagotovo", "na pewno", "حتماً"),
    "About how much do you spend in the centre on a typical visit (EUR)?": (
        "Približno koliko porabite v središču ob običajnem obisku (EUR)?",
        "Ile mniej więcej wydają Państwo w centrum podczas zwykłej wizyty (EUR)?",
        "در یک بار آمدن معمولی، حدوداً چقدر در مرکز شهر خرج می‌کنید (یورو)؟"),
    "In one sentence: what would bring you to the centre more often?": (
        "V enem stavku: kaj bi vas pogosteje privabilo v središče?",
        "W jednym zdaniu: co zachęciłoby Państwa do częstszego przychodzenia do centrum?",
        "در یک جمله: چه چیزی شما را بیشتر به مرکز شهر می‌کشاند؟"),
    "Anything else you would like to tell the committee?": (
        "Bi želeli odboru sporočiti še kaj?", "Czy chcieliby Państwo przekazać komisji coś jeszcze?",
        "چیز دیگری هست که بخواهید به کمیته بگویید؟"),
}

BUSINESS_QUESTIONS = [
    (1, "What kind of business do you run?", K.SINGLE,
     ["Shop", "Café, bar or restaurant", "Crafts or services", "Office", "Culture or leisure"], {"required": True, "allow_other": True}),
    (1, "How many people work in your business in the centre?", K.NUMBER, [], {"min_value": Decimal("1"), "max_value": Decimal("500")}),
    (1, "How did your business do in the last twelve months?", K.SCALE, [],
     {"required": True, "low_label": "much worse", "high_label": "much better"}),
    (2, "What are the biggest obstacles?", K.MULTIPLE,
     ["Rent", "Too few visitors", "Parking and deliveries", "Opening hours of others", "Online competition", "Permits"],
     {"max_choices": 3}),
    (2, "Would you take part in joint events and late-night shopping?", K.YES_NO, [], {"required": True}),
    (2, "What should the committee do first?", K.LONG_TEXT, [], {}),
]
BUSINESS_SECTIONS = {1: ("Your business", ""), 2: ("Working together", "")}

BRING_ME = [
    "More places to sit in the shade.", "A weekly farmers' market on the square.", "Evening concerts in summer.",
    "A playground near the cafés.", "Cheaper parking for an hour or two.", "Shops that are open on Saturday afternoon.",
    "A proper bakery and a greengrocer.", "Fewer cars on Main Street.", "Free public toilets.", "Events for teenagers.",
    "Better bus connections in the evening.", "A cinema or a small theatre.", "Flowers and trees instead of empty shop windows.",
]
ANYTHING_ELSE = [
    "The Old Town has so much potential, please keep the old facades.",
    "Thank you for asking us. Please publish what you do with the answers.",
    "Empty shop windows make the street feel sad; pop-up shops were a great idea.",
    "Please think of older people: benches every hundred metres would help a lot.",
    "Delivery vans block the street every morning.",
    "The advent market was lovely, more of that during the year please.",
    "Cycling through the centre is dangerous, we need a bike lane.",
]


def load(users):
    committee = Committee.objects.get(slug=MARKETING)
    now = started_at(users)
    by = users.get("manager")
    earlier = _survey("vision-of-the-centre-2024", committee, {
        "title": "The town centre we want (first wave)",
        "introduction": "What do you miss in the town centre, and what would bring you there more often? "
                        "Your answers shape the committee's programme.",
        "opens_at": now - datetime.timedelta(days=420), "closes_at": now - datetime.timedelta(days=380),
        "is_published": True, "access": Survey.Access.ONE_PER_BROWSER, "results_public": True,
        "publish_free_text": True, "previous_wave": None,
        "thank_you_text": "Thank you! The results will be presented at the committee's public meeting.",
    }, by)
    _questionnaire(earlier, VISION_SECTIONS, VISION_QUESTIONS, by)
    current = _survey("vision-of-the-centre", committee, {
        "title": "The town centre we want",
        "introduction": "A year ago 250 residents told us what the centre is missing. Some things have changed since: "
                        "tell us how the centre is doing now and what should come next. It takes about five minutes.",
        "opens_at": now - datetime.timedelta(days=14), "closes_at": now + datetime.timedelta(days=21),
        "is_published": True, "access": Survey.Access.ONE_PER_BROWSER, "results_public": True,
        "publish_free_text": True, "previous_wave": earlier,
        "thank_you_text": "Thank you for your time! The results so far are public, and the committee will discuss "
                          "them at its next meeting.",
    }, by)
    _questionnaire(current, VISION_SECTIONS, VISION_QUESTIONS, by, copied_from=earlier)
    earlier = _translated(earlier, VISION_TRANSLATIONS, by)
    current = _translated(current, VISION_TRANSLATIONS, by)
    business = _survey("doing-business-in-the-centre", committee, {
        "title": "Doing business in the centre",
        "introduction": "For shops, cafés, crafts and offices in the centre: how is business, and what should the committee do first?",
        "opens_at": now - datetime.timedelta(days=7), "closes_at": now + datetime.timedelta(days=30),
        "is_published": True, "access": Survey.Access.INVITATION, "results_public": False, "previous_wave": None,
        "thank_you_text": "Thank you! The traders' association and the committee will discuss the results in spring.",
    }, by)
    _questionnaire(business, BUSINESS_SECTIONS, BUSINESS_QUESTIONS, by)
    current = _informs(current, ["pop-up-shops", "main-square-renovation", "joint-promotional-events", "riverside-recreation-space"], by)
    earlier = _informs(earlier, ["pop-up-shops", "main-square-renovation"], by)
    business = _informs(business, ["rent-support", "entrepreneurship-incentives"], by)
    earlier, current, business = (_published(survey, by) for survey in (earlier, current, business))
    _invitations(business)
    _responses(earlier, 250, seed=2024, mood=0, now=now)
    _responses(current, 400, seed=2025, mood=1, now=now)
    _responses(business, 24, seed=7, mood=0, now=now)
    return {"earlier": earlier, "current": current, "business": business}


def _survey(slug, committee, fields, by):
    """The survey as `fields` says, published only once its questionnaire is there (_published)."""
    values = {"committee": committee, **fields}
    survey = Survey.objects.filter(slug=slug).first()
    if survey is None:
        return services.survey_create(by=by, slug=slug, **{**values, "is_published": False})
    if not survey.is_published:
        values.pop("is_published")
    return _saved(services.survey_update, "survey", survey, by=by, changes=_differing(survey, values))


def _published(survey, by):
    if survey.is_published:
        return survey
    return services.survey_publish(survey=survey, by=by, expected_version=survey.version)


def _translated(survey, translations, by):
    """`survey` with every text translated as `translations` says ({original: (sl, pl, fa)}; a text it
    does not name is an error), saved per language only where a translation differs."""
    items = questionnaire_items(survey, survey.sections.all(), survey.questions.prefetch_related("choices"))
    for index, language in enumerate(TRANSLATED_INTO):
        texts = {
            item: {name: translations[getattr(item, name)][index] for name in item.translated_fields if getattr(item, name)}
            for item in items
        }
        if any(with_translation(item, language, given) != item.translations for item, given in texts.items()):
            survey = services.survey_translate(
                survey=survey, by=by, language=language, expected_version=survey.version, texts=texts,
            )
    return survey


def _questionnaire(survey, sections, questions, by, copied_from=None):
    pages = {}
    for number, (title, description) in sections.items():
        page = survey.sections.filter(order=number).first()
        if page is None:
            page = services.section_create(survey=survey, by=by, title=title, description=description, order=number)
        changes = _differing(page, {"title": title, "description": description})
        pages[number] = _saved(services.section_update, "section", page, by=by, changes=changes)
    for order, (page, text, kind, options, extra) in enumerate(questions, start=1):
        extra = dict(extra)
        show_if = extra.pop("show_if", None)
        source = copied_from.questions.filter(text=text).first() if copied_from else None
        values = {"section": pages[page], "order": order, "kind": kind, "copied_from": source, "is_headline": False, **extra}
        if show_if:
            controlling = survey.questions.get(text=show_if[0])
            values.update(show_if_question=controlling, show_if_choices=list(controlling.choices.filter(text__in=show_if[1])))
        _question(survey, text, values, options, source, by)


def _question(survey, text, values, options, source, by):
    question = survey.questions.filter(text=text).first()
    stored = {choice.text: choice for choice in question.choices.all()} if question else {}
    choices = []
    for position, option in enumerate(options, start=1):
        wanted = {"text": option, "order": position, "copied_from": source.choices.filter(text=option).first() if source else None}
        choice = stored.get(option)
        if choice is None or _differing(choice, wanted):
            choices.append({"id": choice and choice.pk, **wanted})
    if question is None:
        return services.question_create(by=by, text=text, choices=choices, **values)
    changes = _differing(question, values)
    if not (changes or choices):
        return question
    return services.question_update(question=question, by=by, expected_version=question.version, choices=choices, **changes)


def _differing(row, values):
    """The values that differ from the row's (a list for a many-to-many field): what a second load must not write."""
    return {
        name: value for name, value in values.items()
        if (set(getattr(row, name).all()) if isinstance(value, list) else getattr(row, name)) != (
            set(value) if isinstance(value, list) else value
        )
    }


def _saved(service, name, row, *, by, changes):
    """`row` saved through `service` (which takes it as `name`) with `changes`, or as it is when nothing differs."""
    if not changes:
        return row
    return service(**{name: row}, by=by, expected_version=row.version, **changes)


def _informs(survey, initiative_slugs, by):
    from initiatives.models import Initiative

    wanted = list(Initiative.objects.filter(slug__in=initiative_slugs))
    return _saved(services.survey_update, "survey", survey, by=by, changes=_differing(survey, {"informs": wanted}))


def _invitations(survey):
    for number in range(1, 61):
        # get_or_create: a code's use is history, not something a second run should move.
        Invitation.objects.get_or_create(
            token_hash=hash_invitation_code(f"BIZ00{number:05d}"),
            defaults={"survey": survey, "is_used": number <= 24},
        )


def _responses(survey, count, seed, mood, now):
    """Seeded respondents whose answers hang together: age shapes habits and wishes, habits shape
    satisfaction; mood lifts the later wave a little."""
    if survey.responses.exists():
        return
    rng = random.Random(seed)
    questions = {q.text: q for q in survey.questions.prefetch_related("choices")}
    span = (min(survey.closes_at, now) - survey.opens_at).total_seconds()
    responses = Response.objects.bulk_create([
        Response(survey=survey, language=rng.choices(["en", "sl"], [3, 7])[0],
                 submitted_at=submission_hour(survey.opens_at + datetime.timedelta(seconds=rng.random() ** 0.7 * span)))
        for _number in range(count)
    ])
    answers = []
    make = _business_answers if survey.access == Survey.Access.INVITATION else _vision_answers
    for response in responses:
        for text, value in make(rng, mood).items():
            answers += _rows(response, questions[text], value)
    Answer.objects.bulk_create(answers, batch_size=2000)


def _rows(response, question, value):
    if value is None or value == []:
        return []
    choices = {choice.text: choice for choice in question.choices.all()}
    if question.kind == K.MULTIPLE:
        return [Answer(response=response, question=question, choice=choices[text]) for text in value]
    if question.kind == K.SINGLE:
        if value in choices:
            return [Answer(response=response, question=question, choice=choices[value])]
        return [Answer(response=response, question=question, text=value)]
    if question.kind in Question.NUMERIC_KINDS:
        return [Answer(response=response, question=question, number=Decimal(value))]
    return [Answer(response=response, question=question, text=value)]


def _clamp(value, low, high):
    return max(low, min(high, round(value)))


def _vision_answers(rng, mood):
    age = rng.choices(range(5), [6, 20, 28, 28, 18])[0]
    frequency = _clamp(rng.gauss([2.2, 2.4, 2.0, 1.8, 1.4][age] - 0.3 * mood, 1.1), 0, 4)
    reasons = rng.sample(REASONS, k=rng.choice([1, 2, 2, 3]))
    if age >= 3 and "Public services" not in reasons and rng.random() < 0.5:
        reasons[-1] = "Public services"
    wishes = {0: [3, 1, 2, 6, 4, 2, 1, 2], 1: [2, 1, 3, 7, 5, 2, 2, 2], 2: [4, 7, 4, 3, 2, 3, 4, 2],
              3: [6, 2, 4, 2, 2, 3, 5, 3], 4: [6, 1, 4, 1, 2, 5, 3, 8]}[age]
    missing = list(dict.fromkeys(rng.choices(MISSING, wishes, k=rng.choice([1, 2, 3, 3]))))
    satisfaction = _clamp(rng.gauss(2.6 + 0.35 * mood + (0.4 if frequency <= 1 else -0.3 if frequency == 4 else 0), 0.9), 1, 5)
    travel = rng.choices(TRAVEL + ["By scooter"], [5 if frequency <= 1 else 2, 2 if age < 3 else 1, 2, 4 if age >= 2 else 1, 0.2])[0]
    car_free = rng.choices(CAR_FREE, [6 - age if travel != "By car" else 2, 3, 1 if travel != "By car" else 3])[0]
    answers = {
        "How old are you?": AGES[age],
        "How often do you come to the town centre?": FREQUENCY[frequency],
        "Why do you come to the centre?": reasons if rng.random() < 0.95 else [],
        "How do you usually get there?": travel if rng.random() < 0.93 else None,
        "Overall, how satisfied are you with the town centre?": satisfaction,
        "Do you feel safe in the centre in the evening?": rng.choices([1, 0], [7 + mood, 3])[0] if rng.random() < 0.9 else None,
        "What is missing in the centre?": missing,
        "How important is it to fill the empty shop windows?": _clamp(rng.gauss(4.1, 0.8), 1, 5) if rng.random() < 0.92 else None,
        "Would you come more often if the Main Square were car-free?": car_free,
        "How likely are you to recommend the centre to a friend for an afternoon out?":
            _clamp(rng.gauss(5.2 + satisfaction - 2.6 + mood * 0.6, 1.8), 0, 10) if rng.random() < 0.88 else None,
        "About how much do you spend in the centre on a typical visit (EUR)?":
            round(rng.lognormvariate(3.0, 0.6)) if rng.random() < 0.7 else None,
        "In one sentence: what would bring you to the centre more often?": rng.choice(BRING_ME) if rng.random() < 0.35 else None,
        "Anything else you would like to tell the committee?": rng.choice(ANYTHING_ELSE) if rng.random() < 0.12 else None,
    }
    if frequency == 4:
        answers["What keeps you away from the centre?"] = rng.sample(AWAY, k=rng.choice([1, 1, 2]))
    return answers


def _business_answers(rng, mood):
    kinds = ["Shop", "Café, bar or restaurant", "Crafts or services", "Office", "Culture or leisure"]
    return {
        "What kind of business do you run?": rng.choices(kinds + ["Bookbinder's workshop"], [8, 6, 4, 2, 2, 0.5])[0],
        "How many people work in your business in the centre?": _clamp(rng.lognormvariate(1.1, 0.7), 1, 60),
        "How did your business do in the last twelve months?": _clamp(rng.gauss(2.7, 1.0), 1, 5),
        "What are the biggest obstacles?": list(dict.fromkeys(rng.choices(
            ["Rent", "Too few visitors", "Parking and deliveries", "Opening hours of others", "Online competition", "Permits"],
            [6, 7, 5, 2, 4, 2], k=rng.choice([1, 2, 3])))),
        "Would you take part in joint events and late-night shopping?": rng.choices([1, 0], [3, 1])[0],
        "What should the committee do first?": rng.choice([
            "Bring people back to Main Street on weekdays.", "Help with the rent for the first year.",
            "Agree on common opening hours.", "Fix the delivery rules for the pedestrian zone.",
        ]) if rng.random() < 0.5 else None,
    }
