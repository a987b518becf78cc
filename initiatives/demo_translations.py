"""The demo's featured initiatives (those on the home page) in Slovenian, Polish and Persian: their
title, summary, description, milestones and progress updates, keyed by the English original. The
other demo initiatives stay in English, so the demo shows how a missing translation reads."""

# initiative slug -> language -> {"title", "summary", "description", "milestones": {English: text},
# "updates": {English: text}}
TRANSLATIONS = {
    "pop-up-shops": {
        "sl": {
            "title": "Začasne trgovine v praznih prostorih",
            "summary": "Lastniki praznih trgovin jih za tri mesece odstopijo lokalnim ustvarjalcem, umetnikom in "
                       "zagonskim podjetjem.",
            "description": "Odbor vodi evidenco praznih pritličnih poslovnih prostorov, se z lastniki dogovori za "
                           "znižano najemnino v poskusnem obdobju in jih poveže z lokalnimi ustvarjalci, umetniki in "
                           "mladimi podjetniki. Vsaka začasna trgovina deluje tri mesece; najuspešnejše nadaljujejo "
                           "z redno najemno pogodbo in subvencijo najemnine.",
            "milestones": {
                "Register of vacant premises complete": "Evidenca praznih prostorov dokončana",
                "Agreements with five owners": "Dogovori s petimi lastniki",
                "First three pop-up shops open": "Odprte prve tri začasne trgovine",
                "Evaluation and lease offers": "Ocena in ponudbe za najem",
            },
            "updates": {
                "The register is complete: 41 empty ground-floor premises, 23 of them in the Old Town.":
                    "Evidenca je dokončana: 41 praznih pritličnih prostorov, od tega 23 v starem mestnem jedru.",
                "Five owners signed trial agreements. Applications from makers and start-ups are open until the "
                "end of the month.":
                    "Pet lastnikov je podpisalo poskusne dogovore. Ustvarjalci in zagonska podjetja se lahko "
                    "prijavijo do konca meseca.",
                "Two pop-ups are open (a ceramics studio and a bike repair shop); the third is delayed by "
                "electrical works.":
                    "Odprti sta dve začasni trgovini (keramični atelje in servis koles); tretja zamuja zaradi "
                    "električnih del.",
            },
        },
        "pl": {
            "title": "Sklepy tymczasowe w pustych lokalach",
            "summary": "Właściciele pustych sklepów udostępniają je na trzy miesiące lokalnym rzemieślnikom, "
                       "artystom i start-upom.",
            "description": "Komitet prowadzi rejestr pustych lokali użytkowych na parterze, uzgadnia z "
                           "właścicielami obniżony czynsz na okres próbny i kojarzy ich z lokalnymi "
                           "rzemieślnikami, artystami i młodymi przedsiębiorcami. Każdy sklep tymczasowy działa "
                           "trzy miesiące; najlepsze dostają stałą umowę najmu z dopłatą do czynszu.",
            "milestones": {
                "Register of vacant premises complete": "Rejestr pustych lokali gotowy",
                "Agreements with five owners": "Porozumienia z pięcioma właścicielami",
                "First three pop-up shops open": "Otwarcie pierwszych trzech sklepów tymczasowych",
                "Evaluation and lease offers": "Ocena i oferty najmu",
            },
            "updates": {
                "The register is complete: 41 empty ground-floor premises, 23 of them in the Old Town.":
                    "Rejestr jest gotowy: 41 pustych lokali na parterze, w tym 23 na Starym Mieście.",
                "Five owners signed trial agreements. Applications from makers and start-ups are open until the "
                "end of the month.":
                    "Pięciu właścicieli podpisało umowy próbne. Rzemieślnicy i start-upy mogą się zgłaszać do "
                    "końca miesiąca.",
                "Two pop-ups are open (a ceramics studio and a bike repair shop); the third is delayed by "
                "electrical works.":
                    "Działają już dwa sklepy tymczasowe (pracownia ceramiki i serwis rowerowy); otwarcie trzeciego "
                    "opóźniają prace elektryczne.",
            },
        },
        "fa": {
            "title": "فروشگاه‌های موقت در مغازه‌های خالی",
            "summary": "مالکان مغازه‌های خالی آن‌ها را برای سه ماه در اختیار صنعتگران، هنرمندان و "
                       "کسب‌وکارهای نوپای محلی می‌گذارند.",
            "description": "کمیته فهرستی از واحدهای تجاری خالی در طبقه‌ی همکف نگه می‌دارد، با مالکان برای دوره‌ی "
                           "آزمایشی بر سر اجاره‌ی کمتر توافق می‌کند و آن‌ها را با صنعتگران، هنرمندان و کارآفرینان "
                           "جوان محلی مرتبط می‌کند. هر فروشگاه موقت سه ماه باز است؛ بهترین‌ها با قرارداد اجاره‌ی "
                           "عادی و کمک‌هزینه‌ی اجاره به کار خود ادامه می‌دهند.",
            "milestones": {
                "Register of vacant premises complete": "تکمیل فهرست واحدهای خالی",
                "Agreements with five owners": "توافق با پنج مالک",
                "First three pop-up shops open": "گشایش نخستین سه فروشگاه موقت",
                "Evaluation and lease offers": "ارزیابی و پیشنهاد اجاره",
            },
            "updates": {
                "The register is complete: 41 empty ground-floor premises, 23 of them in the Old Town.":
                    "فهرست کامل شد: ۴۱ واحد خالی در طبقه‌ی همکف، که ۲۳ واحد از آن‌ها در بافت قدیم شهر است.",
                "Five owners signed trial agreements. Applications from makers and start-ups are open until the "
                "end of the month.":
                    "پنج مالک قرارداد آزمایشی امضا کردند. صنعتگران و کسب‌وکارهای نوپا تا پایان ماه می‌توانند "
                    "درخواست بدهند.",
                "Two pop-ups are open (a ceramics studio and a bike repair shop); the third is delayed by "
                "electrical works.":
                    "دو فروشگاه موقت باز شده‌اند (یک کارگاه سفالگری و یک تعمیرگاه دوچرخه)؛ گشایش سومی به دلیل "
                    "کارهای برق‌کشی به تأخیر افتاده است.",
            },
        },
    },
    "main-square-renovation": {
        "sl": {
            "title": "Prenova Glavnega trga",
            "summary": "Nov tlak, drevesa, klopi in vodnjak na Glavnem trgu, sofinancirano iz evropskega sklada.",
            "description": "Trg bo postal prostor za pešce z drevesi, ki dajejo senco, s klopmi, pitnikom ter "
                           "prostorom za tržnice in prireditve. Dela sofinancirata Evropski sklad za regionalni "
                           "razvoj in državni program za mestna središča.",
            "milestones": {
                "Building permit": "Gradbeno dovoljenje",
                "Contractor selected": "Izbran izvajalec",
                "Underground utilities renewed": "Obnovljena komunalna infrastruktura pod trgom",
                "Paving and trees": "Tlakovanje in zasaditev dreves",
                "Opening of the square": "Odprtje trga",
            },
            "updates": {
                "The contractor is selected; works start with the renewal of water and electricity lines.":
                    "Izvajalec je izbran; dela se začnejo z obnovo vodovoda in električnih vodov.",
                "Utility works take longer than planned because of old cellars found under the square.":
                    "Komunalna dela trajajo dlje od načrtovanega, ker so pod trgom naleteli na stare kleti.",
            },
        },
        "pl": {
            "title": "Odnowa Rynku Głównego",
            "summary": "Nowa nawierzchnia, drzewa, ławki i fontanna na Rynku Głównym, współfinansowane z funduszu UE.",
            "description": "Rynek stanie się przestrzenią dla pieszych z drzewami dającymi cień, ławkami, poidełkiem "
                           "oraz miejscem na targi i wydarzenia. Prace są współfinansowane z Europejskiego Funduszu "
                           "Rozwoju Regionalnego i krajowego programu dla centrów miast.",
            "milestones": {
                "Building permit": "Pozwolenie na budowę",
                "Contractor selected": "Wybór wykonawcy",
                "Underground utilities renewed": "Wymiana sieci podziemnych",
                "Paving and trees": "Nawierzchnia i drzewa",
                "Opening of the square": "Otwarcie rynku",
            },
            "updates": {
                "The contractor is selected; works start with the renewal of water and electricity lines.":
                    "Wykonawca został wybrany; prace zaczynają się od wymiany sieci wodociągowej i elektrycznej.",
                "Utility works take longer than planned because of old cellars found under the square.":
                    "Prace przy sieciach trwają dłużej, niż planowano, bo pod rynkiem odkryto stare piwnice.",
            },
        },
        "fa": {
            "title": "نوسازی میدان اصلی",
            "summary": "سنگ‌فرش نو، درخت، نیمکت و آب‌نما در میدان اصلی، با کمک مالی صندوق اتحادیه‌ی اروپا.",
            "description": "میدان به فضایی پیاده‌محور با درختان سایه‌دار، نیمکت، آبخوری و جایی برای بازارچه‌ها و "
                           "رویدادها تبدیل می‌شود. بخشی از هزینه‌ی کارها را صندوق توسعه‌ی منطقه‌ای اروپا و برنامه‌ی "
                           "ملی مراکز شهرها می‌پردازند.",
            "milestones": {
                "Building permit": "پروانه‌ی ساخت",
                "Contractor selected": "انتخاب پیمانکار",
                "Underground utilities renewed": "نوسازی تأسیسات زیرزمینی",
                "Paving and trees": "سنگ‌فرش و کاشت درختان",
                "Opening of the square": "گشایش میدان",
            },
            "updates": {
                "The contractor is selected; works start with the renewal of water and electricity lines.":
                    "پیمانکار انتخاب شد؛ کارها با نوسازی خطوط آب و برق آغاز می‌شود.",
                "Utility works take longer than planned because of old cellars found under the square.":
                    "کارهای تأسیساتی بیش از برنامه طول می‌کشد، چون زیر میدان زیرزمین‌های قدیمی پیدا شده است.",
            },
        },
    },
}
