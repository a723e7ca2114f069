"""Writes of content: progress in capsules, answers to checkpoints, video sources' media types,
the organisations' services and CSV import."""

import csv
import io
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Region, User
from content import recommendations, validators
from content.models import (
    Article,
    Capsule,
    CapsuleProgress,
    Checkpoint,
    CheckpointAnswer,
    Organisation,
    OrganisationService,
    VideoSource,
)
from content.signals import capsule_watched

WATCHED_FRACTION = 0.9
# Furthest-watched may advance by at most this much per second of real time since the last save
# (playback at 2x), plus a small allowance: seeking ahead moves the resume position, not "watched".
MAX_PLAYBACK_RATE = 2.0
PROGRESS_ALLOWANCE_SECONDS = 3.0
POSITION_TOLERANCE_SECONDS = 5.0


class AbsurdPosition(ValueError):
    """A position outside the capsule, or not a number: ignored."""


class CapsuleNotPublished(Exception):
    pass


def _mark_watched(progress: CapsuleProgress, *, user: User, capsule: Capsule, now) -> bool:
    if progress.watched_at is not None:
        return False
    progress.watched_at = now
    transaction.on_commit(lambda: capsule_watched.send(sender=Capsule, user=user, capsule=capsule))
    return True


@transaction.atomic
def progress_record(*, user: User, capsule: Capsule, position: float, now=None) -> CapsuleProgress:
    """Save where `user` is in `capsule`; mark it watched at 90 % of real watching.

    Locks the person's progress row (two tabs saving at once). Sends capsule_watched on commit,
    once. Raises AbsurdPosition for a position that is not a number or lies outside the capsule.
    """
    if not isinstance(position, int | float) or math.isnan(position) or math.isinf(position):
        raise AbsurdPosition("not a number")
    if position < 0 or position > capsule.duration_seconds + POSITION_TOLERANCE_SECONDS:
        raise AbsurdPosition("outside the capsule")
    now = now or timezone.now()
    position = min(float(position), float(capsule.duration_seconds))
    progress, created = CapsuleProgress.objects.select_for_update().get_or_create(
        user=user, capsule=capsule, defaults={"updated_at": now}
    )
    elapsed = 0.0 if created else max(0.0, (now - progress.updated_at).total_seconds())
    reachable = progress.furthest_seconds + elapsed * MAX_PLAYBACK_RATE + PROGRESS_ALLOWANCE_SECONDS
    # Credit only what real time allows since the last save.
    progress.furthest_seconds = max(progress.furthest_seconds, min(position, reachable))
    progress.position_seconds = position
    progress.updated_at = now
    if progress.furthest_seconds >= WATCHED_FRACTION * capsule.duration_seconds:
        _mark_watched(progress, user=user, capsule=capsule, now=now)
    progress.save(update_fields=["position_seconds", "furthest_seconds", "updated_at", "watched_at"])
    return progress


class InvalidAnswer(ValueError):
    pass


@dataclass
class AnswerOutcome:
    answer: CheckpointAnswer
    feedback: list[tuple[str, str, bool]] = field(default_factory=list)  # (choice, feedback, is_correct)
    watched: bool = False


@transaction.atomic
def checkpoint_answer(*, user: User, checkpoint: Checkpoint, choice_ids: list[int]) -> AnswerOutcome:
    """Record (or replace) the person's answer; the capsule counts as watched once every
    checkpoint has an answer. Sends capsule_watched on commit, once."""
    choices = [choice for choice in checkpoint.choices.all() if choice.pk in set(choice_ids)]
    if not choices or len(choices) != len(set(choice_ids)):
        raise InvalidAnswer(_("Choisissez une réponse."))
    if checkpoint.kind == Checkpoint.Kind.SINGLE and len(choices) > 1:
        raise InvalidAnswer(_("Choisissez une seule réponse."))
    correct = {choice.pk for choice in checkpoint.choices.all() if choice.is_correct}
    is_correct = {choice.pk for choice in choices} == correct
    answer, _created = CheckpointAnswer.objects.update_or_create(
        user=user, checkpoint=checkpoint, defaults={"is_correct": is_correct, "answered_at": timezone.now()}
    )
    answer.choices.set(choices)
    capsule = checkpoint.capsule
    outcome = AnswerOutcome(
        answer=answer, feedback=[(choice.text, choice.feedback, choice.is_correct) for choice in choices]
    )
    total = Checkpoint.objects.filter(capsule=capsule).count()
    answered = CheckpointAnswer.objects.filter(user=user, checkpoint__capsule=capsule).count()
    if total and answered >= total:
        progress, _created = CapsuleProgress.objects.select_for_update().get_or_create(user=user, capsule=capsule)
        if _mark_watched(progress, user=user, capsule=capsule, now=timezone.now()):
            progress.save(update_fields=["watched_at"])
            outcome.watched = True
    return outcome


def content_personal_data_erase(*, user: User) -> None:
    """Law 25 erasure: progress and answers are the person's own; nothing else refers to them."""
    CheckpointAnswer.objects.filter(user=user).delete()
    CapsuleProgress.objects.filter(user=user).delete()


@transaction.atomic
def capsule_publish(*, capsule: Capsule) -> Capsule:
    """Publish only with a transcript and captions (the admin form gives the same messages)."""
    if not capsule.transcript.strip():
        raise ValidationError(_("Une transcription est obligatoire pour publier une capsule."))
    if not capsule.captions.exists():
        raise ValidationError(_("Des sous-titres WebVTT sont obligatoires pour publier une capsule."))
    capsule.status = Capsule.Status.PUBLISHED
    capsule.save(update_fields=["status", "updated_at"])
    return capsule


@transaction.atomic
def content_items_publish(*, items) -> tuple[int, list[tuple[object, str]]]:
    """Publish a selection of capsules or articles (the admin's bulk action).

    Each capsule goes through capsule_publish (transcript and captions required); the ones refused
    come back with the reason. Returns (published count, [(item, reason)]).
    """
    published, refused = 0, []
    for item in items:
        if isinstance(item, Capsule):
            try:
                capsule_publish(capsule=item)
            except ValidationError as error:
                refused.append((item, " ".join(error.messages)))
                continue
        else:
            item.status = item.Status.PUBLISHED
            item.save(update_fields=["status", "updated_at"])
        published += 1
    return published, refused


def content_items_unpublish(*, queryset) -> int:
    """Back to draft: participants no longer see them; nothing else changes."""
    count = queryset.exclude(status=Capsule.Status.DRAFT).update(status=Capsule.Status.DRAFT, updated_at=timezone.now())
    # update() sends no signal: what was computed from the published items is out of date.
    recommendations.content_changed(sender=queryset.model)
    return count


@transaction.atomic
def article_link_translation(*, article: Article, translation: Article | None) -> Article:
    """Pair two articles in different languages, both ways; unpair the previous partners."""
    if translation is not None and translation.language == article.language:
        raise ValidationError(_("La version traduite doit être dans l'autre langue."))
    previous = Article.objects.filter(translation=article).exclude(pk=getattr(translation, "pk", None))
    previous.update(translation=None)
    if translation is not None:
        Article.objects.filter(translation=translation).exclude(pk=article.pk).update(translation=None)
        Article.objects.filter(pk=translation.pk).update(translation=article)
    Article.objects.filter(pk=article.pk).update(translation=translation)
    article.translation = translation
    return article


# --- Organisations CSV import --------------------------------------------------------------------

CSV_COLUMNS = ["name", "region_code", "municipality", "address", "phone", "website", "email", "services", "languages"]
MAX_IMPORT_BYTES = 2 * 1024 * 1024


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


URL_MIME_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mp3": "audio/mpeg"}


def video_source_describe(*, source: VideoSource, upload=None) -> VideoSource:
    """Fill the source's media type (and size) from the uploaded bytes, or from its URL's suffix.

    The type comes from the file's first bytes, not from its name or the browser's claim; an
    audio-only source of a video container is served as audio. Saves nothing: the caller saves.
    """
    if upload is not None:
        upload.seek(0)
        mime = validators.sniff_media(upload.read(64)) or ""
        upload.seek(0)
        if source.quality == VideoSource.Quality.AUDIO and mime in ("video/webm", "video/ogg", "video/mp4"):
            mime = mime.replace("video/", "audio/")
        source.mime_type = mime
        source.size_bytes = upload.size
    elif source.url:
        suffix = "." + source.url.rsplit(".", 1)[-1].lower() if "." in source.url else ""
        source.mime_type = URL_MIME_TYPES.get(suffix, "")
    return source


@transaction.atomic
def organisation_set_services(*, organisation: Organisation, services: set[str]) -> None:
    """The organisation offers exactly these services (codes of Organisation.Service)."""
    organisation.services.exclude(service__in=services).delete()
    OrganisationService.objects.bulk_create(
        [OrganisationService(organisation=organisation, service=code) for code in services], ignore_conflicts=True
    )


def _service_codes(value: str) -> tuple[list[str], list[str]]:
    known = {code for code, _label in Organisation.Service.choices}
    codes = [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
    return [code for code in codes if code in known], [code for code in codes if code not in known]


def organisations_import_csv(*, data: bytes) -> ImportReport:
    """Create or update organisations from a CSV (one row each, keyed on name + municipality).

    Every row is checked first; nothing is saved when one row is wrong, and the report lists
    each bad row with its line number. Columns: name, region_code, municipality, address, phone,
    website, email, services (codes separated by ";"), languages.
    """
    report = ImportReport()
    if len(data) > MAX_IMPORT_BYTES:
        report.errors.append((0, _("Le fichier dépasse 2 Mo.")))
        return report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, _("Le fichier doit être enregistré en UTF-8.")))
        return report
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in ("name", "region_code", "municipality") if column not in (reader.fieldnames or [])]
    if missing:
        report.errors.append((1, _("Colonnes manquantes : %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    regions = {region.code: region for region in Region.objects.all()}
    rows = []
    for row in reader:
        line = reader.line_num
        row = {key: (value or "").strip() for key, value in row.items() if key}
        problems = []
        if not row.get("name"):
            problems.append(_("le nom est vide"))
        region = regions.get(row.get("region_code", "").zfill(2))
        if region is None:
            problems.append(_("code de région inconnu « %(code)s »") % {"code": row.get("region_code", "")[:10]})
        if not row.get("municipality"):
            problems.append(_("la municipalité est vide"))
        if row.get("website"):
            try:
                URLValidator(schemes=["http", "https"])(row["website"])
            except ValidationError:
                problems.append(_("adresse de site Web invalide"))
        if row.get("email"):
            try:
                EmailValidator()(row["email"])
            except ValidationError:
                problems.append(_("courriel invalide"))
        services, unknown = _service_codes(row.get("services", ""))
        if unknown:
            problems.append(_("service inconnu « %(codes)s »") % {"codes": ", ".join(unknown)[:80]})
        if problems:
            report.errors.append((line, "; ".join(str(problem) for problem in problems)))
            continue
        rows.append((row, region, services))
    if report.errors:
        return report
    with transaction.atomic():
        for row, region, services in rows:
            organisation = Organisation.objects.filter(name=row["name"], municipality=row["municipality"]).first()
            fields = {
                "region": region,
                "address": row.get("address", "")[:255],
                "phone": row.get("phone", "")[:40],
                "website": row.get("website", ""),
                "email": row.get("email", ""),
                "languages": row.get("languages", "")[:255],
            }
            if organisation is None:
                organisation = Organisation.objects.create(
                    name=row["name"][:200],
                    municipality=row["municipality"][:100],
                    slug=_unique_slug(row["name"], row["municipality"]),
                    **fields,
                )
                report.created += 1
            else:
                for name, value in fields.items():
                    setattr(organisation, name, value)
                organisation.save()
                report.updated += 1
            organisation.services.exclude(service__in=services).delete()
            OrganisationService.objects.bulk_create(
                [OrganisationService(organisation=organisation, service=code) for code in services],
                ignore_conflicts=True,
            )
    return report


def _unique_slug(name: str, municipality: str) -> str:
    base = slugify(f"{name} {municipality}")[:180] or "organisme"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
