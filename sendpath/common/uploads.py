"""Uploaded files: what they really are, judged by their first bytes, and whether we take them.

One place for every upload in the service (evidence with a request, a family's drawing, an
advice report), so every page refuses the same files with the same plain message. The name
a browser sends and its claimed type are never trusted.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile

from sendpath.common.errors import DomainError

MAX_FILE_SIZE = 10 * 1024 * 1024

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx"}
EVIDENCE_TYPES = frozenset({PDF, DOCX, JPEG, PNG})
FAMILY_TYPES = frozenset({PDF, JPEG, PNG})
REPORT_TYPES = frozenset({PDF, DOCX})
TYPE_NAMES = {
    EVIDENCE_TYPES: "a PDF, a Word document (DOCX), a JPG or a PNG",
    FAMILY_TYPES: "a photo (JPG or PNG) or a PDF",
    REPORT_TYPES: "a PDF or a Word document (DOCX)",
}


def sniff(upload: UploadedFile) -> str | None:
    """The file's real type, from its first bytes (and, for a DOCX, the parts it holds:
    every Office file and any zip start with the same 4 bytes)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def display_name(name: str, limit: int = 200) -> str:
    """A file name fit to show and store: no folders, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) != "Cc").strip()
    return name[:limit] or "Document"


def check_file(upload: UploadedFile, allowed: frozenset[str]) -> str:
    """The file's type if it is one we accept and no bigger than 10 MB; otherwise a
    message naming the file and saying what to do."""
    name = display_name(upload.name or "The file")
    if not upload.size:
        raise DomainError(f"{name} is empty: choose another file")
    if upload.size > MAX_FILE_SIZE:
        raise DomainError(f"{name} must be smaller than 10 MB")
    kind = sniff(upload)
    if kind not in allowed:
        raise DomainError(f"{name} must be {TYPE_NAMES[allowed]}")
    return kind


def check_files(
    uploads: Iterable[UploadedFile], allowed: frozenset[str], field: str = "evidence"
) -> list[str]:
    """Every file's type, or every problem at once."""
    kinds, problems = [], []
    for upload in uploads:
        try:
            kinds.append(check_file(upload, allowed))
        except DomainError as exc:
            problems.append(exc.message)
    if problems:
        raise DomainError(". ".join(problems), field=field)
    return kinds
