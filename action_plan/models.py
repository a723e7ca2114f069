"""Plan templates (edited by ministry admins) and each participant's plan generated from one.

A generated plan copies the texts of the template's steps into its tasks (placeholders filled,
Markdown rendered and sanitised), so editing or replacing a template never changes a plan that
already exists. A participant moves to a newer published version only by asking for it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from integration_portal.db import TimeStampedModel
from integration_portal.i18n import bilingual, english_active


def private_storage() -> FileSystemStorage:
    # Outside MEDIA_ROOT on purpose: nothing here is reachable by URL, only through the file view.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class DeliverableType(models.TextChoices):
    NONE = "none", _("Aucun (cocher quand c'est fait)")
    TEXT = "text", _("Réponse écrite")
    CHECKLIST = "checklist", _("Liste à cocher")
    FILE = "file", _("Fichier (PDF ou DOCX)")


class Timing(models.TextChoices):
    ANY = "any", _("Selon la semaine du modèle")
    BEFORE_ARRIVAL = "before_arrival", _("Avant l'arrivée")
    AFTER_ARRIVAL = "after_arrival", _("Après l'arrivée")


class LinkKind(models.TextChoices):
    CAPSULE = "capsule", _("Capsule vidéo")
    ARTICLE = "article", _("Article")
    ORGANISATION = "organisation", _("Organisme partenaire")
    PROFESSION = "profession", _("Page d'une profession réglementée")
    JOB_OFFERS = "job_offers", _("Offres d'emploi (avec filtres)")
    URL = "url", _("Adresse Web externe")


class PlanTemplate(TimeStampedModel):
    """One version of a plan template. A family of versions shares a slug."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    slug = models.SlugField(_("identifiant de la famille"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    name_fr = models.CharField(_("nom (français)"), max_length=150)
    name_en = models.CharField(_("nom (anglais)"), max_length=150, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)
    weeks = models.PositiveSmallIntegerField(
        _("nombre de semaines"), default=11, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_default = models.BooleanField(
        _("modèle par défaut"),
        default=False,
        help_text=_("Les nouveaux plans sont générés à partir de la dernière version publiée d'un modèle par défaut."),
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("modèle de plan")
        verbose_name_plural = _("modèles de plan")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="plan_template_slug_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="plan_template_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_fr} (v{self.version})"

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class TemplateStep(models.Model):
    """A step of a template, with the conditions that decide who gets it (AND between them)."""

    class Stage(models.TextChoices):
        ANY = "", _("Toutes les situations")
        ABROAD = "abroad", _("À l'étranger")
        ARRIVED = "arrived", _("Arrivé au Québec")

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="steps", verbose_name=_("modèle"))
    key = models.SlugField(
        _("clé"),
        max_length=60,
        help_text=_("Garder la même clé d'une version à l'autre : les réponses d'une étape qui reste sont conservées."),
    )
    week = models.PositiveSmallIntegerField(_("semaine"), validators=[MinValueValidator(1), MaxValueValidator(52)])
    order = models.PositiveSmallIntegerField(_("ordre dans la semaine"), default=0)
    title_fr = models.CharField(_("titre (français)"), max_length=200)
    title_en = models.CharField(_("titre (anglais)"), max_length=200, blank=True)
    instructions_fr = models.TextField(
        _("consignes (français)"),
        help_text=_("Markdown. Variables : {region}, {occupation}, {order} (l'ordre professionnel, s'il y en a un)."),
    )
    instructions_en = models.TextField(_("consignes (anglais)"), blank=True)
    deliverable_type = models.CharField(
        _("livrable attendu"), max_length=10, choices=DeliverableType.choices, default=DeliverableType.NONE
    )
    checklist_fr = models.TextField(_("liste à cocher (français)"), blank=True, help_text=_("Un élément par ligne."))
    checklist_en = models.TextField(_("liste à cocher (anglais)"), blank=True, help_text=_("Un élément par ligne."))
    max_file_mb = models.PositiveSmallIntegerField(
        _("taille maximale du fichier (Mo)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    effort_minutes = models.PositiveSmallIntegerField(_("effort estimé (minutes)"), default=60)
    timing = models.CharField(_("moment"), max_length=20, choices=Timing.choices, default=Timing.ANY)
    # Conditions. Regions and occupations are kept as codes, so a rule naming a code that was
    # removed does not break generation; the admin lists such rules as problems.
    cond_stage = models.CharField(_("situation"), max_length=10, choices=Stage.choices, blank=True)
    cond_region_codes = models.CharField(
        _("régions (codes)"), max_length=100, blank=True, help_text=_("Codes séparés par des virgules, ex. « 03, 06 ».")
    )
    cond_occupation_prefixes = models.CharField(
        _("professions (débuts de code CNP)"),
        max_length=200,
        blank=True,
        help_text=_("Grande catégorie ou début de code, séparés par des virgules, ex. « 3, 2131 »."),
    )
    cond_regulated = models.BooleanField(_("profession réglementée"), null=True, blank=True)
    cond_french_min = models.PositiveSmallIntegerField(
        _("niveau de français minimum"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    cond_french_max = models.PositiveSmallIntegerField(
        _("niveau de français maximum"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    cond_has_children = models.BooleanField(_("ménage avec enfants"), null=True, blank=True)

    class Meta:
        verbose_name = _("étape du modèle")
        verbose_name_plural = _("étapes du modèle")
        ordering = ["template", "week", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_step_key_unique"),
        ]

    def __str__(self) -> str:
        return f"S{self.week} · {self.title_fr}"

    def clean(self) -> None:
        """Catch in the admin form what would make a rule silently match nobody."""
        super().clean()
        errors = {}
        if any(not code.isdigit() or len(code) > 2 for code in self.region_codes):
            errors["cond_region_codes"] = _("Des codes de région à un ou deux chiffres, séparés par des virgules.")
        if any(not code.isdigit() or len(code) > 5 for code in self.occupation_prefixes):
            errors["cond_occupation_prefixes"] = _("Des débuts de code CNP (1 à 5 chiffres), séparés par des virgules.")
        if (
            self.cond_french_min is not None
            and self.cond_french_max is not None
            and self.cond_french_min > self.cond_french_max
        ):
            errors["cond_french_max"] = _("Le niveau maximum doit être supérieur ou égal au niveau minimum.")
        if self.deliverable_type == DeliverableType.CHECKLIST and not self.checklist_fr.strip():
            errors["checklist_fr"] = _("Une liste à cocher a besoin d'au moins un élément.")
        if self.template_id and self.week and self.week > self.template.weeks:
            errors["week"] = _("Ce modèle compte %(weeks)s semaines.") % {"weeks": self.template.weeks}
        if errors:
            raise ValidationError(errors)

    @property
    def region_codes(self) -> list[str]:
        return [code.strip().zfill(2) for code in self.cond_region_codes.split(",") if code.strip()]

    @property
    def occupation_prefixes(self) -> list[str]:
        return [code.strip() for code in self.cond_occupation_prefixes.split(",") if code.strip()]


class StepLink(models.Model):
    """A link from a step to a content item, the job offers page or an outside page."""

    step = models.ForeignKey(TemplateStep, on_delete=models.CASCADE, related_name="links", verbose_name=_("étape"))
    kind = models.CharField(_("type"), max_length=20, choices=LinkKind.choices)
    object_id = models.PositiveIntegerField(_("identifiant du contenu"), null=True, blank=True)
    query = models.CharField(
        _("filtres"),
        max_length=200,
        blank=True,
        help_text=_("Pour les offres d'emploi : ex. « region={region_code}&occupation={occupation_code} »."),
    )
    url = models.URLField(_("adresse"), blank=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("lien de l'étape")
        verbose_name_plural = _("liens de l'étape")
        ordering = ["step", "order", "id"]

    def __str__(self) -> str:
        return self.label_fr

    def clean(self) -> None:
        super().clean()
        if self.kind == LinkKind.URL and not self.url:
            raise ValidationError({"url": _("Indiquez l'adresse de la page.")})
        if self.object_id and self.kind in (
            LinkKind.CAPSULE,
            LinkKind.ARTICLE,
            LinkKind.ORGANISATION,
            LinkKind.PROFESSION,
        ):
            # Imported here: content's selectors are not importable while the models load.
            from action_plan.integrations import content_item_exists

            if not content_item_exists(self.kind, self.object_id):
                raise ValidationError({"object_id": _("Aucun contenu publié de ce type ne porte ce numéro.")})


class Plan(TimeStampedModel):
    """A participant's plan. Its tasks are copies, so it stays as generated."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_plan", verbose_name=_("participant")
    )
    template = models.ForeignKey(
        PlanTemplate, on_delete=models.PROTECT, related_name="plans", verbose_name=_("modèle utilisé")
    )
    start_date = models.DateField(_("date de début"))
    arrival_date = models.DateField(_("date d'arrivée"), null=True, blank=True)
    accompanied = models.BooleanField(_("accompagné"), default=False)
    generated_at = models.DateTimeField(_("généré le"), default=timezone.now)
    reminders_enabled = models.BooleanField(_("rappels par courriel"), default=True)
    refresh_suggested = models.BooleanField(
        _("mise à jour proposée"), default=False, help_text=_("Le profil a changé depuis la génération du plan.")
    )

    class Meta:
        verbose_name = _("plan d'un participant")
        verbose_name_plural = _("plans des participants")
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.template}"

    def get_absolute_url(self) -> str:
        return reverse("action_plan:timeline")


class PlanTask(TimeStampedModel):
    class Status(models.TextChoices):
        TODO = "todo", _("À faire")
        IN_PROGRESS = "in_progress", _("En cours")
        SUBMITTED = "submitted", _("Remis")
        CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
        DONE = "done", _("Terminé")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    step = models.ForeignKey(
        TemplateStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("étape")
    )
    step_key = models.SlugField(_("clé de l'étape"), max_length=60)
    template_week = models.PositiveSmallIntegerField(_("semaine du modèle"))
    week = models.PositiveSmallIntegerField(_("semaine"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title_fr = models.CharField(_("titre (français)"), max_length=250)
    title_en = models.CharField(_("titre (anglais)"), max_length=250, blank=True)
    instructions_html_fr = models.TextField(_("consignes (français)"))
    instructions_html_en = models.TextField(_("consignes (anglais)"), blank=True)
    deliverable_type = models.CharField(_("livrable"), max_length=10, choices=DeliverableType.choices)
    checklist_items = models.JSONField(_("éléments à cocher"), default=list, blank=True)
    max_file_bytes = models.PositiveIntegerField(_("taille maximale du fichier"), default=5 * 1024 * 1024)
    effort_minutes = models.PositiveSmallIntegerField(_("effort estimé (minutes)"), default=60)
    timing = models.CharField(_("moment"), max_length=20, choices=Timing.choices, default=Timing.ANY)
    opens_on = models.DateField(_("ouvre le"))
    due_on = models.DateField(_("à faire pour le"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.TODO)
    # The participant's work
    answer_text = models.TextField(_("réponse"), blank=True)
    checklist_state = models.JSONField(_("éléments cochés"), default=list, blank=True)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="plan/%Y/%m/", blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    draft_saved_at = models.DateTimeField(_("brouillon enregistré le"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("remis le"), null=True, blank=True)
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    coach_comment = models.TextField(_("dernier commentaire de l'accompagnatrice"), blank=True)

    class Meta:
        verbose_name = _("tâche du plan")
        verbose_name_plural = _("tâches du plan")
        ordering = ["plan", "week", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "step_key"], name="plan_task_step_key_unique"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="plan_task_review_queue")]

    def __str__(self) -> str:
        return self.title_fr

    def get_absolute_url(self) -> str:
        return reverse("action_plan:task", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def instructions_html(self) -> str:
        return bilingual(self, "instructions_html")

    @cached_property
    def checklist(self) -> list[dict]:
        """[{"label": ..., "checked": bool}] in the active language."""
        english = english_active()
        state = self.checklist_state or []
        items = []
        for index, item in enumerate(self.checklist_items or []):
            label = (item.get("en") if english else "") or item.get("fr", "")
            items.append({"index": index, "label": label, "checked": bool(index < len(state) and state[index])})
        return items

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.TODO, self.Status.IN_PROGRESS, self.Status.CHANGES_REQUESTED)

    @property
    def is_open(self) -> bool:
        """Each week opens on its date (in the active time zone: the participant's, on their pages)."""
        return self.opens_on <= timezone.localdate()

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def has_work(self) -> bool:
        return bool(self.answer_text or any(self.checklist_state or []) or self.file)


class PlanTaskLink(models.Model):
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="links", verbose_name=_("tâche"))
    kind = models.CharField(_("type"), max_length=20, choices=LinkKind.choices)
    object_id = models.PositiveIntegerField(_("identifiant du contenu"), null=True, blank=True)
    query = models.CharField(_("filtres"), max_length=250, blank=True)
    url = models.URLField(_("adresse"), blank=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=250)
    label_en = models.CharField(_("libellé (anglais)"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    done = models.BooleanField(_("vu"), default=False)

    class Meta:
        verbose_name = _("lien d'une tâche")
        verbose_name_plural = _("liens des tâches")
        ordering = ["task", "order", "id"]
        indexes = [models.Index(fields=["kind", "object_id"], name="plan_task_link_target")]

    def __str__(self) -> str:
        return self.label_fr

    @property
    def label(self) -> str:
        return bilingual(self, "label")


class TaskReview(models.Model):
    """A coach's decision on a submitted deliverable (the history; the task keeps the last comment)."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approuvé")
        CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("tâche"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("accompagnatrice")
    )
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("révision d'un livrable")
        verbose_name_plural = _("révisions des livrables")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.decision}"


class ReminderSent(models.Model):
    """The weekly reminder of one plan week was sent: never twice for the same week."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("plan"))
    week = models.PositiveSmallIntegerField(_("semaine"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "week"], name="reminder_once_per_plan_week")]

    def __str__(self) -> str:
        return f"{self.plan_id} S{self.week}"
