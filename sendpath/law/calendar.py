"""Counting rules for statutory time limits (timescales.md part 1).

Every deadline in sendpath is computed here, so that the whole project counts time one way. The
functions are pure and work on ``datetime.date`` only: a ``datetime`` is rejected because it
compares unequal to the ``date`` objects in the holiday table and would silently count a bank
holiday as a working day.

The rules, named as in timescales.md part 1 and stored against every computed deadline:

* W      "within N weeks of X": X + 7N days, X itself not counted (1.1).
* B      "N days beginning with X": X is day 1, last day X + (N - 1) (1.2).
* M      "within N months after X": the corresponding date, clamped to the month end
         (Dodds v Walker [1981] 1 WLR 1027), forwards or backwards (1.3).
* MB     "N months beginning with X": (X + N months by rule M) - 1 day (1.3).
* D      "within N days of X": X + N calendar days (1.4).
* WD     working days, Monday to Friday less England bank holidays (1.5).
* BEFORE "before a named date": the day before it (1.6).
* ATLEAST "at least N days before Y": Y - N (1.6).
* LATER  the later of two dates computed by the rules above (1.7, reg 15(5)).

A statutory deadline that falls on a weekend or bank holiday does NOT move: the SEND Regulations
have no roll-forward rule (1.1). Only :func:`practical_deadline`, which is advisory, moves.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache

import holidays

__all__ = [
    "Closures",
    "Rule",
    "add_days",
    "add_months",
    "add_weeks",
    "add_working_days",
    "at_least_before",
    "bank_holidays",
    "before",
    "days_beginning_with",
    "is_working_day",
    "months_beginning_with",
    "practical_deadline",
    "working_days_beginning_with",
]

ONE_DAY = timedelta(days=1)

#: Extra non-working days (an LA-editable ``NonWorkingDay`` table, timescales.md 1.5). Callers pass
#: only the days that apply: "national" one-off bank holidays for statutory clocks, and LA
#: closures as well for the advisory practical deadline.
Closures = Iterable[date]

_EMPTY: frozenset[date] = frozenset()


class Rule(StrEnum):
    """The counting rule used for a deadline; stored with it so that a reviewer can re-derive it."""

    W = "W"
    B = "B"
    M = "M"
    MB = "MB"
    D = "D"
    WD = "WD"
    BEFORE = "BEFORE"
    ATLEAST = "ATLEAST"
    LATER = "LATER"

    @property
    def meaning(self) -> str:
        """Plain-English statement of the rule, for audit trails and the UI."""
        return _RULE_MEANINGS[self]


_RULE_MEANINGS: dict[Rule, str] = {
    Rule.W: "N weeks after the trigger day (trigger day not counted)",
    Rule.B: "N days beginning with the trigger day (trigger day is day 1)",
    Rule.M: "the corresponding date N months later, or the month's last day if there is none",
    Rule.MB: "N months beginning with the trigger day: the day before the corresponding date",
    Rule.D: "N calendar days after the trigger day (trigger day not counted)",
    Rule.WD: "working days: Monday to Friday, not an England bank holiday",
    Rule.BEFORE: "before a named date: the day before it is the last day",
    Rule.ATLEAST: "at least N days before a date: that date minus N days",
    Rule.LATER: "the later of two deadlines",
}


def _require_date(value: object) -> None:
    """Reject datetimes and non-dates early, before they give a silently wrong answer."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"expected datetime.date, got {type(value).__name__}")


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England bank holidays in ``year``, substitute days included (timescales.md 1.5).

    Cached per year (functools.cache, i.e. an unbounded lru_cache) because
    :func:`is_working_day` runs millions of times in reports, and building the ``holidays``
    table costs far more than a set lookup. The table also holds weekend-dated
    originals (e.g. Sat 26 Dec 2026); that is harmless because weekends never count.
    """
    # Neighbouring years too, in case a substitute day is filed under the year of the original.
    table = holidays.country_holidays("GB", subdiv="ENG", years=(year - 1, year, year + 1))
    return frozenset(day for day in table if day.year == year)


def _as_set(closures: Closures) -> AbstractSet[date]:
    """Turn any iterable of closure days into a set once, so a generator is not consumed by
    the first membership test and a long list is not scanned on every day of a count."""
    if isinstance(closures, AbstractSet):
        return closures
    return frozenset(closures) if closures else _EMPTY


def _is_working(day: date, extra: AbstractSet[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year) and day not in extra


def is_working_day(day: date, closures: Closures = ()) -> bool:
    """True if ``day`` is Monday to Friday, not an England bank holiday and not in ``closures``.

    Good Friday, Christmas Day and substitute days are bank holidays here (1.5). ``closures``
    should hold only days that count for the clock in hand: an LA office closure is still a
    working day in law, so passing one to a statutory clock would push the LA's deadline later.
    """
    _require_date(day)
    if day.weekday() >= 5 or day in bank_holidays(day.year):
        return False
    return not closures or day not in _as_set(closures)


def add_working_days(start: date, n: int, closures: Closures = ()) -> date:
    """The n-th working day after ``start`` ("within n working days of X", rule WD).

    ``start`` is not counted even if it is a working day: the count steps forward one calendar
    day at a time and counts only working days (1.5). ``n == 0`` returns ``start`` unchanged.
    """
    _require_date(start)
    if n < 0:
        raise ValueError("n must be >= 0; counting working days backwards is not a statutory rule")
    extra = _as_set(closures)
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        if _is_working(day, extra):
            counted += 1
    return day


def working_days_beginning_with(start: date, n: int, closures: Closures = ()) -> date:
    """Last day of "n working days beginning with" ``start`` (rule WD, e.g. reg 15(2)).

    ``start`` is working day 1 if it is a working day; otherwise the first working day after it
    is day 1 (1.5). So this is one working day earlier than :func:`add_working_days` whenever
    ``start`` is itself a working day.
    """
    _require_date(start)
    if n < 1:
        raise ValueError("a period of working days beginning with a day has at least one day")
    extra = _as_set(closures)
    if _is_working(start, extra):
        return add_working_days(start, n - 1, extra)
    return add_working_days(start, n, extra)


def add_weeks(start: date, n: int) -> date:
    """Rule W: ``start`` + 7n calendar days. Weekends and bank holidays count (1.1)."""
    _require_date(start)
    return start + timedelta(days=7 * n)


def add_days(start: date, n: int) -> date:
    """Rule D: ``start`` + n calendar days; ``start`` is day 0 (1.4)."""
    _require_date(start)
    return start + timedelta(days=n)


def add_months(start: date, n: int) -> date:
    """Rule M: the corresponding date n months later (or earlier, for negative n).

    Dodds v Walker [1981] 1 WLR 1027 (HL): a calendar-month period ends on the same-numbered
    day of the later month; where that month is too short, on its last day (1.3). Going
    backwards works the same way, as reg 18(2)'s "at least five months before" needs.
    """
    _require_date(start)
    years, month0 = divmod(start.month - 1 + n, 12)
    year, month = start.year + years, month0 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def months_beginning_with(start: date, n: int) -> date:
    """Rule MB: last day of "n months beginning/starting with" ``start``.

    Because ``start`` is inside the period, the period ends the day before the rule-M date
    (1.3): plan made 15 Mar 2026 -> 14 Mar 2027. Where rule M clamps (start on 29 Feb or a
    31st) this gives the earlier of the two possible readings, so the LA is never late on our
    reckoning. No authority settles that edge case [unverified].
    """
    if n < 1:
        raise ValueError("a period of months beginning with a day has at least one month")
    return add_months(start, n) - ONE_DAY


def days_beginning_with(start: date, n: int) -> date:
    """Rule B: last day of "n days beginning with" ``start``, i.e. ``start`` + (n - 1) (1.2)."""
    _require_date(start)
    if n < 1:
        raise ValueError("a period of days beginning with a day has at least one day")
    return start + timedelta(days=n - 1)


def before(named_date: date) -> date:
    """Rule BEFORE: last compliant day for "before <named date>" is the day before (1.6).

    The named date itself is late: "before 15 February" means on or before 14 February.
    """
    _require_date(named_date)
    return named_date - ONE_DAY


def at_least_before(target: date, days: int) -> date:
    """Rule ATLEAST: latest day to act when something must happen "at least ``days`` before"
    ``target`` (e.g. two weeks' notice of a review meeting, reg 20(3)): ``target`` - ``days``.
    """
    _require_date(target)
    if days < 0:
        raise ValueError("days must be >= 0")
    return target - timedelta(days=days)


def practical_deadline(statutory: date, closures: Closures = ()) -> date:
    """Advisory only: the last working day on or before the statutory deadline (1.1).

    The statutory date never moves and is what compliance reporting uses; this is the date an
    officer should aim for when the statutory date is a weekend, bank holiday or (if passed in
    ``closures``) an LA office closure day.
    """
    _require_date(statutory)
    extra = _as_set(closures)
    day = statutory
    while not _is_working(day, extra):
        day -= ONE_DAY
    return day
