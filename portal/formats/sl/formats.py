# A day of a month takes the month in the genitive ("6. decembra 2026"): "E" is the month name the
# catalogs give with the context "alt. month" (ours supplies the Slovenian genitives, core/reading.py).
# Django's own writes the nominative ("06. december 2026").
DATE_FORMAT = "j. E Y"
DATETIME_FORMAT = "j. E Y, H:i"
MONTH_DAY_FORMAT = "j. E"
