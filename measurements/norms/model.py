"""Norm tables as frozen data, with the pure lookups that score a value against them.

Every table carries where it came from (``source``, ``citation_url``) and which edition it
is (``id`` + ``version``); every lookup returns a :class:`Classification` that names the
table, so a stored result says exactly which table scored it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

# Tokens, not colours: the kiosk theme maps them to a colour AND an icon, because colour
# alone must never carry meaning (WCAG 2.2 SC 1.4.1 Use of Color).  The sets are the ones
# kiosk/theme.py (CATEGORY_COLOURS) and kiosk/widgets/category_badge.py (ICONS) draw.
COLOUR_TOKENS = frozenset({"normal", "info", "caution", "warning", "danger"})
ICON_TOKENS = frozenset({"ok", "info", "caution", "alert"})


class Sex(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True, slots=True)
class TableRef:
    """Which table, which edition: stored with every result it scores."""

    id: str
    version: str


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    ko: str
    en: str
    colour: str  # one of COLOUR_TOKENS
    icon: str  # one of ICON_TOKENS


@dataclass(frozen=True, slots=True)
class Classification:
    """A value placed in a category of one table."""

    category: Category
    table: TableRef

    def as_json(self) -> dict[str, Any]:
        """The ``interpretation`` JSON fields: category code, labels, tokens, table id+version."""
        return {
            "category": self.category.code,
            "label_ko": self.category.ko,
            "label_en": self.category.en,
            "colour": self.category.colour,
            "icon": self.category.icon,
            "table_id": self.table.id,
            "table_version": self.table.version,
        }


@dataclass(frozen=True, slots=True)
class TableInfo:
    ref: TableRef
    source: str
    citation_url: str
    path: str  # the file it was loaded from (error messages, audit)


# --- blood-pressure categories ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Threshold:
    """``value >= bound`` when inclusive, ``value > bound`` otherwise."""

    bound: float
    inclusive: bool = True

    def reached_by(self, value: float) -> bool:
        return value >= self.bound if self.inclusive else value > self.bound


@dataclass(frozen=True, slots=True)
class BpCategory:
    category: Category
    systolic: Threshold | None  # None: systolic alone never reaches this category
    diastolic: Threshold | None


@dataclass(frozen=True, slots=True)
class IsolatedSystolic:
    systolic_min: float
    diastolic_below: float
    ko: str
    en: str


@dataclass(frozen=True, slots=True)
class BpTable:
    """Categories ascending in severity; the first is the baseline (no thresholds)."""

    info: TableInfo
    categories: tuple[BpCategory, ...]
    isolated_systolic: IsolatedSystolic | None = None

    def classify(self, systolic_mmhg: float, diastolic_mmhg: float) -> Classification:
        """The most severe category that systolic OR diastolic reaches (guideline rule:
        when the two fall in different categories, the higher one applies)."""
        chosen = self.categories[0]
        for candidate in self.categories[1:]:
            sys_hit = candidate.systolic is not None and candidate.systolic.reached_by(
                systolic_mmhg)
            dia_hit = candidate.diastolic is not None and candidate.diastolic.reached_by(
                diastolic_mmhg)
            if sys_hit or dia_hit:
                chosen = candidate
        return Classification(chosen.category, self.info.ref)

    def is_isolated_systolic(self, systolic_mmhg: float, diastolic_mmhg: float) -> bool:
        rule = self.isolated_systolic
        return rule is not None and (
            systolic_mmhg >= rule.systolic_min and diastolic_mmhg < rule.diastolic_below
        )


# --- single-variable bands ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    category: Category
    start: Threshold | None  # None only for the first band (open below)


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    unit: str
    bands_by_sex: dict[str, tuple[Band, ...]]  # key "all", or "male" and "female"

    def bands_for(self, sex: Sex | None) -> tuple[Band, ...] | None:
        if "all" in self.bands_by_sex:
            return self.bands_by_sex["all"]
        if sex is None:
            return None
        return self.bands_by_sex.get(sex.value)


@dataclass(frozen=True, slots=True)
class BandsTable:
    info: TableInfo
    measures: dict[str, Measure]

    def classify(self, measure: str, value: float, sex: Sex | None = None
                 ) -> Classification | None:
        """The band ``value`` falls in; None when the table is sex-specific and sex is unknown.

        Raises:
            KeyError: the table has no such measure (a programming error, not bad data).
        """
        bands = self.measures[measure].bands_for(sex)
        if bands is None:
            return None
        chosen = bands[0]
        for band in bands[1:]:
            if band.start is not None and band.start.reached_by(value):
                chosen = band
        return Classification(chosen.category, self.info.ref)


# --- age- and sex-specific normal ranges ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class NormalRangeRow:
    sex: Sex
    age_min: int
    age_max: int
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class NormalRangeTest:
    name: str
    unit: str
    higher_is_better: bool
    ko: str
    en: str
    rows: tuple[NormalRangeRow, ...]


@dataclass(frozen=True, slots=True)
class NormalRangesTable:
    """Per test, the 25th-75th percentile range by age band and sex (Rikli & Jones style)."""

    info: TableInfo
    below: Category  # worse than the range
    within: Category
    above: Category  # better than the range
    tests: dict[str, NormalRangeTest]

    def row_for(self, test: str, sex: Sex, age_years: int) -> NormalRangeRow | None:
        for row in self.tests[test].rows:
            if row.sex is sex and row.age_min <= age_years <= row.age_max:
                return row
        return None

    def classify(self, test: str, value: float, sex: Sex, age_years: int
                 ) -> Classification | None:
        """Below / within / above the normal range; None outside the table's age bands.

        The range ends count as within.  "Below" always means worse: for a timed test
        (``higher_is_better = false``) a time above the range is below normal.
        """
        row = self.row_for(test, sex, age_years)
        if row is None:
            return None
        better = self.tests[test].higher_is_better
        if row.low <= value <= row.high:
            category = self.within
        elif (value > row.high) == better:
            category = self.above
        else:
            category = self.below
        return Classification(category, self.info.ref)


NormTable = BpTable | BandsTable | NormalRangesTable
