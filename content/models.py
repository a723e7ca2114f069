"""Content of the portal: video capsules, articles, partner organisations, professional orders.

Every item a plan step can link to has a `title` and a stable `get_absolute_url()` (URL names in
README.md). On PostgreSQL each searchable table has a `search_vector` column filled by a trigger
(migration 0002) with the `french_unaccent` text search configuration and a GIN index.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Occupation, Region
from content import validators
from integration_portal.db import TimeStampedModel
from integration_portal.i18n import bilingual


class Language(models.TextChoices):
    # The language of a content item, named in the page's language ("French" on English pages);
    # the language switcher's "Français"/"English" names each language in itself instead.
    FRENCH = "fr-ca", pgettext_lazy("langue d'un contenu", "Français")
    ENGLISH = "en", pgettext_lazy("langue d'un contenu", "Anglais")


class Theme(models.Model):
    """A subject shared by capsules and articles (editable by admins)."""

    slug = models.SlugField(_("identifiant"), unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=100)
    name_en = models.CharField(_("nom (anglais)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["order", "name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ContentItem.Status.PUBLISHED, published_at__lte=timezone.now())


class ContentItem(TimeStampedModel):
    """What capsules and articles share: audience, themes, language, publication."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    class Moment(models.TextChoices):
        ANY = "any", _("Avant ou après l'arrivée")
        BEFORE_ARRIVAL = "before", _("Avant l'arrivée (à l'étranger)")
        AFTER_ARRIVAL = "after", _("Après l'arrivée au Québec")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=1000)
    language = models.CharField(_("langue"), max_length=8, choices=Language.choices, default=Language.FRENCH)
    themes = models.ManyToManyField(Theme, verbose_name=_("thèmes"), blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("régions"), blank=True, help_text=_("Vide : pour toutes les régions.")
    )
    occupations = models.ManyToManyField(
        Occupation,
        verbose_name=_("professions (CNP)"),
        blank=True,
        help_text=_(
            "Vide : pour toutes les professions. Un code couvre aussi les codes plus précis qui le prolongent."
        ),
    )
    moment = models.CharField(_("moment du parcours"), max_length=10, choices=Moment.choices, default=Moment.ANY)
    easy_french = models.BooleanField(
        _("français facile"), default=False, help_text=_("Accessible aux personnes qui apprennent le français.")
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publié le"), default=timezone.now)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()


class Capsule(ContentItem):
    """A short video with captions, a transcript, chapters and questions along the way."""

    duration_seconds = models.PositiveIntegerField(_("durée (secondes)"))
    poster = models.FileField(
        _("image d'aperçu"),
        upload_to="content/posters/",
        blank=True,
        validators=[validators.validate_poster],
        help_text=_("PNG, JPEG ou WebP, 2 Mo au plus."),
    )
    transcript = models.TextField(
        _("transcription"),
        blank=True,
        help_text=_(
            "Obligatoire pour publier. Un paragraphe peut commencer par un repère de temps, "
            "par exemple « [0:12] », pour que la recherche dans la transcription mène à ce moment."
        ),
    )

    class Meta:
        verbose_name = _("capsule vidéo")
        verbose_name_plural = _("capsules vidéo")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="capsule_slug_unique"),
            models.CheckConstraint(condition=models.Q(duration_seconds__gt=0), name="capsule_duration_positive"),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="capsule_status_published")]

    def get_absolute_url(self) -> str:
        return reverse("content:capsule_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def get_read_url(self) -> str:
        return reverse("content:capsule_read", kwargs={"pk": self.pk, "slug": self.slug})


class VideoSource(models.Model):
    """One way to play a capsule: an uploaded file in a web format, or an outside address."""

    class Quality(models.TextChoices):
        LOW = "low", _("Basse (connexion lente)")
        MEDIUM = "medium", _("Moyenne")
        HIGH = "high", _("Haute")
        AUDIO = "audio", _("Son seulement")

    QUALITY_ORDER = {"low": 0, "medium": 1, "high": 2, "audio": 3}

    capsule = models.ForeignKey(Capsule, on_delete=models.CASCADE, related_name="sources", verbose_name=_("capsule"))
    quality = models.CharField(_("qualité"), max_length=10, choices=Quality.choices, default=Quality.MEDIUM)
    file = models.FileField(
        _("fichier"),
        upload_to="content/videos/",
        blank=True,
        validators=[validators.validate_media_file],
        help_text=_("MP4, WebM ou Ogg pour la vidéo ; MP3, M4A, Ogg ou WebM pour le son seulement."),
    )
    url = models.URLField(_("adresse externe"), blank=True)
    mime_type = models.CharField(_("type de média"), max_length=40, blank=True, editable=False)
    size_bytes = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("source vidéo")
        verbose_name_plural = _("sources vidéo")
        ordering = ["capsule", "quality", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="videosource_file_xor_url",
            )
        ]

    def __str__(self) -> str:
        return f"{self.capsule} ({self.get_quality_display()})"

    @property
    def src(self) -> str:
        return self.file.url if self.file else self.url

    @property
    def is_audio(self) -> bool:
        return self.quality == self.Quality.AUDIO


class CaptionTrack(models.Model):
    """WebVTT captions of a capsule in one language (validated on save through the admin form)."""

    capsule = models.ForeignKey(Capsule, on_delete=models.CASCADE, related_name="captions", verbose_name=_("capsule"))
    language = models.CharField(_("langue"), max_length=8, choices=Language.choices, default=Language.FRENCH)
    vtt = models.TextField(_("sous-titres WebVTT"), validators=[validators.validate_webvtt_text])

    class Meta:
        verbose_name = _("sous-titres")
        verbose_name_plural = _("sous-titres")
        ordering = ["capsule", "language"]
        constraints = [models.UniqueConstraint(fields=["capsule", "language"], name="caption_one_per_language")]

    def __str__(self) -> str:
        return f"{self.capsule} – {self.get_language_display()}"

    def get_absolute_url(self) -> str:
        return reverse("content:capsule_captions", kwargs={"pk": self.capsule_id, "language": self.language})

    @property
    def srclang(self) -> str:
        return "fr" if self.language.startswith("fr") else self.language


class Chapter(models.Model):
    capsule = models.ForeignKey(Capsule, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("capsule"))
    start_seconds = models.PositiveIntegerField(_("début (secondes)"))
    title = models.CharField(_("titre"), max_length=200)

    class Meta:
        verbose_name = _("chapitre")
        verbose_name_plural = _("chapitres")
        ordering = ["capsule", "start_seconds"]

    def __str__(self) -> str:
        return self.title


class Checkpoint(models.Model):
    """A question that pauses the video at `at_seconds`; also shown inline in the transcript."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Un seul choix")
        MULTIPLE = "multiple", _("Plusieurs choix")

    capsule = models.ForeignKey(
        Capsule, on_delete=models.CASCADE, related_name="checkpoints", verbose_name=_("capsule")
    )
    at_seconds = models.PositiveIntegerField(_("moment (secondes)"))
    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)

    class Meta:
        verbose_name = _("question de la capsule")
        verbose_name_plural = _("questions de la capsule")
        ordering = ["capsule", "at_seconds", "id"]

    def __str__(self) -> str:
        return self.question


class Choice(models.Model):
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("réponse proposée"), max_length=200)
    is_correct = models.BooleanField(_("bonne réponse"), default=False)
    feedback = models.CharField(_("rétroaction"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("choix de réponse")
        verbose_name_plural = _("choix de réponse")
        ordering = ["checkpoint", "order", "id"]

    def __str__(self) -> str:
        return self.text


class CheckpointAnswer(models.Model):
    """A participant's latest answer to a checkpoint (personal data: exported and erased)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checkpoint_answers",
        verbose_name=_("personne"),
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choices = models.ManyToManyField(Choice, verbose_name=_("choix"), related_name="+")
    is_correct = models.BooleanField(_("réponse juste"), default=False)
    answered_at = models.DateTimeField(_("répondu le"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [models.UniqueConstraint(fields=["user", "checkpoint"], name="answer_once_per_checkpoint")]

    def __str__(self) -> str:
        return f"{self.checkpoint_id} ({self.answered_at:%Y-%m-%d})"


class CapsuleProgress(models.Model):
    """Where a participant is in a capsule (personal data: exported and erased)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capsule_progress", verbose_name=_("personne")
    )
    capsule = models.ForeignKey(Capsule, on_delete=models.CASCADE, related_name="progress", verbose_name=_("capsule"))
    position_seconds = models.FloatField(_("position (secondes)"), default=0)
    furthest_seconds = models.FloatField(
        _("plus loin regardé (secondes)"),
        default=0,
        help_text=_("N'avance pas plus vite que le temps réel : sauter à la fin ne compte pas comme regarder."),
    )
    watched_at = models.DateTimeField(_("regardée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)

    class Meta:
        verbose_name = _("progression dans une capsule")
        verbose_name_plural = _("progressions dans les capsules")
        constraints = [models.UniqueConstraint(fields=["user", "capsule"], name="progress_once_per_capsule")]

    def __str__(self) -> str:
        return f"{self.capsule_id}: {self.position_seconds:.0f}s"


class Article(ContentItem):
    """A text in Markdown; the HTML kept is sanitised with nh3 when saved."""

    body_markdown = models.TextField(_("texte (Markdown)"))
    body_html = models.TextField(_("texte (HTML assaini)"), blank=True, editable=False)
    translation = models.OneToOneField(
        "self",
        verbose_name=_("version dans l'autre langue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="article_slug_unique")]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_status_published")]

    def get_absolute_url(self) -> str:
        return reverse("content:article_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def save(self, *args, **kwargs):
        from content.markdown import render_markdown

        self.body_html = render_markdown(self.body_markdown)
        if kwargs.get("update_fields") is not None and "body_markdown" in kwargs["update_fields"]:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"body_html"}
        super().save(*args, **kwargs)


class Organisation(TimeStampedModel):
    """A partner community organisation of the directory."""

    class Service(models.TextChoices):
        FIRST_STEPS = "first_steps", _("Séances de groupe « Premières démarches d'installation »")
        INDIVIDUAL = "individual", _("Services individuels d'accueil et d'intégration")
        REFUGEES = "refugees", _("Accueil des personnes réfugiées prises en charge par l'État")
        WORKPLACE = "workplace", _("Séances « S'adapter au milieu de travail québécois »")
        FRANCISATION = "francisation", _("Francisation")
        EMPLOYMENT = "employment", _("Aide à la recherche d'emploi")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("région"), related_name="+")
    municipality = models.CharField(_("municipalité"), max_length=100)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    website = models.URLField(_("site Web"), blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.CharField(
        _("langues parlées"), max_length=255, blank=True, help_text=_("Séparées par des virgules.")
    )
    is_active = models.BooleanField(_("affiché"), default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("organisme partenaire")
        verbose_name_plural = _("organismes partenaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[str]:
        return [language.strip() for language in self.languages.split(",") if language.strip()]

    def get_absolute_url(self) -> str:
        return reverse("content:organisation_detail", kwargs={"pk": self.pk, "slug": self.slug})


class OrganisationService(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services", verbose_name=_("organisme")
    )
    service = models.CharField(_("service"), max_length=20, choices=Organisation.Service.choices)

    class Meta:
        verbose_name = _("service offert")
        verbose_name_plural = _("services offerts")
        ordering = ["organisation", "service"]
        constraints = [models.UniqueConstraint(fields=["organisation", "service"], name="organisation_service_once")]

    def __str__(self) -> str:
        return self.get_service_display()


class ProfessionalOrder(TimeStampedModel):
    """One of Québec's professional orders, from ../shared/data/professional_orders.csv.

    Facts that the sources did not settle carry a "to confirm" flag: admins see them in a list
    filter, and participants see them marked "à confirmer", never as settled, until cleared.
    """

    class Regime(models.TextChoices):
        EXCLUSIVE = "exclusive", _("Exercice exclusif")
        RESERVED_TITLE = "reserved_title", _("Titre réservé")

    name_fr = models.CharField(_("nom (français)"), max_length=255)
    name_en = models.CharField(
        _("nom officiel en anglais"), max_length=255, blank=True, help_text=_("Seulement un nom vérifié.")
    )
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200, unique=True)
    name_variants = models.TextField(_("autres noms vus"), blank=True)
    regulated_titles = models.TextField(_("titres réservés"), help_text=_("Séparés par des points-virgules."))
    regime = models.CharField(_("régime"), max_length=20, choices=Regime.choices)
    website = models.URLField(_("site Web"), blank=True)
    occupations = models.ManyToManyField(
        Occupation,
        verbose_name=_("professions couvertes (CNP)"),
        blank=True,
        related_name="professional_orders",
        help_text=_("Les codes CNP des professions régies par cet ordre (à remplir à partir d'une source officielle)."),
    )
    foreign_trained_path = models.TextField(
        _("parcours pour une personne formée à l'étranger (Markdown)"),
        blank=True,
        help_text=_("Demande d'équivalence, examens, formation d'appoint, stage. Vide : texte général."),
    )
    sources = models.TextField(_("sources et vérification"), blank=True)
    admin_notes = models.TextField(_("notes pour l'administration"), blank=True)
    name_to_confirm = models.BooleanField(_("nom à confirmer"), default=False)
    titles_to_confirm = models.BooleanField(_("titres à confirmer"), default=False)
    regime_to_confirm = models.BooleanField(_("régime à confirmer"), default=False)
    website_to_confirm = models.BooleanField(_("site Web à confirmer"), default=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("ordre professionnel")
        verbose_name_plural = _("ordres professionnels")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name_fr

    @property
    def title(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def title_list(self) -> list[str]:
        return [title.strip() for title in self.regulated_titles.split(";") if title.strip()]

    @property
    def to_confirm(self) -> bool:
        return self.name_to_confirm or self.titles_to_confirm or self.regime_to_confirm or self.website_to_confirm

    def get_absolute_url(self) -> str:
        return reverse("content:profession_detail", kwargs={"slug": self.slug})
