# Dates every English reader reads the same way: "12 Oct 2025", never "10/12/2025", and a 24-hour
# clock, so a sentence that ends with a time never ends in "p.m.." (Django's own: "Oct. 12, 2025, 2 p.m.").
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"
