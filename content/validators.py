"""Validation of what admins upload: media types by their bytes, sizes, WebVTT captions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from content import webvtt

DEFAULT_MAX_MEDIA_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_POSTER_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_VTT_BYTES = 512 * 1024

WEBVTT_MESSAGES = {
    "signature": _("la première ligne doit être exactement « WEBVTT »."),
    "header": _("l'en-tête doit être suivi d'une ligne vide avant le premier sous-titre."),
    "timing": _("une ligne de temps « 00:00:01.000 --> 00:00:04.000 » est attendue ici."),
    "order": _("la fin du sous-titre doit venir après son début."),
    "sequence": _("ce sous-titre commence avant le précédent : ils doivent être dans l'ordre."),
    "settings": _("un réglage de sous-titre est invalide (attendu par exemple « align:center »)."),
    "empty_cue": _("le sous-titre n'a pas de texte."),
    "timing_in_text": _("« --> » dans le texte : il manque sans doute une ligne vide avant ce sous-titre."),
    "no_cue": _("le fichier ne contient aucun sous-titre."),
}


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def sniff_media(head: bytes) -> str | None:
    """The MIME type of an audio or video file from its first bytes, or None if not a web format."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"OggS"):
        return "audio/ogg" if b"vorbis" in head or b"OpusHead" in head else "video/ogg"
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return None


def sniff_image(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _head(upload, size: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("Le fichier est trop lourd (%(size)s) : la limite est de %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_media_file(upload) -> None:
    _check_size(upload, _limit("CONTENT_MAX_MEDIA_BYTES", DEFAULT_MAX_MEDIA_BYTES))
    if sniff_media(_head(upload)) is None:
        raise ValidationError(
            _("Ce fichier n'est pas une vidéo ou un son dans un format du Web (MP4, WebM, Ogg, MP3)."),
            code="bad_type",
        )


def validate_poster(upload) -> None:
    _check_size(upload, _limit("CONTENT_MAX_POSTER_BYTES", DEFAULT_MAX_POSTER_BYTES))
    if sniff_image(_head(upload)) is None:
        raise ValidationError(_("Cette image n'est ni PNG, ni JPEG, ni WebP."), code="bad_type")


def validate_webvtt_text(text: str) -> None:
    if len(text.encode("utf-8")) > DEFAULT_MAX_VTT_BYTES:
        raise ValidationError(
            _("Les sous-titres sont trop longs : la limite est de %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(DEFAULT_MAX_VTT_BYTES)},
        )
    try:
        webvtt.parse(text)
    except webvtt.WebVTTError as error:
        raise ValidationError(
            _("WebVTT invalide, ligne %(line)s : %(problem)s"),
            code="bad_webvtt",
            params={"line": error.line, "problem": WEBVTT_MESSAGES.get(error.message, error.message)},
        ) from None
