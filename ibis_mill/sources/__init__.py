"""Mill source descriptors: local files described in YAML, as tables in Arrow.

A descriptor (upstream Mill's YAML format) names a source, a local storage root, and readers
(csv, tsv, fwf, excel, parquet, avro, arrow) that map files to tables by regex, directory or
glob, with optional per-file attribute columns. Typical use::

    from ibis_mill.sources import resolve, verify

    report = verify("skymill.yaml")          # never raises; report.valid, report.issues
    source = resolve("skymill.yaml")         # raises DescriptorError with the same issues
    table = source.tables["cities"]
    table.schema, table.files                # Arrow schema, list of paths
    table.to_arrow()                          # or table.to_reader() to stream file by file
    table.duckdb_sql()                        # native DuckDB scan for Parquet/plain CSV, or None

    file_source("out/*/*", table="t", reader="parquet")   # one table of named files (read_*)

We are stricter than upstream about the YAML (unknown keys are errors) and deviate from it in
a few documented places; see :mod:`ibis_mill.sources.loader` and the format option classes.
"""

from __future__ import annotations

from ibis_mill.sources.discover import DiscoveredTable, DiscoveryResult, discover
from ibis_mill.sources.errors import (
    DescriptorError,
    SchemaMismatchError,
    SourceError,
    SourceReadError,
)
from ibis_mill.sources.files import NoFilesFoundError, file_source
from ibis_mill.sources.issues import Issue, Phase, Severity, VerificationReport
from ibis_mill.sources.loader import DescriptorSource, load, load_dict, load_file, load_string
from ibis_mill.sources.model import Descriptor
from ibis_mill.sources.source import Source, resolve
from ibis_mill.sources.table import SourceTable, TablePart
from ibis_mill.sources.verify import verify

__all__ = [
    "Descriptor",
    "DescriptorError",
    "DescriptorSource",
    "DiscoveredTable",
    "DiscoveryResult",
    "Issue",
    "NoFilesFoundError",
    "Phase",
    "SchemaMismatchError",
    "Severity",
    "Source",
    "SourceError",
    "SourceReadError",
    "SourceTable",
    "TablePart",
    "VerificationReport",
    "discover",
    "file_source",
    "load",
    "load_dict",
    "load_file",
    "load_string",
    "resolve",
    "verify",
]
