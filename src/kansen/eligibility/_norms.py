"""Social-assistance norms (bijstandsnormen) as versioned data, and the one valid on a date.

The norms are the net monthly amounts of the Participatiewet (art. 20-22) for a household
without co-residents who share costs (kostendelers). They change on 1 January and 1 July; a
norm valid from 1 July applies from that day. The packaged file ``data/bijstandsnormen.csv``
records every amount with its source:

``valid_from``
    First day the amount applies (ISO date).
``household``
    ``single`` (alleenstaande or alleenstaande ouder) or ``couple`` (gehuwden).
``age_band``
    A :class:`AgeBand` value.
``children``
    ``any``; or ``with`` / ``without`` dependent children, for the couple norms of art. 20
    that differ by it.
``incl_holiday_allowance``, ``excl_holiday_allowance``
    The norm in euros with and without holiday allowance (vakantietoeslag).
``source``, ``excl_source``
    Where the amounts come from; ``excl_source`` says when an amount is derived as 0.95 x incl
    (the rule of every published table checked) because no published figure was found. A
    source is written in one of the forms :func:`cite` splits into parts a resident can be
    shown in any language: ``Participatiewet art. 21(a) and 21(b) as in force from
    2026-01-01 (wetten.overheid.nl/...); same amount in <documents>``, the municipal
    documents alone (``Velsen 'Bijstandsnormen per 1 januari 2024' and Heemskerk
    'Normbedragen' 2024``), or ``derived: 0.95 x incl ...``. Remarks go in ``note``.
``note``
    Anything a reader should know, such as sources that disagree.

The statutory amounts were read from the consolidated Participatiewet on wetten.overheid.nl
(through the public mirror MinBZK/regelrecht-corpus) and checked against municipal norm
tables where those were found. ``data/pensioenleeftijd.csv`` holds the state pension age (AOW
age) with its source.

The norms from 2027-01-01 are not in the file: on 2026-12-06 no publication of them could be
cited (the Participatiewet in balans changes the norms of people under 21 from that date), and
a figure without a source is left out. The platform (``kansen.web.norms``) lets the platform
administrator add them, with their source, through :func:`read_norms_text` and
:func:`with_periods`; :func:`norm_status` says from when to warn.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kansen.problems import ProblemText, Severity

from ._model import AgeBand, DataFileError, EligibilityError, Household, NormNotFound

Source = str | os.PathLike[str] | Traversable

_NORM_COLUMNS = (
    "valid_from",
    "household",
    "age_band",
    "children",
    "incl_holiday_allowance",
    "excl_holiday_allowance",
    "source",
    "excl_source",
    "note",
)
_PENSION_COLUMNS = ("valid_from", "years", "months", "source")
_CHILDREN = {"any": None, "with": True, "without": False}
_NORM_HOUSEHOLDS = (Household.SINGLE, Household.COUPLE)


@dataclass(frozen=True)
class NormCitation:
    """A norm's source in parts that read the same in every language, for the interface to
    put into words (the ``source`` texts of the data are the maintainers' notes, in English).

    Attributes
    ----------
    law : str
        ``"Participatiewet"``, or empty when only municipal documents give the amount.
    articles : tuple of str
        The articles of the law, e.g. ``("20(1)(a)", "20(2)(a)")``.
    in_force_from : datetime.date or None
        The day of the consolidated text of the law that was read.
    url : str
        Where that text is published (without ``https://``), or empty.
    documents : tuple of str
        Municipal documents with the same amount, by their Dutch titles.
    derived : bool
        True for an amount without holiday allowance derived as 0.95 x the one with it,
        because no published figure was found.

    Examples
    --------
    >>> cite("Participatiewet art. 22(b) and 22(c) as in force from 2026-01-01 "
    ...      "(wetten.overheid.nl/BWBR0015703/2026-01-01)").articles
    ('22(b)', '22(c)')
    >>> cite("Velsen 'Normen 2024', Westland 'Normen' 2024 and Heemskerk 'Normbedragen' 2024")
    ... # doctest: +NORMALIZE_WHITESPACE
    NormCitation(law='', articles=(), in_force_from=None, url='',
                 documents=("Velsen 'Normen 2024'", "Westland 'Normen' 2024",
                            "Heemskerk 'Normbedragen' 2024"), derived=False)
    """

    law: str
    articles: tuple[str, ...]
    in_force_from: date | None
    url: str
    documents: tuple[str, ...]
    derived: bool = False


_LAW_SOURCE = re.compile(
    r"^(?P<law>Participatiewet) art\. (?P<articles>.+?) as in force from "
    r"(?P<day>\d{4}-\d{2}-\d{2}) \((?P<url>[^()\s]+)\)(?:; same amount in (?P<documents>.+))?$"
)
_DERIVED_SOURCE = re.compile(r"^derived: 0\.95 x incl\b")
# between documents: "; ", " and ", or a comma right after a quoted title ("'Normen', Westland")
_DOCUMENT_SEPARATOR = re.compile(r"(?<=')\s*,\s+|;\s+|\s+and\s+")


def cite(source: str) -> NormCitation:
    """The parts of a norm's ``source`` or ``excl_source`` text (the forms are described in
    the module documentation); a text in none of the forms is read as municipal documents.

    Raises
    ------
    ValueError
        For a text that names a law version in another form than the one described, which
        would otherwise reach a resident as a document title.
    """
    text = " ".join(source.split())
    if _DERIVED_SOURCE.match(text):
        return NormCitation("", (), None, "", (), derived=True)
    match = _LAW_SOURCE.match(text)
    if match is None:
        if " as in force from " in text or " same amount in " in text:
            raise ValueError(
                "expected 'Participatiewet art. <articles> as in force from <YYYY-MM-DD> "
                f"(<url>)[; same amount in <documents>]', got {text!r}"
            )
        return NormCitation("", (), None, "", _documents(text))
    return NormCitation(
        match["law"],
        tuple(re.split(r"\s+and\s+", match["articles"])),
        date.fromisoformat(match["day"]),
        match["url"],
        _documents(match["documents"] or ""),
    )


def _documents(text: str) -> tuple[str, ...]:
    return tuple(part for part in _DOCUMENT_SEPARATOR.split(text) if part)


@dataclass(frozen=True)
class Norm:
    """One recorded norm: the amounts for one household situation from one date on.

    Attributes
    ----------
    valid_from : datetime.date
        First day it applies; it applies until the next recorded date for the same situation.
    household : Household
        ``SINGLE`` (also for a single parent) or ``COUPLE``.
    age_band : AgeBand
        The age band it is for.
    with_children : bool or None
        True or False for the couple norms of art. 20 that differ by dependent children;
        None when the amount is the same with and without.
    incl_holiday_allowance, excl_holiday_allowance : Decimal
        Net euros per month with and without holiday allowance.
    source, excl_source : str
        Where the amounts come from.
    note : str
        Remarks, e.g. on sources that disagree; empty when there are none.
    """

    valid_from: date
    household: Household
    age_band: AgeBand
    with_children: bool | None
    incl_holiday_allowance: Decimal
    excl_holiday_allowance: Decimal
    source: str
    excl_source: str
    note: str = ""

    def amount(self, include_holiday_allowance: bool) -> Decimal:
        """The monthly amount with or without holiday allowance."""
        if include_holiday_allowance:
            return self.incl_holiday_allowance
        return self.excl_holiday_allowance

    @property
    def citation(self) -> NormCitation:
        """The :attr:`source` in parts (see :func:`cite`)."""
        return cite(self.source)

    @property
    def excl_citation(self) -> NormCitation:
        """The :attr:`excl_source` in parts (see :func:`cite`)."""
        return cite(self.excl_source)


@dataclass(frozen=True)
class StatePensionAge:
    """The state pension age (AOW-leeftijd) from a date on.

    Attributes
    ----------
    valid_from : datetime.date
        First day it applies.
    years, months : int
        The age, e.g. 67 years and 3 months.
    source : str
        Where it comes from.
    """

    valid_from: date
    years: int
    months: int
    source: str

    def __str__(self) -> str:
        """``"67 jaar"`` or ``"67 jaar en 3 maanden"``."""
        return f"{self.years} jaar" + (f" en {self.months} maanden" if self.months else "")


class NormTable:
    """The versioned social-assistance norms and state pension ages.

    Parameters
    ----------
    norms : iterable of Norm
        At least one; one amount per date and situation.
    pension_ages : iterable of StatePensionAge
        At least one.

    Raises
    ------
    EligibilityError
        For an empty table, a duplicated situation on a date, or a norm for a situation that
        does not exist (a single parent's own row, a single with a partner band).
    """

    def __init__(self, norms: Iterable[Norm], pension_ages: Iterable[StatePensionAge]) -> None:
        self._norms = tuple(sorted(norms, key=lambda n: n.valid_from))
        self._pension_ages = tuple(sorted(pension_ages, key=lambda a: a.valid_from))
        if not self._norms or not self._pension_ages:
            raise EligibilityError(
                "a norm table needs at least one norm and one state pension age; "
                f"got {len(self._norms)} norms and {len(self._pension_ages)} pension ages"
            )
        seen: dict[tuple[date, Household, AgeBand], list[bool | None]] = {}
        for norm in self._norms:
            _check_situation(norm)
            kinds = seen.setdefault((norm.valid_from, norm.household, norm.age_band), [])
            if norm.with_children in kinds or (kinds and None in (*kinds, norm.with_children)):
                raise EligibilityError(
                    f"more than one norm for {_describe(norm.household, norm.age_band)} from "
                    f"{norm.valid_from}: expected one amount, or one with and one without "
                    "children"
                )
            kinds.append(norm.with_children)

    @classmethod
    def from_csv(cls, norms: Source, pension_ages: Source) -> NormTable:
        """Read the two CSV files described in the module documentation.

        Raises
        ------
        DataFileError
            With every problem found, by row (the header is row 1) and column.
        """
        return cls(_read_norms(norms), _read_pension_ages(pension_ages))

    @property
    def norms(self) -> tuple[Norm, ...]:
        """All recorded norms, oldest first."""
        return self._norms

    @property
    def pension_ages(self) -> tuple[StatePensionAge, ...]:
        """All recorded state pension ages, oldest first."""
        return self._pension_ages

    @property
    def earliest(self) -> date:
        """The first day any norm is recorded for."""
        return self._norms[0].valid_from

    @property
    def covered_until(self) -> date:
        """The last day the table is known to be current.

        Norms change every 1 January and 1 July, so the latest recorded norms hold until the
        day before the next of those dates; after it, newer norms must be added first.
        """
        latest = self._norms[-1].valid_from
        following = date(latest.year, 7, 1) if latest.month < 7 else date(latest.year + 1, 1, 1)
        return following - timedelta(days=1)

    def row_on(
        self,
        on: date,
        household: Household,
        age_band: AgeBand,
        *,
        with_children: bool | None = None,
    ) -> Norm:
        """The norm record that applies on a date.

        Parameters
        ----------
        on : datetime.date
            The day; a norm valid from 1 July applies from 1 July.
        household : Household
            ``SINGLE_PARENT`` gets the ``SINGLE`` norm.
        age_band : AgeBand
            See :meth:`age_band`.
        with_children : bool, optional
            Whether the household has dependent children (under 18); needed only for the
            couple norms of art. 20, which differ by it.

        Raises
        ------
        NormNotFound
            Before :attr:`earliest`, after :attr:`covered_until`, or for a situation the table
            has no norm for.
        EligibilityError
            When the norm depends on children and ``with_children`` is not given.
        """
        household = Household(household).norm_household
        age_band = AgeBand(age_band)
        what = _describe(household, age_band)
        if on < self.earliest:
            raise NormNotFound(
                f"no norm for {what} on {on}: the earliest norms in this table are valid from "
                f"{self.earliest}"
            )
        if on > self.covered_until:
            raise NormNotFound(
                f"no norm for {what} on {on}: this table is current until "
                f"{self.covered_until} (the latest norms are valid from "
                f"{self._norms[-1].valid_from} and norms change every 1 January and 1 July); "
                "add the newer norms to the data first"
            )
        candidates = [
            n
            for n in self._norms
            if n.household is household and n.age_band is age_band and n.valid_from <= on
        ]
        if not candidates:
            raise NormNotFound(f"no norm recorded for {what} on or before {on}")
        latest = [n for n in candidates if n.valid_from == candidates[-1].valid_from]
        for norm in latest:
            if norm.with_children is None or norm.with_children is with_children:
                return norm
        if with_children is None:
            raise EligibilityError(
                f"the norm for {what} on {on} depends on whether the household has dependent "
                "children: pass with_children=True or False"
            )
        kind = "with" if with_children else "without"
        raise NormNotFound(f"no norm recorded for {what} {kind} children on {on}")

    def norm_on(
        self,
        on: date,
        household: Household,
        age_band: AgeBand,
        include_holiday_allowance: bool,
        *,
        with_children: bool | None = None,
    ) -> Decimal:
        """The monthly norm in euros that applies on a date; see :meth:`row_on`.

        Examples
        --------
        >>> from datetime import date
        >>> norms, adults = load_norms(), AgeBand.AGE_21_TO_STATE_PENSION
        >>> norms.norm_on(date(2025, 6, 30), Household.COUPLE, adults, True)
        Decimal('1922.07')
        >>> norms.norm_on(date(2025, 7, 1), Household.COUPLE, adults, True)
        Decimal('1955.80')
        """
        row = self.row_on(on, household, age_band, with_children=with_children)
        return row.amount(include_holiday_allowance)

    def state_pension_age(self, on: date) -> StatePensionAge:
        """The state pension age that applies on a date.

        Raises
        ------
        NormNotFound
            Before the first recorded pension age.
        """
        ages = [a for a in self._pension_ages if a.valid_from <= on]
        if not ages:
            raise NormNotFound(
                f"no state pension age recorded for {on}: the first is valid from "
                f"{self._pension_ages[0].valid_from}"
            )
        return ages[-1]

    def age_band(self, household: Household, adult_ages: Sequence[int], on: date) -> AgeBand:
        """The age band of a household's norm, from the adults' ages in whole years.

        A single adult's band is their own. For a couple the Participatiewet decides: the
        pension norm when one partner has reached the state pension age and the other is 21
        or older (art. 22 b and c, so the *oldest* partner counts there); the 18-20 norms when
        one or both are 18-20 (art. 20 b and c, so the *youngest* partner counts there).

        Parameters
        ----------
        household : Household
            One adult for ``SINGLE`` and ``SINGLE_PARENT``, two for ``COUPLE``.
        adult_ages : sequence of int
            Ages in whole years, 18 or older.
        on : datetime.date
            The day (the state pension age depends on it).

        Raises
        ------
        EligibilityError
            For the wrong number of adults or an age under 18.
        NormNotFound
            When the law has no norm for the situation (a partner of 18-20 with a partner at
            pension age) or whole years cannot tell whether the pension age is reached (when
            it has months, e.g. 67 years and 3 months from 2028).
        """
        household = Household(household)
        expected = 2 if household is Household.COUPLE else 1
        if len(adult_ages) != expected:
            raise EligibilityError(
                f"a household of type {household} has {expected} adult(s); "
                f"got {len(adult_ages)} ages: {list(adult_ages)}"
            )
        pension = self.state_pension_age(on)
        bands = [_own_band(age, pension, on) for age in adult_ages]
        if len(bands) == 1:
            return bands[0]
        young, adult, old = (bands.count(band) for band in _OWN_BANDS)
        if old and young:
            raise NormNotFound(
                "the Participatiewet has no norm for a couple of whom one partner has reached "
                "the state pension age and the other is 18, 19 or 20 (art. 22 covers only a "
                "partner of 21 or older); the municipality decides",
                dutch="de Participatiewet heeft geen norm voor een stel van wie de een de "
                "AOW-leeftijd heeft bereikt en de ander 18, 19 of 20 jaar is",
            )
        if old:
            return AgeBand.STATE_PENSION_OR_OLDER
        if young == 2:
            return AgeBand.AGE_18_TO_20
        if young == 1:
            return AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS
        assert adult == 2
        return AgeBand.AGE_21_TO_STATE_PENSION


_OWN_BANDS = (
    AgeBand.AGE_18_TO_20,
    AgeBand.AGE_21_TO_STATE_PENSION,
    AgeBand.STATE_PENSION_OR_OLDER,
)


def _own_band(age: int, pension: StatePensionAge, on: date) -> AgeBand:
    """One adult's band; refuses an age under 18 and an age that whole years cannot place."""
    if isinstance(age, bool) or not isinstance(age, int) or age < 18:
        raise EligibilityError(f"adult ages must be whole numbers of 18 or more; got {age!r}")
    if age <= 20:
        return AgeBand.AGE_18_TO_20
    if age > pension.years or (age == pension.years and pension.months == 0):
        return AgeBand.STATE_PENSION_OR_OLDER
    if age == pension.years:
        raise NormNotFound(
            f"on {on} the state pension age is {pension}: an age of {age} in whole years "
            "cannot tell whether it has been reached",
            dutch=f"met een leeftijd van {age} jaar is niet te zien of de AOW-leeftijd "
            f"({pension}) al is bereikt",
        )
    return AgeBand.AGE_21_TO_STATE_PENSION


@cache
def load_norms() -> NormTable:
    """The norms shipped with kansen (2024-01-01 onwards; see the module documentation)."""
    data = files(__package__) / "data"
    return NormTable.from_csv(data / "bijstandsnormen.csv", data / "pensioenleeftijd.csv")


#: How long before the last recorded norms run out that administrators are warned.
WARNING_PERIOD = timedelta(weeks=8)

# A single amount above this is a typing error, not a monthly norm (and keeps Decimal sane).
_MAXIMUM_NORM = Decimal(100_000)

#: Every situation a complete set of norms for one date covers: (household, age band,
#: children), with children ``None`` when the amount is the same with and without.
SITUATIONS: tuple[tuple[Household, AgeBand, bool | None], ...] = (
    (Household.SINGLE, AgeBand.AGE_18_TO_20, None),
    (Household.SINGLE, AgeBand.AGE_21_TO_STATE_PENSION, None),
    (Household.SINGLE, AgeBand.STATE_PENSION_OR_OLDER, None),
    (Household.COUPLE, AgeBand.AGE_18_TO_20, False),
    (Household.COUPLE, AgeBand.AGE_18_TO_20, True),
    (Household.COUPLE, AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS, False),
    (Household.COUPLE, AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS, True),
    (Household.COUPLE, AgeBand.AGE_21_TO_STATE_PENSION, None),
    (Household.COUPLE, AgeBand.STATE_PENSION_OR_OLDER, None),
)

#: The ``excl_source`` of an amount without holiday allowance derived from the one with it.
DERIVED_EXCL_SOURCE = "derived: 0.95 x incl rounded half up to cents (no published figure found)"


@dataclass(frozen=True)
class NormProblem:
    """One problem of a norms file as data, for the platform to put into words.

    Attributes
    ----------
    code : str
        ``not-a-date``, ``not-a-choice``, ``not-an-amount``, ``text-required``,
        ``not-a-whole-number``, ``source-form``, ``excl-above-incl``, ``missing-columns``,
        ``not-utf8``, ``duplicate``, ``incomplete-period``.
    row : int
        The row in the file (the header is row 1); 0 for the file as a whole.
    column : str
        The column, or empty.
    value : str
        What the cell holds (cut to 80 characters), or the detail the code needs (the missing
        columns; the missing situations as ``household/age band/children``).
    """

    code: str
    row: int
    column: str
    value: str

    @property
    def params(self) -> Mapping[str, Any]:
        """The parameters of the wording: what the cell holds (``value``)."""
        return {"value": self.value}

    @property
    def severity(self) -> Severity:
        """Always "error": a norms file with a problem is refused."""
        return "error"

    @property
    def text_code(self) -> str:
        """The key of the wording in :data:`NORM_PROBLEM_TEXTS`: the code."""
        return self.code

    @property
    def location(self) -> str:
        """Where, e.g. ``row 3, column 'valid_from'``, or ``the file``."""
        where = [f"row {self.row}"] if self.row else []
        where += [f"column '{self.column}'"] if self.column else []
        return ", ".join(where) or "the file"


#: The wording of every :class:`NormProblem` code, as the platform and the command line show it
#: beside the value (ADR 0015).
NORM_PROBLEM_TEXTS: dict[str, ProblemText] = {
    "not-a-date": ProblemText("Enter a date as 2027-01-01."),
    "not-a-choice": ProblemText("Use one of the values of the packaged file."),
    "not-an-amount": ProblemText(
        "Enter an amount in euros above 0 and below 100000, like 1419.46."
    ),
    "text-required": ProblemText("Enter where the amount comes from."),
    "not-a-whole-number": ProblemText("Enter a whole number."),
    "source-form": ProblemText(
        "Write a law as 'Participatiewet art. <articles> as in force from <YYYY-MM-DD> (<url>)'."
    ),
    "excl-above-incl": ProblemText(
        "The amount without holiday allowance cannot be more than with it."
    ),
    "missing-columns": ProblemText("The file misses these columns:"),
    "not-utf8": ProblemText("Save the file as UTF-8 (CSV UTF-8)."),
    "duplicate": ProblemText("A situation appears more than once on this date:"),
    "incomplete-period": ProblemText("A date needs all nine situations; missing:"),
}


class NormFileError(DataFileError):
    """A norms file with problems, as English lines (:attr:`problems`) and as data
    (:attr:`details`)."""

    def __init__(self, origin: str, problems: list[str], details: list[NormProblem]) -> None:
        super().__init__(origin, problems)
        self.details = tuple(details)


def situation_of(norm: Norm) -> tuple[Household, AgeBand, bool | None]:
    """The (household, age band, children) a norm is for; see :data:`SITUATIONS`."""
    return (norm.household, norm.age_band, norm.with_children)


def derived_excl(incl: Decimal) -> Decimal:
    """0.95 x the amount with holiday allowance, rounded half up to cents: the rule of every
    published table checked, used when no published amount without it is known.

    >>> derived_excl(Decimal("1419.46"))
    Decimal('1348.49')
    """
    return (incl * Decimal("0.95")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def read_norms_text(text: str | bytes, origin: str = "<data>") -> list[Norm]:
    """Read norms from the text of a CSV file with the columns of ``data/bijstandsnormen.csv``
    (module documentation); every date in it must cover every situation of
    :data:`SITUATIONS` once.

    An empty ``excl_holiday_allowance`` is derived by :func:`derived_excl`, with
    :data:`DERIVED_EXCL_SOURCE` as its source.

    Raises
    ------
    NormFileError
        With every problem, by row (the header is row 1) and column.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            message = f"the file is not UTF-8 text (byte {error.start + 1})"
            raise NormFileError(origin, [message], [NormProblem("not-utf8", 0, "", "")]) from None
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    required = [c for c in _NORM_COLUMNS if c not in ("excl_source", "note")]
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise NormFileError(
            origin,
            [f"missing column(s) {', '.join(missing)}; expected {', '.join(_NORM_COLUMNS)}"],
            [NormProblem("missing-columns", 1, "", ", ".join(missing))],
        )
    rows = []
    for row in reader:
        row = {k: (v or "") for k, v in row.items() if k is not None}
        incl = row.get("incl_holiday_allowance", "").strip()
        if not row.get("excl_holiday_allowance", "").strip():
            try:
                row["excl_holiday_allowance"] = str(derived_excl(Decimal(incl)))
                row["excl_source"] = DERIVED_EXCL_SOURCE
            except (InvalidOperation, ValueError):
                # The amount with it is reported; nothing to derive, nothing more to report.
                row["excl_holiday_allowance"] = "0.01"
        if not row.get("excl_source", "").strip():
            row["excl_source"] = row.get("source", "")
        rows.append(row)
    details: list[NormProblem] = []
    problems: list[str] = []
    try:
        norms = _norms_from_rows(origin, rows, details)
    except DataFileError as error:
        problems.extend(error.problems)
        norms = []
    if not problems:
        problems, more = _completeness(norms)
        details.extend(more)
    if problems:
        raise NormFileError(origin, problems, details)
    return norms


def _completeness(norms: Sequence[Norm]) -> tuple[list[str], list[NormProblem]]:
    """Problems of norms whose dates do not each cover every situation exactly once."""
    problems: list[str] = []
    details: list[NormProblem] = []
    by_date: dict[date, list[Norm]] = {}
    for norm in norms:
        by_date.setdefault(norm.valid_from, []).append(norm)
    for day, group in sorted(by_date.items()):
        seen = [situation_of(n) for n in group]
        doubles = sorted({_situation_text(s) for s in seen if seen.count(s) > 1})
        if doubles:
            problems.append(f"{day}: more than one norm for {', '.join(doubles)}")
            details.append(NormProblem("duplicate", 0, "valid_from", ", ".join(doubles)))
        absent = [_situation_text(s) for s in SITUATIONS if s not in seen]
        extra = [_situation_text(s) for s in seen if s not in SITUATIONS]
        if absent or extra:
            problems.append(
                f"{day}: a date needs a norm for each of the {len(SITUATIONS)} situations; "
                f"missing {', '.join(absent) or 'none'}"
                + (f"; not a situation: {', '.join(extra)}" if extra else "")
            )
            details.append(
                NormProblem("incomplete-period", 0, "valid_from", f"{day}: {', '.join(absent)}")
            )
    return problems, details


def _situation_text(situation: tuple[Household, AgeBand, bool | None]) -> str:
    household, band, children = situation
    kind = {None: "any", True: "with", False: "without"}[children]
    return f"{household.value}/{band.value}/{kind}"


def with_periods(base: NormTable, added: Iterable[Norm]) -> NormTable:
    """``base`` with the norms of ``added``; a date in ``added`` replaces that date's norms in
    ``base`` (so an administrator can correct a packaged period).

    Raises
    ------
    EligibilityError
        When a date of ``added`` does not cover every situation of :data:`SITUATIONS` once.
    """
    added = list(added)
    problems, _ = _completeness(added)
    if problems:
        raise EligibilityError("; ".join(problems))
    replaced = {n.valid_from for n in added}
    kept = [n for n in base.norms if n.valid_from not in replaced]
    return NormTable([*kept, *added], base.pension_ages)


@dataclass(frozen=True)
class NormStatus:
    """Whether the norms are current on a day, for warnings to administrators.

    Attributes
    ----------
    covered_until : datetime.date
        :attr:`NormTable.covered_until`.
    today : datetime.date
        The day it was asked for.
    state : str
        ``"current"``; ``"expiring"`` from :data:`WARNING_PERIOD` before ``covered_until``;
        ``"expired"`` after it.
    """

    covered_until: date
    today: date
    state: str

    @property
    def days_left(self) -> int:
        """Days from ``today`` to ``covered_until`` inclusive (0 or less once expired)."""
        return (self.covered_until - self.today).days + 1

    @property
    def next_period(self) -> date:
        """The first day the table has no norms for."""
        return self.covered_until + timedelta(days=1)


def norm_status(table: NormTable, today: date) -> NormStatus:
    """The :class:`NormStatus` of a table on a day.

    >>> from datetime import date
    >>> norm_status(load_norms(), date(2026, 11, 5)).state
    'current'
    >>> status = norm_status(load_norms(), date(2026, 11, 6))
    >>> status.state, status.days_left, status.next_period
    ('expiring', 56, datetime.date(2027, 1, 1))
    >>> norm_status(load_norms(), date(2027, 1, 1)).state
    'expired'
    """
    until = table.covered_until
    if today > until:
        state = "expired"
    elif today > until - WARNING_PERIOD:
        state = "expiring"
    else:
        state = "current"
    return NormStatus(until, today, state)


def _describe(household: Household, age_band: AgeBand) -> str:
    return f"household {household.value}, age band {age_band.value}"


def _check_situation(norm: Norm) -> None:
    if norm.household not in _NORM_HOUSEHOLDS:
        raise EligibilityError(
            f"norms are recorded for household single or couple (a single parent has the "
            f"single norm); got {norm.household.value}"
        )
    if (
        norm.household is Household.SINGLE
        and norm.age_band is AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS
    ):
        raise EligibilityError(f"age band {norm.age_band.value} exists only for couples")


def _read_rows(source: Source, columns: Sequence[str]) -> tuple[str, list[dict[str, str]]]:
    path = Path(source) if isinstance(source, str | os.PathLike) else source
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(
            path.name,
            [f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}"],
        )
    return path.name, list(reader)


def _read_norms(source: Source) -> list[Norm]:
    name, rows = _read_rows(source, _NORM_COLUMNS)
    return _norms_from_rows(name, rows, None)


def _norms_from_rows(
    name: str, rows: list[dict[str, str]], details: list[NormProblem] | None
) -> list[Norm]:
    problems: list[str] = []
    norms = []
    for number, row in enumerate(rows, start=2):
        cell = _Cells(row, number, problems, details)
        household = cell.choice("household", [h.value for h in _NORM_HOUSEHOLDS])
        band = cell.choice("age_band", [b.value for b in AgeBand])
        children = cell.choice("children", list(_CHILDREN))
        valid_from = cell.day("valid_from")
        incl = cell.money("incl_holiday_allowance")
        excl = cell.money("excl_holiday_allowance")
        source_text, excl_source = cell.text("source"), cell.text("excl_source")
        if (
            valid_from is None
            or incl is None
            or excl is None
            or source_text is None
            or excl_source is None
            or household is None
            or band is None
            or children is None
        ):
            continue
        for column, text in (("source", source_text), ("excl_source", excl_source)):
            try:
                cite(text)
            except ValueError as error:
                problems.append(f"row {number}, column '{column}': {error}")
                if details is not None:
                    details.append(NormProblem("source-form", number, column, text[:80]))
        if excl > incl:
            problems.append(
                f"row {number}: excl_holiday_allowance {excl} is more than "
                f"incl_holiday_allowance {incl}; expected excl <= incl"
            )
            if details is not None:
                details.append(
                    NormProblem("excl-above-incl", number, "excl_holiday_allowance", str(excl))
                )
            continue
        norms.append(
            Norm(
                valid_from,
                Household(household),
                AgeBand(band),
                _CHILDREN[children],
                incl,
                excl,
                source_text,
                excl_source,
                (row.get("note") or "").strip(),
            )
        )
    if problems:
        raise DataFileError(name, problems)
    return norms


def _read_pension_ages(source: Source) -> list[StatePensionAge]:
    name, rows = _read_rows(source, _PENSION_COLUMNS)
    problems: list[str] = []
    ages = []
    for number, row in enumerate(rows, start=2):
        cell = _Cells(row, number, problems)
        valid_from, source_text = cell.day("valid_from"), cell.text("source")
        years, months = cell.whole("years"), cell.whole("months")
        if valid_from is None or years is None or months is None or source_text is None:
            continue
        if months > 11:
            problems.append(f"row {number}, column 'months': expected 0 to 11, got {months}")
            continue
        ages.append(StatePensionAge(valid_from, years, months, source_text))
    if problems:
        raise DataFileError(name, problems)
    return ages


@dataclass
class _Cells:
    """Parses the cells of one CSV row, noting a problem (and returning None) for a bad one."""

    row: dict[str, str]
    number: int
    problems: list[str]
    details: list[NormProblem] | None = None

    def _raw(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def _problem(self, column: str, expected: str, code: str) -> None:
        got = self._raw(column)
        self.problems.append(
            f"row {self.number}, column '{column}': expected {expected}, got "
            + (repr(got) if got else "an empty cell")
        )
        if self.details is not None:
            self.details.append(NormProblem(code, self.number, column, got[:80]))

    def text(self, column: str) -> str | None:
        if not self._raw(column):
            self._problem(column, "a text (every norm needs its source)", "text-required")
            return None
        return self._raw(column)

    def choice(self, column: str, allowed: list[str]) -> str | None:
        if self._raw(column) not in allowed:
            self._problem(column, "one of " + ", ".join(allowed), "not-a-choice")
            return None
        return self._raw(column)

    def day(self, column: str) -> date | None:
        try:
            return date.fromisoformat(self._raw(column))
        except ValueError:
            self._problem(column, "a date like 2025-07-01", "not-a-date")
            return None

    def money(self, column: str) -> Decimal | None:
        raw = self._raw(column)
        try:
            # Refuse long numerals before Decimal reads them ("1e999999" is not an amount).
            amount = Decimal(raw) if len(raw) <= 12 else Decimal(-1)
        except InvalidOperation:
            amount = Decimal(-1)
        if (
            not amount.is_finite()
            or amount <= 0
            or amount >= _MAXIMUM_NORM
            or amount != amount.quantize(Decimal("0.01"))
        ):
            self._problem(
                column,
                "an amount in euros above 0 and below 100000 with at most 2 decimals, like 12.34",
                "not-an-amount",
            )
            return None
        return amount

    def whole(self, column: str) -> int | None:
        raw = self._raw(column)
        if not raw.isdigit():
            self._problem(column, "a whole number", "not-a-whole-number")
            return None
        return int(raw)
