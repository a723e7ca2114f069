from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integration_portal.db import TimeStampedModel


def feed_format_choices() -> list[tuple[str, str]]:
    # The adapters' registry decides which formats exist; the model only stores the key.
    from job_feed.adapters import adapter_choices

    return adapter_choices()


def validate_crontab(value: str) -> None:
    from job_feed.schedules import parse_crontab

    try:
        parse_crontab(value)
    except ValueError:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un horaire valide. Écrivez cinq champs cron : "
                "minute heure jour-du-mois mois jour-de-la-semaine (ex. « 0 5 * * * »)."
            ),
            code="invalid_crontab",
            params={"value": value[:60]},
        ) from None


class FeedSource(TimeStampedModel):
    """A remote feed of job offers, pulled on its schedule by Celery beat."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    url = models.URLField(_("adresse du flux"), max_length=500)
    format = models.CharField(_("format"), max_length=40, choices=feed_format_choices)
    schedule = models.CharField(
        _("horaire (cron)"),
        max_length=100,
        default="0 5 * * *",
        validators=[validate_crontab],
        help_text=_("Cinq champs cron, heure du Québec. Par défaut : tous les jours à 5 h."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    # Conditional requests: what the server said last time, sent back so it can answer 304.
    etag = models.CharField(_("ETag"), max_length=255, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=64, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("échecs consécutifs"), default=0, editable=False)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        verbose_name=_("tâche planifiée"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("source d'offres")
        verbose_name_plural = _("sources d'offres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_failing(self) -> bool:
        return self.consecutive_failures > 0


class FeedRun(models.Model):
    """One import of one source: what it did, or why it did nothing."""

    class Status(models.TextChoices):
        RUNNING = "running", _("En cours")
        SUCCEEDED = "succeeded", _("Réussie")
        NOT_MODIFIED = "not_modified", _("Flux inchangé (304)")
        FAILED = "failed", _("Échouée")
        SKIPPED = "skipped", _("Ignorée (import déjà en cours)")
        INTERRUPTED = "interrupted", _("Interrompue")

    source = models.ForeignKey(FeedSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("début"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    task_id = models.CharField(_("tâche Celery"), max_length=64, blank=True)
    offers_seen = models.PositiveIntegerField(_("offres lues"), default=0)
    created = models.PositiveIntegerField(_("créées"), default=0)
    updated = models.PositiveIntegerField(_("modifiées"), default=0)
    closed = models.PositiveIntegerField(_("fermées"), default=0)
    rejected = models.PositiveIntegerField(_("rejetées"), default=0)
    # {"reason_code": {"count": n, "examples": ["external number", ...]}}
    rejection_reasons = models.JSONField(_("motifs de rejet"), default=dict, blank=True)
    bytes_read = models.PositiveBigIntegerField(_("octets lus"), default=0)
    warning = models.TextField(_("avertissement"), blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("exécution d'import")
        verbose_name_plural = _("exécutions d'import")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["source", "-started_at"], name="feedrun_source_recent")]

    def __str__(self) -> str:
        return f"{self.source} @ {self.started_at:%Y-%m-%d %H:%M}"


class JobOffer(models.Model):
    """A job offer as schema.org JobPosting describes it, whatever feed it came from."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Fermée")

    class EmploymentType(models.TextChoices):
        # schema.org employmentType values.
        FULL_TIME = "FULL_TIME", _("Temps plein")
        PART_TIME = "PART_TIME", _("Temps partiel")
        TEMPORARY = "TEMPORARY", _("Temporaire ou saisonnier")
        CONTRACTOR = "CONTRACTOR", _("Contractuel")
        INTERN = "INTERN", _("Stage")
        PER_DIEM = "PER_DIEM", _("Sur appel")
        OTHER = "OTHER", _("Autre")

    class SalaryUnit(models.TextChoices):
        HOUR = "HOUR", _("de l'heure")
        WEEK = "WEEK", _("par semaine")
        MONTH = "MONTH", _("par mois")
        YEAR = "YEAR", _("par année")

    # No index of their own on the two foreign keys: the unique (source, number) constraint and
    # the (status, region, date) index serve their lookups, and each index slows every import.
    source = models.ForeignKey(
        FeedSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="offers", db_index=False
    )
    external_id = models.CharField(_("numéro de l'offre"), max_length=64)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    title = models.CharField(_("titre"), max_length=255)
    employer = models.CharField(_("employeur"), max_length=255)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("région"), null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    municipality = models.CharField(_("municipalité"), max_length=120, blank=True)
    # The code as the feed gives it (a NOC/CNP 2021 unit group, 5 digits); matched by prefix.
    occupation_code = models.CharField(_("code CNP"), max_length=5, blank=True)
    occupation_category = models.CharField(_("grande catégorie CNP"), max_length=1, blank=True)
    salary_min = models.DecimalField(_("salaire minimum"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(_("salaire maximum"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_unit = models.CharField(_("unité du salaire"), max_length=8, choices=SalaryUnit.choices, blank=True)
    hours_per_week = models.DecimalField(_("heures par semaine"), max_digits=4, decimal_places=1, null=True, blank=True)
    employment_type = models.CharField(
        _("type d'emploi"), max_length=12, choices=EmploymentType.choices, default=EmploymentType.OTHER
    )
    date_posted = models.DateField(_("date de publication"))
    valid_through = models.DateField(_("date d'expiration"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    apply_url = models.URLField(_("lien pour postuler"), max_length=500, blank=True)
    open_to_abroad = models.BooleanField(_("ouverte aux candidatures de l'étranger"), default=False)
    french_level = models.PositiveSmallIntegerField(_("niveau de français demandé (1 à 12)"), null=True, blank=True)
    content_hash = models.CharField(_("empreinte du contenu"), max_length=32)
    created_at = models.DateTimeField(_("importée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    closed_at = models.DateTimeField(_("fermée le"), null=True, blank=True)
    # Filled by a PostgreSQL trigger (French configuration with unaccent) and GIN-indexed:
    # both made by migration 0002 on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("offre d'emploi")
        verbose_name_plural = _("offres d'emploi")
        ordering = ["-date_posted", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="joboffer_unique_source_number"),
            models.CheckConstraint(
                condition=models.Q(french_level__isnull=True) | models.Q(french_level__range=(1, 12)),
                name="joboffer_french_level_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-date_posted", "-id"], name="joboffer_open_recent"),
            # And joboffer_open_cover, a covering index made by migration 0004 (PostgreSQL's INCLUDE).
            # new_matching_offers: the newest open offers of a region and family, and of a family
            # (open to applicants abroad), each read from its index alone (valid_through included).
            models.Index(
                fields=["status", "region", "occupation_category", "-created_at", "-id"],
                include=["valid_through"],
                name="joboffer_new_region",
            ),
            models.Index(
                fields=["status", "occupation_category", "-created_at", "-id"],
                include=["valid_through", "open_to_abroad"],
                name="joboffer_new_family",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.external_id})"

    def get_absolute_url(self) -> str:
        return reverse("job_feed:offer_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SavedOffer(models.Model):
    """An offer a participant kept to come back to. Personal data: exported and erased with the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="saved_offers"
    )
    offer = models.ForeignKey(JobOffer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(_("sauvegardée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("offre sauvegardée")
        verbose_name_plural = _("offres sauvegardées")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "offer"], name="savedoffer_unique_user_offer")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.offer_id}"
