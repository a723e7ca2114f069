"""Deliverable files: the type is checked by content (magic bytes), never by the name alone."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def detect_kind(upload) -> str | None:
    """ "pdf", "docx" or None, from the bytes of the file."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def validate_deliverable_file(upload, *, max_bytes: int) -> str:
    """Return the detected kind, or raise ValidationError with a message for the person."""
    if upload.size > max_bytes:
        # In "Mo" as the help text and the browser's check say (filesizeformat writes "Mio").
        megabyte = 1024 * 1024
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo : la limite est de %(limit)s Mo."),
            code="too_large",
            params={
                "size": number_format(upload.size / megabyte, decimal_pos=1),
                "limit": number_format(max_bytes // megabyte),
            },
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _("Ce fichier n'est ni un PDF ni un document Word (DOCX). Enregistrez-le dans l'un de ces formats."),
            code="bad_type",
        )
    expected_extension = "." + kind
    if not upload.name.lower().endswith(expected_extension):
        base = upload.name.rsplit(".", 1)[0] or "document"
        upload.name = base + expected_extension
    return kind
