"""Problems of offers files in the reader's language, by code.

The readers of :mod:`kansen.offers` report every problem as a code with parameters and fill in
its Dutch words; here every code has an English gettext message with the same ``{name}``
placeholders (the wording of :data:`kansen.offers.PROBLEM_TEXTS`), so the import page shows a
problem in the language of whoever reads it. A test checks that every code of the library has
a message here with the same English wording, and that its Dutch translation is the library's.
"""

from __future__ import annotations

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kansen.io import Problem
from kansen.web.areas.problems import PROBLEM_MESSAGES as FILE_MESSAGES

#: Problem code -> (message, expected or None), English msgids as in kansen.offers.PROBLEM_TEXTS.
OFFER_PROBLEM_MESSAGES: dict[str, tuple[Promise, Promise | None]] = {
    "offer.empty": (
        _("this field is empty"),
        _("a text"),
    ),
    "offer.codes_empty": (
        _("this field is empty"),
        _("one or more of: {codes}"),
    ),
    "offer.not_text": (
        _("'{value}' is not a text"),
        _("a text"),
    ),
    "offer.too_long": (
        _("the text is {length} characters long"),
        _("at most {limit} characters"),
    ),
    "offer.bad_slug": (
        _("'{value}' is not a valid code"),
        _(
            "lowercase letters, digits and hyphens, at most {limit} characters, "
            "for example 'huiswerkklas-centrum'",
        ),
    ),
    "offer.not_a_list": (
        _("'{value}' is not a list"),
        _("codes separated by ;"),
    ),
    "offer.unknown_code_in_list": (
        _("unknown code {unknown}"),
        _("codes from: {codes} (separated by ;)"),
    ),
    "offer.unknown_codes_in_list": (
        _("unknown codes {unknown}"),
        _("codes from: {codes} (separated by ;)"),
    ),
    "offer.unknown_code": (
        _("unknown code '{value}'"),
        _("one of: {codes}"),
    ),
    "offer.bad_age": (
        _("'{value}' is not a valid number"),
        _("an age in whole years from 0 to {max_age}"),
    ),
    "offer.bad_count": (
        _("'{value}' is not a valid number"),
        _("a number of places (0 or more), or empty"),
    ),
    "offer.bad_amount": (
        _("'{value}' is not an amount"),
        _("an amount in euros, for example 12,50 or 12.50"),
    ),
    "offer.bad_coordinate": (
        _("'{value}' is not an RD coordinate in the Netherlands"),
        _("metres in RD New (EPSG:28992) between {low} and {high}"),
    ),
    "offer.date_missing": (
        _("the date is missing"),
        _("a date as YYYY-MM-DD, for example 2026-03-15"),
    ),
    "offer.bad_date": (
        _("'{value}' is not a valid date"),
        _("a date as YYYY-MM-DD, for example 2026-03-15"),
    ),
    "offer.not_yes_no": (
        _("'{value}' is not yes or no"),
        _("ja or nee"),
    ),
    "offer.bad_email": (
        _("'{value}' is not an e-mail address"),
        _("for example info@club.nl"),
    ),
    "offer.bad_website": (
        _("'{value}' is not a web address"),
        _("an address that starts with https://"),
    ),
    "offer.unknown_field": (
        _("unknown field"),
        _("one of: {fields}"),
    ),
    "offer.unknown_provider": (
        _("unknown provider '{value}'"),
        _("one of: {providers}"),
    ),
    "offer.no_providers": (
        _("unknown provider '{value}'"),
        _("one of: (no providers yet)"),
    ),
    "offer.ages_reversed": (
        _("the highest age {age_max} is below the lowest age {age_min}"),
        _("age_min less than or equal to age_max"),
    ),
    "offer.free_with_amount": (
        _("a free offer has an amount ({amount})"),
        _("no amount with cost 'free', or cost 'contribution' or 'price'"),
    ),
    "offer.price_without_amount": (
        _("the amount is missing"),
        _("an amount in euros with cost 'price'"),
    ),
    "offer.bad_regulation": (
        _("'{value}' is not the code of a regulation"),
        _("the id of a regulation, for example 'stadspas', or empty"),
    ),
    "offer.locations_not_a_list": (
        _("this is not a list of locations"),
        _("a list (0 to {max} locations)"),
    ),
    "offer.too_many_locations": (
        _("the offer has {count} locations"),
        _("at most {max} locations"),
    ),
    "offer.not_a_location": (
        _("this is not a location"),
        _("fields name, address, ..."),
    ),
    "offer.location_unnamed": (
        _("the location has no name and no address"),
        _("an address or a name"),
    ),
    "offer.bad_postcode": (
        _("'{value}' is not a postcode"),
        _("a postcode such as 9994 AB (or only the four digits)"),
    ),
    "offer.bad_buurt": (
        _("'{value}' is not a neighbourhood code"),
        _("a CBS neighbourhood code such as BU99990101, or empty"),
    ),
    "offer.half_coordinate": (
        _("x and y go together"),
        _("both or neither"),
    ),
    "offer.translations_not_a_mapping": (
        _("these are not translations"),
        _("language code -> {{title, ...}}"),
    ),
    "offer.untranslatable_language": (
        _("no translation possible in language '{value}'"),
        _("one of: {languages}"),
    ),
    "offer.not_a_translation": (
        _("this is not a translation"),
        _("{{title, summary}}"),
    ),
    "offer.translation_untitled": (
        _("the translation has no title"),
        _("a title in this language"),
    ),
    "offers.empty_file": (
        _("the offers file is empty"),
        _("a header with column names and a row per offer"),
    ),
    "offers.column_twice": (
        _("this column is there twice"),
        _("every column once"),
    ),
    "offers.location_column_beyond": (
        _("column '{column}': an offer has at most {max} locations"),
        _("the column names of the header of an export of the offers"),
    ),
    "offers.unknown_column": (
        _("unknown column '{column}'"),
        _("the column names of the header of an export of the offers"),
    ),
    "offers.missing_column": (
        _("the column '{column}' is missing"),
        _("a column '{column}'"),
    ),
    "offers.lost_letters": (
        _(
            "the cell holds '???': letters were lost when the file was saved (Arabic, "
            "Ukrainian, Polish ł); save the file as {excel}",
        ),
        _("a file saved as {excel}"),
    ),
    "offers.duplicate_id": (
        _("the id '{id}' is also in row {row}"),
        _("a unique id per offer"),
    ),
    "offers.no_offers": (
        _("the file holds no offers"),
        _("a row per offer under the header"),
    ),
    "directory.not_yaml": (_("not valid YAML or JSON: {error}"), None),
    "directory.not_a_mapping": (
        _("the file is not a mapping"),
        _("a mapping with providers and offers"),
    ),
    "directory.not_a_list": (
        _("this is not a list"),
        _("a list"),
    ),
    "directory.not_a_provider": (
        _("this is not a provider"),
        _("a mapping"),
    ),
    "directory.not_an_offer": (
        _("this is not an offer"),
        _("a mapping"),
    ),
    "directory.duplicate_id": (_("the id '{id}' is there twice"), None),
}


def in_language(problem: Problem) -> Problem:
    """The problem with its message and expectation in the active language (by its code); a
    problem of another kind is returned as it is. A file beyond a reading limit (too large, a
    zip bomb) has a limit code of :mod:`kansen.io`, worded as on the area imports."""
    found = OFFER_PROBLEM_MESSAGES.get(problem.code)
    if found is None and problem.code.startswith("limit."):
        found = FILE_MESSAGES.get(problem.code)
    if found is None:
        return problem
    message, expected = found
    return dataclasses.replace(
        problem,
        message=str(message).format(**problem.params),
        expected=str(expected).format(**problem.params) if expected is not None else None,
    )
