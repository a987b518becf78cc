# "6 gru 2026" style short dates instead of "06-12-2026", whose order a reader has to guess.
SHORT_DATE_FORMAT = "j E Y"
SHORT_DATETIME_FORMAT = "j E Y, H:i"
DATETIME_FORMAT = "j E Y, H:i"
