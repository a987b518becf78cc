"""Numbers as people type them: one reader for every numeric input of the portal.

`read_number(text, language)` reads what a person typed on a page in `language` (default: the active
one) into a Decimal, or raises NumberNotRead with the possible readings (none: it is not a number;
two or more: it reads more than one way, and nothing is guessed). `NumberField` and `NumberInput`
are the form field and widget built on it; `TypedNumbersModelForm` gives every ModelForm's numeric
model field that field, so no page offers the browser's `type=number` (which drops what it cannot
parse: "5,50" on some browsers, every Persian digit on all of them).

The rules, per language, from Django's locale formats (DECIMAL_SEPARATOR, THOUSAND_SEPARATOR):

- Digits: Latin, Persian (۰–۹) and Arabic-Indic (٠–٩), in every language (core.numerals).
- Signs: a leading "-", "−" (U+2212) or "+". Invisible direction marks copied with right-to-left
  text are ignored.
- The language's decimal separator is only ever a decimal mark: "," in sl and pl ("5,50" is 5.50),
  "." in en and fa.
- A comma that is not the language's decimal separator is only ever a thousands separator (en and
  fa write "1,000.50"). No language of the portal writes a decimal comma without it being its own.
- A dot that is not the language's decimal separator (sl, pl) can be either: keypads and software
  type a decimal dot everywhere, and sl groups thousands with dots. So on a Slovenian or Polish page
  "5.5" is 5.5 and "1.000,50" is 1000.50 (only one reading fits), but "1.500" is an error that shows
  both readings, 1,5 and 1500.
- Spaces (plain, no-break U+00A0, narrow no-break U+202F, thin U+2009) and the Persian thousands
  separator "٬" (U+066C) are thousands separators, the Persian decimal separator "٫" (U+066B) a
  decimal mark, in every language.
- Thousands separators group by three: one to three digits, then groups of exactly three, all with
  the same separator, and only before the decimal mark ("1.5000" is not a grouped number). At most
  one decimal mark, with digits on at least one side of it.
- Anything else (letters, exponents, "NaN", two signs, units) is not read: an error, never a guess.
  So is a slash, which some Persian writers use as a decimal mark ("۱۲/۵"): it also writes fractions
  and dates.

A value is never rescaled, rounded or dropped: more decimal places than the field stores, or more
digits, is an error next to the field; what was typed stays in the input. Values the portal shows
in an input (an unbound form's initial value) and the readings in an error are written without
thousands separators, so they read back as the same number; limits in messages ("at most 1.000")
are written as the reader's language writes numbers, with Persian digits on Persian pages.
"""
import itertools
import re
from decimal import Decimal

from django import forms
from django.db import models
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import reading
from core.numerals import latin_digits, native_digits, uses_persian_digits

DECIMAL, GROUP = "decimal", "group"
PERSIAN_DECIMAL, PERSIAN_GROUP = "\u066b", "\u066c"
SPACES = "\u0020\u00a0\u202f\u2009"
SIGNS = {"-": "-", "\u2212": "-", "+": ""}
# Direction marks that text copied from a right-to-left page may carry; they are not part of a number.
DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
NUMBER_SHAPE = re.compile(r"^[0-9.,\u066b\u066c ]+$")
TOKENS = re.compile(r"[0-9]+|[^0-9]")

TWO_READINGS = _(
    "“%(typed)s” can be read as %(readings)s. Please type the number you mean again, without a thousands separator."
)
NOT_A_WHOLE_NUMBER = _("Please type a whole number, for example %(example)s.")
NOT_A_NUMBER = _("Please type a number, for example %(example)s.")


class NumberNotRead(ValueError):
    """Typed text that is not one number: `readings` are the numbers it could mean (none, or several)."""

    def __init__(self, text, readings=()):
        super().__init__(text)
        self.text = text
        self.readings = list(readings)


def read_number(text, language=None):
    """The number `text` means on a page in `language` (default: the active one), as a Decimal with
    the decimal places typed. Raises NumberNotRead when it means none or more than one."""
    language = language or get_language()
    plain = latin_digits(str(text)).translate(DIRECTION_MARKS).strip()
    sign = SIGNS.get(plain[:1])
    body = plain[1:].lstrip() if sign is not None else plain
    body = re.sub(f"[{SPACES}]", " ", body)
    readings = _readings(body, formats.get_format("DECIMAL_SEPARATOR", language)) if NUMBER_SHAPE.match(body) else []
    values = sorted({Decimal(f"{sign or ''}{digits}") for digits in readings})
    if len(values) != 1:
        raise NumberNotRead(text, values)
    return values[0]


def _readings(body, decimal_separator):
    """The plain digit strings ("1000.50") that `body` (digits and marks only) can mean."""
    tokens = TOKENS.findall(body)
    marks = sorted({token for token in tokens if not token.isdigit()})
    options = [_roles(mark, decimal_separator) for mark in marks]
    found = set()
    for roles in itertools.product(*options):
        digits = _digits_if_valid(tokens, dict(zip(marks, roles)))
        if digits is not None:
            found.add(digits)
    return found


def _roles(mark, decimal_separator):
    if mark == decimal_separator or mark == PERSIAN_DECIMAL:
        return (DECIMAL,)
    if mark == ".":
        return (DECIMAL, GROUP)
    if mark in (",", " ", PERSIAN_GROUP):
        return (GROUP,)
    return ()


def _digits_if_valid(tokens, role_of):
    """`tokens` as plain digits when each mark playing its role in `role_of` makes a well-formed number."""
    if [role_of[token] for token in tokens if token in role_of].count(DECIMAL) > 1:
        return None
    whole, fraction = tokens, []
    for position, token in enumerate(tokens):
        if role_of.get(token) == DECIMAL:
            whole, fraction = tokens[:position], tokens[position + 1:]
    if len(fraction) > 1 or (fraction and not fraction[0].isdigit()) or (not whole and not fraction):
        return None
    whole_digits = _grouped_digits(whole, role_of)
    if whole_digits is None:
        return None
    return f"{whole_digits or '0'}.{fraction[0]}" if fraction else whole_digits


def _grouped_digits(tokens, role_of):
    """The digits of a whole part written with (one kind of) thousands separator, or None."""
    groups, separators = tokens[::2], set(tokens[1::2])
    if not tokens:
        return ""
    if any(not group.isdigit() for group in groups) or len(separators) > 1 or len(tokens) % 2 == 0:
        return None
    if separators and (len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:])):
        return None
    return "".join(groups)


def format_number(value, *, grouping=False, language=None):
    """`value` as `language` (default: the active one) writes it, trailing decimal zeros left out:
    without thousands separators (what an input shows, so it reads back as the same number) or with
    them (a limit quoted in a message)."""
    language = language or get_language()
    plain = format(Decimal(str(value)) if isinstance(value, float) else Decimal(value), "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    if grouping:
        with translation.override(language):
            return reading.number(Decimal(plain))  # as every figure on the page is written
    if uses_persian_digits(language):
        return native_digits(plain.translate(reading.PERSIAN_SEPARATORS), language)
    return plain.replace(".", formats.get_format("DECIMAL_SEPARATOR", language))


def decimal_places(value):
    """How many decimal places `value` needs (its trailing zeros do not count)."""
    exponent = value.normalize().as_tuple().exponent if value else 0
    return max(0, -exponent)


class NumberInput(forms.TextInput):
    """A text input that brings up a phone's number keyboard without the browser reading the value.
    A bound form shows what was typed; an initial value is written as the reader's language does."""

    def __init__(self, attrs=None, *, whole=False):
        super().__init__({"inputmode": "numeric" if whole else "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


class NumberField(forms.Field):
    """A number typed as people of the page's language type it (read_number). `whole` fields give an
    int; others a Decimal with the places typed. Limits, decimal places and digits are checked, never
    applied by rounding; messages quote numbers as the reader writes them."""

    widget = NumberInput

    def __init__(self, *, min_value=None, max_value=None, max_digits=None, decimal_places=None, whole=False, **kwargs):
        self.whole = whole
        self.places = 0 if whole else decimal_places
        self.min_value, self.max_value = min_value, max_value
        if max_digits is not None:
            largest = Decimal(10) ** (max_digits - (self.places or 0)) - Decimal(10) ** -(self.places or 0)
            self.max_value = largest if max_value is None else min(max_value, largest)
            self.min_value = -largest if min_value is None else max(min_value, -largest)
        kwargs.setdefault("widget", NumberInput(whole=whole))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, (Decimal, int)):
            try:
                value = read_number(value)
            except NumberNotRead as refused:
                raise forms.ValidationError(self._not_read_message(refused), code="invalid") from None
        return value

    def _not_read_message(self, refused):
        if refused.readings:
            readings = get_text_list([format_number(reading) for reading in refused.readings])
            return TWO_READINGS % {"typed": refused.text.strip(), "readings": readings}
        if self.whole:
            return NOT_A_WHOLE_NUMBER % {"example": format_number(1250)}
        return NOT_A_NUMBER % {"example": format_number(Decimal("1250.5"))}

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.places is not None and decimal_places(Decimal(value)) > self.places:
            raise forms.ValidationError(self._places_message(), code="max_decimal_places")
        for limit, validator in ((self.max_value, MaxValueValidator), (self.min_value, MinValueValidator)):
            if limit is not None and validator(limit).compare(value, limit):
                # Django's own message, with the limit as the reader writes numbers.
                message = validator.message % {"limit_value": format_number(limit, grouping=True)}
                raise forms.ValidationError(message, code=validator.code)

    def clean(self, value):
        value = super().clean(value)
        return int(value) if self.whole and value is not None else value

    def _places_message(self):
        if not self.places:
            return str(forms.IntegerField.default_error_messages["invalid"])
        return native_digits(DecimalValidator.messages["max_decimal_places"] % {"max": self.places})


def _limits(model_field):
    """(min, max) of a model field's MinValueValidator / MaxValueValidator (and of its own range)."""
    low = high = None
    for validator in model_field.validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value if low is None else max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value if high is None else min(high, validator.limit_value)
    return low, high


def number_formfield(model_field, **kwargs):
    """A ModelForm's form field for `model_field`: a NumberField for a number people type (an
    integer, decimal or float column without choices), Django's own field otherwise."""
    numeric = isinstance(model_field, (models.IntegerField, models.DecimalField, models.FloatField))
    default = model_field.formfield(**kwargs)
    if not numeric or default is None or model_field.choices or model_field.primary_key:
        return default
    low, high = _limits(model_field)
    whole = isinstance(model_field, models.IntegerField)
    return NumberField(
        min_value=low, max_value=high, whole=whole,
        max_digits=getattr(model_field, "max_digits", None), decimal_places=getattr(model_field, "decimal_places", None),
        required=default.required, label=default.label, help_text=default.help_text, initial=default.initial,
        show_hidden_initial=default.show_hidden_initial, **({"widget": kwargs["widget"]} if "widget" in kwargs else {}),
    )


class TypedNumbersMetaclass(forms.models.ModelFormMetaclass):
    """Gives each form's own Meta the number_formfield callback (Django takes it from Meta alone, and a
    subclass's Meta does not inherit its base's)."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(number_formfield)
        return super().__new__(mcs, name, bases, attrs)


class TypedNumbersModelForm(forms.ModelForm, metaclass=TypedNumbersMetaclass):
    """The ModelForm every form of the portal starts from: numbers are read with read_number."""

    class Meta:
        pass

