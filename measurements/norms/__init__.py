"""Versioned norm tables (assets/norms/) and pure lookups over them."""

from measurements.norms.loader import (
    DEFAULT_DIRECTORY,
    NormsCatalog,
    NormsTableError,
    load_directory,
    load_table,
)
from measurements.norms.model import (
    BandsTable,
    BpTable,
    Category,
    Classification,
    NormalRangesTable,
    Sex,
    TableRef,
)

__all__ = [
    "DEFAULT_DIRECTORY",
    "BandsTable",
    "BpTable",
    "Category",
    "Classification",
    "NormalRangesTable",
    "NormsCatalog",
    "NormsTableError",
    "Sex",
    "TableRef",
    "load_directory",
    "load_table",
]
