"""Exports other tools read (JSON Lines, W3C Web Annotations) and reading them back."""

from __future__ import annotations

from annotations.formats.jsonl import claim_records, export_jsonl
from annotations.formats.w3c import CONTEXT, annotation_collection, export_w3c
from annotations.formats.w3c_import import ImportResult, import_w3c
from annotations.formats.w3c_read import AnnotationFileError

__all__ = [
    "CONTEXT",
    "AnnotationFileError",
    "ImportResult",
    "annotation_collection",
    "claim_records",
    "export_jsonl",
    "export_w3c",
    "import_w3c",
]
