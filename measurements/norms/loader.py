"""Loading norm tables from versioned files (TOML or JSON) and validating them on load.

A table that is wrong must never score a visitor, so every file is checked completely when
it is read, and the error names the file and the field (``categories[2].systolic_min``).
An official table that arrives later (for example the 국민체력100 senior grade table,
shared/reference/health-kiosk-anchors.md §2.3, which is not public) is dropped into
``assets/norms/`` in one of the schemas below and is picked up by :func:`load_directory`.

Schemas (``schema`` key): ``bp_categories/1``, ``bands/1``, ``normal_ranges/1``; every file
also has ``id``, ``version``, ``source`` and ``citation_url``.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from measurements.norms.model import (
    COLOUR_TOKENS,
    ICON_TOKENS,
    Band,
    BandsTable,
    BpCategory,
    BpTable,
    Category,
    IsolatedSystolic,
    Measure,
    NormalRangeRow,
    NormalRangesTable,
    NormalRangeTest,
    NormTable,
    Sex,
    TableInfo,
    TableRef,
    Threshold,
)

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "assets" / "norms"
SUFFIXES = (".toml", ".json")

T = TypeVar("T")


class NormsTableError(ValueError):
    """A norm table file is unreadable or malformed; says which file and which field."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        where = f"{path}: {field}" if field else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.field = field
        self.problem = problem


class _Reader:
    """Typed access to one parsed file, raising NormsTableError with the field path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, problem: str) -> NormsTableError:
        return NormsTableError(self.path, field, problem)

    def table(self, data: Mapping[str, Any], key: str, prefix: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, Mapping):
            raise self.fail(prefix + key, "missing or not a table")
        return value

    def array(self, data: Mapping[str, Any], key: str, prefix: str) -> list[Mapping[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(prefix + key, "missing or not a non-empty list of tables")
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.fail(f"{prefix}{key}[{i}]", "not a table")
        return value

    def text(self, data: Mapping[str, Any], key: str, prefix: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(prefix + key, "missing or not a non-empty string")
        return value

    def number(self, data: Mapping[str, Any], key: str, prefix: str,
               *, required: bool = True) -> float | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise self.fail(prefix + key, "missing or not a finite number")
        return float(value)

    def integer(self, data: Mapping[str, Any], key: str, prefix: str) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(prefix + key, "missing or not an integer")
        return value

    def flag(self, data: Mapping[str, Any], key: str, prefix: str) -> bool:
        value = data.get(key)
        if not isinstance(value, bool):
            raise self.fail(prefix + key, "missing or not true/false")
        return value

    def category(self, data: Mapping[str, Any], prefix: str) -> Category:
        colour = self.text(data, "colour", prefix)
        if colour not in COLOUR_TOKENS:
            raise self.fail(prefix + "colour", f"unknown token {colour!r}; one of "
                            f"{sorted(COLOUR_TOKENS)}")
        icon = self.text(data, "icon", prefix)
        if icon not in ICON_TOKENS:
            raise self.fail(prefix + "icon", f"unknown token {icon!r}; one of "
                            f"{sorted(ICON_TOKENS)}")
        return Category(self.text(data, "code", prefix), self.text(data, "ko", prefix),
                        self.text(data, "en", prefix), colour, icon)

    def threshold(self, data: Mapping[str, Any], stem: str, prefix: str) -> Threshold | None:
        """``<stem>min`` (inclusive) or ``<stem>above`` (exclusive), at most one."""
        low = self.number(data, stem + "min", prefix, required=False)
        above = self.number(data, stem + "above", prefix, required=False)
        if low is not None and above is not None:
            raise self.fail(f"{prefix}{stem}min", f"give {stem}min or {stem}above, not both")
        if low is not None:
            return Threshold(low, inclusive=True)
        if above is not None:
            return Threshold(above, inclusive=False)
        return None


def _bound(threshold: Threshold | None) -> float:
    return -math.inf if threshold is None else threshold.bound


def _info(reader: _Reader, data: Mapping[str, Any]) -> TableInfo:
    ref = TableRef(reader.text(data, "id", ""), reader.text(data, "version", ""))
    source = reader.text(data, "source", "")
    url = reader.text(data, "citation_url", "")
    if not url.startswith(("https://", "http://")):
        raise reader.fail("citation_url", "not an http(s) URL")
    return TableInfo(ref, source, url, str(reader.path))


def _bp_table(reader: _Reader, data: Mapping[str, Any]) -> BpTable:
    info = _info(reader, data)
    categories: list[BpCategory] = []
    previous = (-math.inf, -math.inf)
    for i, item in enumerate(reader.array(data, "categories", "")):
        prefix = f"categories[{i}]."
        systolic = reader.threshold(item, "systolic_", prefix)
        diastolic = reader.threshold(item, "diastolic_", prefix)
        if i == 0 and (systolic or diastolic):
            raise reader.fail(prefix + "systolic_min", "the first category is the baseline "
                              "and takes no thresholds")
        if i > 0 and systolic is None and diastolic is None:
            raise reader.fail(prefix + "systolic_min", "needs a systolic or diastolic threshold")
        # Ascending severity: a later category never starts below an earlier one.
        current = (_bound(systolic) if systolic else previous[0],
                   _bound(diastolic) if diastolic else previous[1])
        if current[0] < previous[0] or current[1] < previous[1]:
            raise reader.fail(prefix + "systolic_min", "categories must be in ascending order")
        previous = current
        categories.append(BpCategory(reader.category(item, prefix), systolic, diastolic))
    _unique_codes(reader, [c.category.code for c in categories], "categories")
    isolated = None
    if "isolated_systolic" in data:
        rule = reader.table(data, "isolated_systolic", "")
        prefix = "isolated_systolic."
        isolated = IsolatedSystolic(
            float(reader.number(rule, "systolic_min", prefix) or 0.0),
            float(reader.number(rule, "diastolic_below", prefix) or 0.0),
            reader.text(rule, "ko", prefix), reader.text(rule, "en", prefix))
    return BpTable(info, tuple(categories), isolated)


def _bands(reader: _Reader, items: list[Mapping[str, Any]], prefix: str) -> tuple[Band, ...]:
    bands: list[Band] = []
    for i, item in enumerate(items):
        field = f"{prefix}[{i}]."
        start = reader.threshold(item, "", field)
        if i == 0 and start is not None:
            raise reader.fail(field + "min", "the first band is open below and takes no bound")
        if i > 0 and start is None:
            raise reader.fail(field + "min", "needs `min` or `above`")
        if i > 1 and _bound(start) < _bound(bands[-1].start):
            raise reader.fail(field + "min", "bands must be in ascending order")
        bands.append(Band(reader.category(item, field), start))
    _unique_codes(reader, [b.category.code for b in bands], prefix)
    return tuple(bands)


def _bands_table(reader: _Reader, data: Mapping[str, Any]) -> BandsTable:
    info = _info(reader, data)
    measures: dict[str, Measure] = {}
    raw_measures = reader.table(data, "measures", "")
    if not raw_measures:
        raise reader.fail("measures", "no measures")
    for name, raw in raw_measures.items():
        prefix = f"measures.{name}."
        if not isinstance(raw, Mapping):
            raise reader.fail(prefix[:-1], "not a table")
        unit = reader.text(raw, "unit", prefix)
        keys = {"all", "male", "female"} & set(raw)
        if keys not in ({"all"}, {"male", "female"}):
            raise reader.fail(prefix + "all", "give bands for `all`, or for both `male` "
                              "and `female`")
        by_sex = {key: _bands(reader, reader.array(raw, key, prefix), prefix + key)
                  for key in sorted(keys)}
        measures[name] = Measure(name, unit, by_sex)
    return BandsTable(info, measures)


def _normal_ranges_table(reader: _Reader, data: Mapping[str, Any]) -> NormalRangesTable:
    info = _info(reader, data)
    labels = reader.table(data, "labels", "")
    below, within, above = (
        reader.category(reader.table(labels, key, "labels."), f"labels.{key}.")
        for key in ("below", "within", "above"))
    tests: dict[str, NormalRangeTest] = {}
    for name, raw in reader.table(data, "tests", "").items():
        prefix = f"tests.{name}."
        if not isinstance(raw, Mapping):
            raise reader.fail(prefix[:-1], "not a table")
        rows: list[NormalRangeRow] = []
        for i, item in enumerate(reader.array(raw, "rows", prefix)):
            field = f"{prefix}rows[{i}]."
            sex_text = reader.text(item, "sex", field)
            if sex_text not in {s.value for s in Sex}:
                raise reader.fail(field + "sex", f"{sex_text!r} is not 'male' or 'female'")
            age_min = reader.integer(item, "age_min", field)
            age_max = reader.integer(item, "age_max", field)
            if age_max < age_min:
                raise reader.fail(field + "age_max", "smaller than age_min")
            low = float(reader.number(item, "low", field) or 0.0)
            high = float(reader.number(item, "high", field) or 0.0)
            if high < low:
                raise reader.fail(field + "high", "smaller than low")
            row = NormalRangeRow(Sex(sex_text), age_min, age_max, low, high)
            for other in rows:
                if other.sex is row.sex and not (
                        row.age_max < other.age_min or row.age_min > other.age_max):
                    raise reader.fail(field + "age_min", "age band overlaps an earlier row")
            rows.append(row)
        tests[name] = NormalRangeTest(
            name, reader.text(raw, "unit", prefix), reader.flag(raw, "higher_is_better", prefix),
            reader.text(raw, "ko", prefix), reader.text(raw, "en", prefix), tuple(rows))
    if not tests:
        raise reader.fail("tests", "no tests")
    return NormalRangesTable(info, below, within, above, tests)


def _unique_codes(reader: _Reader, codes: list[str], field: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise reader.fail(field, f"category code {code!r} appears twice")
        seen.add(code)


_BUILDERS: dict[str, Callable[[_Reader, Mapping[str, Any]], NormTable]] = {
    "bp_categories/1": _bp_table,
    "bands/1": _bands_table,
    "normal_ranges/1": _normal_ranges_table,
}


def load_table(path: Path) -> NormTable:
    """Read and validate one table file.

    Raises:
        NormsTableError: unreadable, not TOML/JSON, unknown schema, or a malformed field.
    """
    reader = _Reader(path)
    try:
        raw_bytes = path.read_bytes()
    except OSError as err:
        raise NormsTableError(path, "", f"cannot read: {err.strerror}") from err
    try:
        data = (json.loads(raw_bytes) if path.suffix == ".json"
                else tomllib.loads(raw_bytes.decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as err:  # both decode errors are ValueErrors
        raise NormsTableError(path, "", f"not valid {path.suffix[1:].upper()}: {err}") from err
    if not isinstance(data, Mapping):
        raise NormsTableError(path, "", "the top level is not a table")
    schema = data.get("schema")
    builder = _BUILDERS.get(schema) if isinstance(schema, str) else None
    if builder is None:
        raise reader.fail("schema", f"unknown schema {schema!r}; one of {sorted(_BUILDERS)}")
    return builder(reader, data)


class NormsCatalog:
    """All tables of a directory, by id.  Built once at start-up; lookups are pure."""

    def __init__(self, tables: Mapping[str, NormTable]) -> None:
        self._tables = dict(tables)

    def ids(self) -> list[str]:
        return sorted(self._tables)

    def get(self, table_id: str) -> NormTable:
        try:
            return self._tables[table_id]
        except KeyError:
            raise KeyError(f"no norm table with id {table_id!r}; have {self.ids()}") from None

    def bp(self, table_id: str) -> BpTable:
        return _expect(self.get(table_id), BpTable)

    def bands(self, table_id: str) -> BandsTable:
        return _expect(self.get(table_id), BandsTable)

    def normal_ranges(self, table_id: str) -> NormalRangesTable:
        return _expect(self.get(table_id), NormalRangesTable)


def _expect(table: NormTable, kind: type[T]) -> T:
    if not isinstance(table, kind):
        raise TypeError(f"table {table.info.ref.id!r} ({table.info.path}) is a "
                        f"{type(table).__name__}, not a {kind.__name__}")
    return table


def load_directory(directory: Path = DEFAULT_DIRECTORY) -> NormsCatalog:
    """Load every ``*.toml`` / ``*.json`` table in ``directory``.

    Raises:
        NormsTableError: any file is malformed, or two files claim the same table id.
    """
    tables: dict[str, NormTable] = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES):
        table = load_table(path)
        table_id = table.info.ref.id
        if table_id in tables:
            raise NormsTableError(path, "id", f"table id {table_id!r} is also defined in "
                                  f"{tables[table_id].info.path}")
        tables[table_id] = table
    return NormsCatalog(tables)
