"""Problems of offers files in the reader's language, by code.

The readers of :mod:`kansen.offers` report every problem as a code with parameters and fill in
its Dutch words; here every code has an English gettext message with the same ``{name}``
placeholders (the wording of :data:`kansen.offers.PROBLEM_TEXTS`, in the context
"offers file"), so the import page shows a
problem in the language of whoever reads it. A test checks that every code of the library has
a message here with the same English wording, and that its Dutch translation is the library's.
"""

from __future__ import annotations

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from kansen.io import Problem

#: Problem code -> (message, expected or None), English msgids as in kansen.offers.PROBLEM_TEXTS.
OFFER_PROBLEM_MESSAGES: dict[str, tuple[Promise, Promise | None]] = {
    "offer.empty": (
        pgettext_lazy("offers file", "this field is empty"),
        pgettext_lazy("offers file", "a text"),
    ),
    "offer.codes_empty": (
        pgettext_lazy("offers file", "this field is empty"),
        pgettext_lazy("offers file", "one or more of: {codes}"),
    ),
    "offer.not_text": (
        pgettext_lazy("offers file", "'{value}' is not a text"),
        pgettext_lazy("offers file", "a text"),
    ),
    "offer.too_long": (
        pgettext_lazy("offers file", "the text is {length} characters long"),
        pgettext_lazy("offers file", "at most {limit} characters"),
    ),
    "offer.bad_slug": (
        pgettext_lazy("offers file", "'{value}' is not a valid code"),
        pgettext_lazy(
            "offers file",
            "lowercase letters, digits and hyphens, at most {limit} characters, "
            "for example 'huiswerkklas-centrum'",
        ),
    ),
    "offer.not_a_list": (
        pgettext_lazy("offers file", "'{value}' is not a list"),
        pgettext_lazy("offers file", "codes separated by ;"),
    ),
    "offer.unknown_code_in_list": (
        pgettext_lazy("offers file", "unknown code {unknown}"),
        pgettext_lazy("offers file", "codes from: {codes} (separated by ;)"),
    ),
    "offer.unknown_codes_in_list": (
        pgettext_lazy("offers file", "unknown codes {unknown}"),
        pgettext_lazy("offers file", "codes from: {codes} (separated by ;)"),
    ),
    "offer.unknown_code": (
        pgettext_lazy("offers file", "unknown code '{value}'"),
        pgettext_lazy("offers file", "one of: {codes}"),
    ),
    "offer.bad_age": (
        pgettext_lazy("offers file", "'{value}' is not a valid number"),
        pgettext_lazy("offers file", "an age in whole years from 0 to {max_age}"),
    ),
    "offer.bad_count": (
        pgettext_lazy("offers file", "'{value}' is not a valid number"),
        pgettext_lazy("offers file", "a number of places (0 or more), or empty"),
    ),
    "offer.bad_amount": (
        pgettext_lazy("offers file", "'{value}' is not an amount"),
        pgettext_lazy("offers file", "an amount in euros, for example 12,50 or 12.50"),
    ),
    "offer.bad_coordinate": (
        pgettext_lazy("offers file", "'{value}' is not an RD coordinate in the Netherlands"),
        pgettext_lazy("offers file", "metres in RD New (EPSG:28992) between {low} and {high}"),
    ),
    "offer.date_missing": (
        pgettext_lazy("offers file", "the date is missing"),
        pgettext_lazy("offers file", "a date as YYYY-MM-DD, for example 2026-03-15"),
    ),
    "offer.bad_date": (
        pgettext_lazy("offers file", "'{value}' is not a valid date"),
        pgettext_lazy("offers file", "a date as YYYY-MM-DD, for example 2026-03-15"),
    ),
    "offer.not_yes_no": (
        pgettext_lazy("offers file", "'{value}' is not yes or no"),
        pgettext_lazy("offers file", "ja or nee"),
    ),
    "offer.bad_email": (
        pgettext_lazy("offers file", "'{value}' is not an e-mail address"),
        pgettext_lazy("offers file", "for example info@club.nl"),
    ),
    "offer.bad_website": (
        pgettext_lazy("offers file", "'{value}' is not a web address"),
        pgettext_lazy("offers file", "an address that starts with https://"),
    ),
    "offer.unknown_field": (
        pgettext_lazy("offers file", "unknown field"),
        pgettext_lazy("offers file", "one of: {fields}"),
    ),
    "offer.unknown_provider": (
        pgettext_lazy("offers file", "unknown provider '{value}'"),
        pgettext_lazy("offers file", "one of: {providers}"),
    ),
    "offer.no_providers": (
        pgettext_lazy("offers file", "unknown provider '{value}'"),
        pgettext_lazy("offers file", "one of: (no providers yet)"),
    ),
    "offer.ages_reversed": (
        pgettext_lazy("offers file", "the highest age {age_max} is below the lowest age {age_min}"),
        pgettext_lazy("offers file", "age_min less than or equal to age_max"),
    ),
    "offer.free_with_amount": (
        pgettext_lazy("offers file", "a free offer has an amount ({amount})"),
        pgettext_lazy(
            "offers file", "no amount with cost 'free', or cost 'contribution' or 'price'"
        ),
    ),
    "offer.price_without_amount": (
        pgettext_lazy("offers file", "the amount is missing"),
        pgettext_lazy("offers file", "an amount in euros with cost 'price'"),
    ),
    "offer.bad_regulation": (
        pgettext_lazy("offers file", "'{value}' is not the code of a regulation"),
        pgettext_lazy("offers file", "the id of a regulation, for example 'stadspas', or empty"),
    ),
    "offer.locations_not_a_list": (
        pgettext_lazy("offers file", "this is not a list of locations"),
        pgettext_lazy("offers file", "a list (0 to {max} locations)"),
    ),
    "offer.too_many_locations": (
        pgettext_lazy("offers file", "the offer has {count} locations"),
        pgettext_lazy("offers file", "at most {max} locations"),
    ),
    "offer.not_a_location": (
        pgettext_lazy("offers file", "this is not a location"),
        pgettext_lazy("offers file", "fields name, address, ..."),
    ),
    "offer.location_unnamed": (
        pgettext_lazy("offers file", "the location has no name and no address"),
        pgettext_lazy("offers file", "an address or a name"),
    ),
    "offer.bad_postcode": (
        pgettext_lazy("offers file", "'{value}' is not a postcode"),
        pgettext_lazy("offers file", "a postcode such as 9994 AB (or only the four digits)"),
    ),
    "offer.bad_buurt": (
        pgettext_lazy("offers file", "'{value}' is not a neighbourhood code"),
        pgettext_lazy("offers file", "a CBS neighbourhood code such as BU99990101, or empty"),
    ),
    "offer.half_coordinate": (
        pgettext_lazy("offers file", "x and y go together"),
        pgettext_lazy("offers file", "both or neither"),
    ),
    "offer.translations_not_a_mapping": (
        pgettext_lazy("offers file", "these are not translations"),
        pgettext_lazy("offers file", "language code -> {{title, ...}}"),
    ),
    "offer.untranslatable_language": (
        pgettext_lazy("offers file", "no translation possible in language '{value}'"),
        pgettext_lazy("offers file", "one of: {languages}"),
    ),
    "offer.not_a_translation": (
        pgettext_lazy("offers file", "this is not a translation"),
        pgettext_lazy("offers file", "{{title, summary}}"),
    ),
    "offer.translation_untitled": (
        pgettext_lazy("offers file", "the translation has no title"),
        pgettext_lazy("offers file", "a title in this language"),
    ),
    "offers.empty_file": (
        pgettext_lazy("offers file", "the file is empty"),
        pgettext_lazy("offers file", "a header with column names and a row per offer"),
    ),
    "offers.column_twice": (
        pgettext_lazy("offers file", "this column is there twice"),
        pgettext_lazy("offers file", "every column once"),
    ),
    "offers.location_column_beyond": (
        pgettext_lazy("offers file", "column '{column}': an offer has at most {max} locations"),
        pgettext_lazy("offers file", "the column names of the header of an export of the offers"),
    ),
    "offers.unknown_column": (
        pgettext_lazy("offers file", "unknown column '{column}'"),
        pgettext_lazy("offers file", "the column names of the header of an export of the offers"),
    ),
    "offers.missing_column": (
        pgettext_lazy("offers file", "the column '{column}' is missing"),
        pgettext_lazy("offers file", "a column '{column}'"),
    ),
    "offers.lost_letters": (
        pgettext_lazy(
            "offers file",
            "the cell holds '???': letters were lost when the file was saved (Arabic, "
            "Ukrainian, Polish ł); save the file as {excel}",
        ),
        pgettext_lazy("offers file", "a file saved as {excel}"),
    ),
    "offers.duplicate_id": (
        pgettext_lazy("offers file", "the id '{id}' is also in row {row}"),
        pgettext_lazy("offers file", "a unique id per offer"),
    ),
    "offers.no_offers": (
        pgettext_lazy("offers file", "the file holds no offers"),
        pgettext_lazy("offers file", "a row per offer under the header"),
    ),
    "directory.not_yaml": (pgettext_lazy("offers file", "not valid YAML or JSON: {error}"), None),
    "directory.not_a_mapping": (
        pgettext_lazy("offers file", "the file is not a mapping"),
        pgettext_lazy("offers file", "a mapping with providers and offers"),
    ),
    "directory.not_a_list": (
        pgettext_lazy("offers file", "this is not a list"),
        pgettext_lazy("offers file", "a list"),
    ),
    "directory.not_a_provider": (
        pgettext_lazy("offers file", "this is not a provider"),
        pgettext_lazy("offers file", "a mapping"),
    ),
    "directory.not_an_offer": (
        pgettext_lazy("offers file", "this is not an offer"),
        pgettext_lazy("offers file", "a mapping"),
    ),
    "directory.duplicate_id": (pgettext_lazy("offers file", "the id '{id}' is there twice"), None),
}


def in_language(problem: Problem) -> Problem:
    """The problem with its message and expectation in the active language (by its code); a
    problem of another kind is returned as it is."""
    found = OFFER_PROBLEM_MESSAGES.get(problem.code)
    if found is None:
        return problem
    message, expected = found
    return dataclasses.replace(
        problem,
        message=str(message).format(**problem.params),
        expected=str(expected).format(**problem.params) if expected is not None else None,
    )
