"""File formats: one :class:`FileFormat` per reader ``type``."""

from __future__ import annotations

from ibis_mill.sources.model import Reader
from ibis_mill.sources.options import CsvOptions, ExcelOptions, FwfOptions, TsvOptions
from ibis_mill.sources.readers.avro import AvroFormat
from ibis_mill.sources.readers.base import FileFormat
from ibis_mill.sources.readers.columnar import ArrowFormat, ParquetFormat
from ibis_mill.sources.readers.excel import ExcelFormat
from ibis_mill.sources.readers.text import CsvFormat, FwfFormat, TsvFormat


def file_format(reader: Reader) -> FileFormat:
    """The format object that reads files of ``reader``."""
    options = reader.format
    if reader.type == "csv":
        assert isinstance(options, CsvOptions)
        return CsvFormat(options)
    if reader.type == "tsv":
        assert isinstance(options, TsvOptions)
        return TsvFormat(options)
    if reader.type == "fwf":
        assert isinstance(options, FwfOptions)
        return FwfFormat(options)
    if reader.type == "excel":
        assert isinstance(options, ExcelOptions)
        return ExcelFormat(options)
    formats: dict[str, type[FileFormat]] = {
        "parquet": ParquetFormat,
        "avro": AvroFormat,
        "arrow": ArrowFormat,
    }
    return formats[reader.type]()


__all__ = ["FileFormat", "file_format"]
