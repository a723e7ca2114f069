import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from integration_portal.db import TimeStampedModel
from integration_portal.i18n import bilingual
from integration_portal.text import fold


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("« %(value)s » n'est pas un fuseau horaire connu (liste IANA)."),
            code="invalid_time_zone",
            params={"value": value[:64]},
        )


class UserManager(DjangoUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.MINISTRY_ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address; their role decides what they see."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant·e")
        COACH = "coach", _("Accompagnatrice ou accompagnateur")
        MINISTRY_ADMIN = "ministry_admin", _("Administration du ministère")

    class Language(models.TextChoices):
        FRENCH = "fr-ca", _("Français")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("courriel"), unique=True)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=60,
        blank=True,
        help_text=_("Le seul nom que les autres participants voient, dans le forum."),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default="America/Montreal", validators=[validate_time_zone]
    )
    language = models.CharField(_("langue"), max_length=8, choices=Language.choices, default=Language.FRENCH)
    is_staff = models.BooleanField(
        _("accès à l'administration"),
        default=False,
        help_text=_("Peut se connecter à l'administration du site."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        # UserManager, not self.__class__.objects: a proxy (coaching.CoachedParticipant) has its own manager.
        self.email = UserManager.normalize_email(self.email).lower()

    @property
    def is_participant(self) -> bool:
        return self.role == self.Role.PARTICIPANT

    @property
    def is_coach(self) -> bool:
        return self.role == self.Role.COACH

    @property
    def is_ministry_admin(self) -> bool:
        return self.role == self.Role.MINISTRY_ADMIN

    @property
    def is_staff_member(self) -> bool:
        """Coaches and ministry admins: the people who must use two-factor authentication."""
        return self.role in (self.Role.COACH, self.Role.MINISTRY_ADMIN) or self.is_staff

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The person's time zone, or the portal's (settings.TIME_ZONE) when theirs is unknown here."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def public_name(self) -> str:
        return self.display_name or _("Participant·e")


class BilingualNameMixin(models.Model):
    name_fr = models.CharField(_("nom (français)"), max_length=255)
    name_en = models.CharField(_("nom (anglais)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class Region(BilingualNameMixin):
    """One of Québec's 17 administrative regions."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    main_city = models.CharField(_("ville principale"), max_length=100, blank=True)
    to_confirm = models.BooleanField(
        _("à confirmer"),
        default=False,
        help_text=_("Une donnée de cette ligne n'a pas été vérifiée à la source."),
    )

    class Meta:
        verbose_name = _("région administrative")
        verbose_name_plural = _("régions administratives")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Occupation(BilingualNameMixin):
    """An entry of the NOC/CNP 2021 classification, from a broad category (1 digit) to a unit group (5)."""

    class Level(models.IntegerChoices):
        BROAD_CATEGORY = 1, _("Grande catégorie professionnelle")
        MAJOR_GROUP = 2, _("Grand groupe")
        SUB_MAJOR_GROUP = 3, _("Sous-grand groupe")
        MINOR_GROUP = 4, _("Groupe intermédiaire")
        UNIT_GROUP = 5, _("Groupe de base")

    code = models.CharField(_("code CNP"), max_length=5, unique=True)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    to_confirm = models.BooleanField(
        _("à confirmer"),
        default=False,
        help_text=_("Le nom de cette ligne vient d'une source secondaire et doit être vérifié."),
    )
    # Code and both names, lower case and without accents, so "ingenieur" finds "Ingénieurs" on
    # every database (SQLite has no unaccent). Kept up to date by save(); bulk loaders call
    # search_key_for() themselves.
    search_key = models.TextField(_("clé de recherche"), blank=True, editable=False)

    class Meta:
        verbose_name = _("profession (CNP)")
        verbose_name_plural = _("professions (CNP)")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{1,5}$"), name="occupation_code_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.search_key = self.search_key_for(self.code, self.name_fr, self.name_en)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @staticmethod
    def search_key_for(*parts: str) -> str:
        return " ".join(fold(part) for part in parts if part)

    @property
    def broad_category_code(self) -> str:
        return self.code[0]

    @property
    def teer(self) -> str | None:
        """TEER is the second digit of a code of two digits or more."""
        return self.code[1] if len(self.code) >= 2 else None


class OccupationExampleTitles(models.Model):
    """The example job titles of a NOC/CNP 2021 unit group ("Infirmière d'urgence" under 31301), in
    French and English, one per line: people search for the title they hold, rarely for the group's
    official name. One row per unit group (not one per title: the test database's serialized
    rollback restores every row before each browser test, and 57,702 rows took minutes)."""

    occupation = models.OneToOneField(
        Occupation, verbose_name=_("profession (CNP)"), on_delete=models.CASCADE, related_name="example_titles"
    )
    titles_fr = models.TextField(_("exemples d'appellations (français)"), blank=True)
    titles_en = models.TextField(_("exemples d'appellations (anglais)"), blank=True)
    # Both lists lower case without accents (see Occupation.search_key).
    search_key = models.TextField(_("clé de recherche"), blank=True, editable=False)

    class Meta:
        verbose_name = _("exemples d'appellations d'emploi")
        verbose_name_plural = _("exemples d'appellations d'emploi")

    def __str__(self) -> str:
        return str(self.occupation_id)


class Profile(TimeStampedModel):
    """The onboarding profile: what the plan, the content shown first and the job offers follow."""

    class Stage(models.TextChoices):
        CSQ_RECEIVED = "csq_received", _("CSQ reçu")
        PR_VISA = "pr_visa", _("Visa de résidence permanente obtenu")
        ARRIVED = "arrived", _("Arrivé au Québec")
        SETTLED = "settled", _("Installé dans la région")

    class Household(models.TextChoices):
        ALONE = "alone", _("Seul ou seule")
        COUPLE = "couple", _("En couple")
        WITH_CHILDREN = "with_children", _("Avec des enfants")

    class Mode(models.TextChoices):
        SELF_TRAINING = "self_training", _("En autoformation")
        ACCOMPANIED = "accompanied", _("Accompagné par une personne-ressource")

    class Diploma(models.TextChoices):
        SECONDARY = "secondary", _("Études secondaires")
        VOCATIONAL = "vocational", _("Formation professionnelle ou technique")
        COLLEGE = "college", _("Études collégiales")
        BACHELOR = "bachelor", _("Baccalauréat (licence)")
        MASTER = "master", _("Maîtrise (master)")
        DOCTORATE = "doctorate", _("Doctorat")

    class LanguageLevel(models.IntegerChoices):
        """Québec's 12-level scale (échelle québécoise des niveaux de compétence), in plain words.

        The same numbers serve for English, so the labels speak of "the language"."""

        BEGINNER_1 = 1, _("1 – Débutant : je comprends quelques mots et phrases très simples")
        BEGINNER_2 = 2, _("2 – Débutant : je me présente et je réponds à des questions simples")
        BEGINNER_3 = 3, _("3 – Débutant : je parle de ma vie de tous les jours avec des phrases courtes")
        BEGINNER_4 = 4, _("4 – Débutant : je me débrouille dans les situations simples de la vie courante")
        INTERMEDIATE_5 = 5, _("5 – Intermédiaire : je participe à une conversation simple sur un sujet connu")
        INTERMEDIATE_6 = 6, _("6 – Intermédiaire : je raconte des événements et je donne mon avis simplement")
        INTERMEDIATE_7 = 7, _("7 – Intermédiaire : je comprends l'essentiel d'une conversation ou d'un texte courant")
        INTERMEDIATE_8 = 8, _("8 – Intermédiaire : je m'exprime avec aisance sur la plupart des sujets courants")
        ADVANCED_9 = 9, _("9 – Avancé : je discute et j'argumente sur des sujets variés")
        ADVANCED_10 = 10, _("10 – Avancé : je comprends des textes complexes et j'écris des textes structurés")
        ADVANCED_11 = 11, _("11 – Avancé : je m'exprime avec précision, même au travail")
        ADVANCED_12 = 12, _("12 – Avancé : je maîtrise la langue presque comme dans ma langue maternelle")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("personne"))
    # Situation
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices, default=Stage.CSQ_RECEIVED)
    csq_number = models.CharField(_("numéro de CSQ"), max_length=20, blank=True)
    country_of_residence = CountryField(_("pays de résidence"), blank=True)
    city_of_residence = models.CharField(_("ville de résidence"), max_length=100, blank=True)
    arrival_date = models.DateField(_("date d'arrivée (prévue ou réelle)"), null=True, blank=True)
    # Settlement
    region = models.ForeignKey(
        Region, verbose_name=_("région d'établissement"), null=True, blank=True, on_delete=models.PROTECT
    )
    municipality = models.CharField(_("municipalité"), max_length=100, blank=True)
    # Occupation
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("profession"), null=True, blank=True, on_delete=models.PROTECT
    )
    years_of_experience = models.PositiveSmallIntegerField(_("années d'expérience"), null=True, blank=True)
    highest_diploma = models.CharField(_("diplôme le plus élevé"), max_length=20, choices=Diploma.choices, blank=True)
    diploma_country = CountryField(_("pays d'obtention du diplôme"), blank=True)
    occupation_regulated = models.BooleanField(_("profession réglementée au Québec"), null=True, blank=True)
    # Languages: French on the 12-level Québec scale, English on the same numbers for simplicity.
    french_level = models.PositiveSmallIntegerField(
        _("niveau de français (1 à 12)"), choices=LanguageLevel.choices, null=True, blank=True
    )
    english_level = models.PositiveSmallIntegerField(
        _("niveau d'anglais (1 à 12)"), choices=LanguageLevel.choices, null=True, blank=True
    )
    # Household
    household = models.CharField(_("ménage"), max_length=20, choices=Household.choices, blank=True)
    # Ages as typed, normalised by the form to "3, 7, 12" (ages 0 to 25).
    children_ages = models.CharField(_("âge des enfants"), max_length=100, blank=True)
    mode = models.CharField(_("formule"), max_length=20, choices=Mode.choices, default=Mode.SELF_TRAINING)
    # Onboarding progress: the last completed step, so it can be resumed.
    onboarding_step = models.CharField(_("dernière étape remplie"), max_length=20, blank=True)
    onboarding_completed_at = models.DateTimeField(_("accueil terminé le"), null=True, blank=True)
    # Interview slots outside these hours (in the person's own zone) are listed last and marked.
    waking_start = models.TimeField(_("disponible pour une entrevue à partir de"), default=datetime.time(8, 0))
    waking_end = models.TimeField(_("disponible pour une entrevue jusqu'à"), default=datetime.time(21, 0))

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(french_level__isnull=True) | models.Q(french_level__range=(1, 12)),
                name="profile_french_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(english_level__isnull=True) | models.Q(english_level__range=(1, 12)),
                name="profile_english_level_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_abroad(self) -> bool:
        return self.stage in (self.Stage.CSQ_RECEIVED, self.Stage.PR_VISA)

    @property
    def has_children(self) -> bool:
        return self.household == self.Household.WITH_CHILDREN

    @property
    def onboarding_completed(self) -> bool:
        return self.onboarding_completed_at is not None

    @property
    def children_age_list(self) -> list[int]:
        return [int(part) for part in self.children_ages.replace(" ", "").split(",") if part.isdigit()]


# --- Staff and privacy (Québec's Law 25) ------------------------------------------------------


class PolicyVersion(models.Model):
    """A published version of the terms of use or of the privacy policy.

    The latest version whose publication date has come is the current one; a participant who has
    not accepted it is asked again at their next login.
    """

    class Document(models.TextChoices):
        TERMS = "terms", _("Conditions d'utilisation")
        PRIVACY = "privacy", _("Politique de confidentialité")

    document = models.CharField(_("document"), max_length=10, choices=Document.choices)
    version = models.CharField(_("version"), max_length=20, help_text=_("Par exemple « 2026-11 »."))
    published_at = models.DateTimeField(
        _("en vigueur le"), help_text=_("La version la plus récente déjà en vigueur est demandée à la connexion.")
    )
    summary = models.TextField(
        _("résumé des changements"), blank=True, help_text=_("Montré aux personnes à qui on redemande leur accord.")
    )

    class Meta:
        verbose_name = _("version de politique")
        verbose_name_plural = _("versions des politiques")
        ordering = ["document", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="policy_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.version}"


class ConsentRecord(models.Model):
    """A person's acceptance of one version of a policy. Only what proves the consent is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("personne"))
    policy = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="consents", verbose_name=_("version acceptée")
    )
    accepted_at = models.DateTimeField(_("acceptée le"), default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "policy"], name="consent_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} ({self.accepted_at:%Y-%m-%d})"


class StaffAccessLog(models.Model):
    """A staff member opened a participant's file: who, when, what (Law 25 accountability)."""

    class Action(models.TextChoices):
        COACH_PROFILE = "coach_profile", _("Profil consulté par l'accompagnatrice ou l'accompagnateur")
        ADMIN_VIEW = "admin_view", _("Fiche consultée dans l'administration")
        ADMIN_CHANGE = "admin_change", _("Fiche modifiée dans l'administration")

    staff = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="file_accesses", verbose_name=_("membre du personnel")
    )
    participant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="file_access_log", verbose_name=_("participant")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    what = models.CharField(_("élément consulté"), max_length=100, blank=True)
    path = models.CharField(_("adresse"), max_length=255, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("accès du personnel à un dossier")
        verbose_name_plural = _("accès du personnel aux dossiers")
        ordering = ["-at"]
        indexes = [models.Index(fields=["participant", "-at"], name="access_log_participant")]

    def __str__(self) -> str:
        return f"{self.staff_id} → {self.participant_id} ({self.get_action_display()})"


class DeletionLog(models.Model):
    """An account was erased. Holds no personal data: a random reference and the date only."""

    reference = models.UUIDField(_("référence"), unique=True, editable=False)
    deleted_at = models.DateTimeField(_("supprimé le"), default=timezone.now)

    class Meta:
        verbose_name = _("suppression de compte")
        verbose_name_plural = _("suppressions de comptes")
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return str(self.reference)


class ConfidentialityIncident(models.Model):
    """The register of confidentiality incidents that Law 25 requires every organisation to keep."""

    occurred_on = models.DateField(_("date de l'incident"), null=True, blank=True)
    discovered_on = models.DateField(_("date où l'incident a été constaté"), default=timezone.localdate)
    nature = models.TextField(_("nature de l'incident"))
    people_concerned = models.TextField(
        _("personnes concernées"), help_text=_("Nombre de personnes, ou estimation, et qui elles sont.")
    )
    data_concerned = models.TextField(_("renseignements personnels concernés"))
    serious_injury_risk = models.BooleanField(
        _("risque de préjudice sérieux"),
        default=False,
        help_text=_("Si oui, la Commission et les personnes concernées doivent être avisées avec diligence."),
    )
    measures_taken = models.TextField(_("mesures prises"), blank=True)
    cai_notified_on = models.DateField(_("Commission d'accès à l'information avisée le"), null=True, blank=True)
    people_notified_on = models.DateField(_("personnes concernées avisées le"), null=True, blank=True)
    notifications_detail = models.TextField(_("détail des avis transmis"), blank=True)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inscrit par"),
    )
    recorded_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("registre des incidents de confidentialité")
        ordering = ["-discovered_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.discovered_on:%Y-%m-%d} – {self.nature[:60]}"


class SentEmail(models.Model):
    """One row per e-mail key already handled by `accounts.emails.email_send_task`: the mark that
    makes sending idempotent (a retried or duplicated task finds it and sends nothing). Holds no
    personal data: the key is made of ids (e.g. "action_plan.review:42")."""

    key = models.CharField(_("clé"), max_length=200, unique=True)
    builder = models.CharField(_("fonction de composition"), max_length=200)
    sent = models.BooleanField(_("envoyé"), default=True, help_text=_("Non : il n'y avait plus rien à envoyer."))
    handled_at = models.DateTimeField(_("traité le"), auto_now_add=True)
    # A try that failed (mail server down or refusing) leaves failed=True, so that the failure is
    # seen (logs and admin) and the next try sends it; the key is not "handled" until it is sent.
    failed = models.BooleanField(_("en échec"), default=False)
    failures = models.PositiveSmallIntegerField(_("essais en échec"), default=0)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    # What the builder is called with (ids only), kept so that an admin can send a failed e-mail again.
    kwargs = models.JSONField(_("paramètres"), default=dict, blank=True)

    class Meta:
        verbose_name = _("courriel envoyé")
        verbose_name_plural = _("courriels envoyés")

    def __str__(self) -> str:
        return self.key
