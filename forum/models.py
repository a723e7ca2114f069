"""The exchange forum: categories, topics, posts, and what each person keeps of them.

Read tracking follows the lesson of django-machina #299 (per-topic rows exploding): each person
has one `Member` row with a "read everything before" date, plus `TopicRead` rows only for topics
touched after it; past READ_CUTOFF everything counts as read and a periodic task deletes old rows.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_portal.i18n import bilingual

# Past this age, a topic counts as read whatever the rows say (they are deleted by a task).
READ_CUTOFF = timedelta(days=40)
# A post can be edited by its author for this long after it was written.
EDIT_WINDOW = timedelta(hours=24)
# A question for coaches without a coach's reply for this long joins the coaches' queue;
# a flag waiting this long is highlighted in the moderation queue.
COACH_QUEUE_DELAY = timedelta(hours=48)
FLAG_HIGHLIGHT_DELAY = timedelta(hours=48)
# Flags from this many different people hide a post until a moderator looks at it.
FLAGS_TO_HIDE = 3
POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 30


def approval_post_count() -> int:
    """How many first posts of a new account wait for a moderator's approval (setting, default 2)."""
    return getattr(settings, "FORUM_APPROVAL_POSTS", 2)


class Category(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("Général")
        REGION = "region", _("Région")
        OCCUPATION = "occupation", _("Famille de professions")
        COACHES = "coaches", _("Questions aux personnes-ressources")

    name_fr = models.CharField(_("nom (français)"), max_length=120)
    name_en = models.CharField(_("nom (anglais)"), max_length=120, blank=True)
    description_fr = models.CharField(_("description (français)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (anglais)"), max_length=300, blank=True)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("région"), null=True, blank=True, on_delete=models.PROTECT
    )
    occupation = models.ForeignKey(
        "accounts.Occupation",
        verbose_name=_("famille de professions"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Une grande catégorie de la CNP."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("catégorie du forum")
        verbose_name_plural = _("catégories du forum")
        ordering = ["position", "name_fr"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def description(self) -> str:
        return bilingual(self, "description")


class Topic(models.Model):
    category = models.ForeignKey(Category, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="topics")
    # Null once the author's account is erased: the topic stays, under "Ancien participant·e".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=150)
    is_question = models.BooleanField(_("question"), default=False)
    accepted_post = models.ForeignKey(
        "Post", verbose_name=_("réponse retenue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_pinned = models.BooleanField(_("épinglé"), default=False)
    is_locked = models.BooleanField(_("verrouillé"), default=False)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    # False while the first post waits for approval: the topic is then seen by its author and moderators only.
    is_approved = models.BooleanField(_("approuvé"), default=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_posted_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    # Number of the last visible post, and how many replies are shown: kept by the services.
    last_number = models.PositiveIntegerField(_("numéro du dernier message"), default=0)
    reply_count = models.PositiveIntegerField(_("réponses"), default=0)
    last_poster_name = models.CharField(_("dernier message de"), max_length=60, blank=True)
    coach_replied_at = models.DateTimeField(_("première réponse d'une personne-ressource"), null=True, blank=True)

    class Meta:
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        indexes = [
            # The topic list: pinned first, then by last activity, visible topics only.
            models.Index(
                fields=["category", "-is_pinned", "-last_posted_at", "-id"],
                name="forum_topic_list",
                condition=models.Q(is_hidden=False, is_approved=True),
            ),
            models.Index(fields=["author", "is_question"], name="forum_topic_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:topic", kwargs={"pk": self.pk})


class Post(models.Model):
    topic = models.ForeignKey(Topic, verbose_name=_("sujet"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveIntegerField(_("numéro"))
    body = models.TextField(_("message"))
    # The body rendered once (markdown-it, then nh3): pages never render Markdown.
    html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    is_deleted = models.BooleanField(_("supprimé par son auteur"), default=False)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    is_approved = models.BooleanField(_("approuvé"), default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="forum_post_number")]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="forum_post_author"),
            models.Index(fields=["created_at"], name="forum_post_created"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} #{self.number}"

    def get_absolute_url(self) -> str:
        # Through a redirect that finds the post's page among the posts the reader may see.
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def is_visible(self) -> bool:
        return self.is_approved and not self.is_hidden and not self.is_deleted


class PostRevision(models.Model):
    """The text of a post before one of its edits (moderators see the history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("texte précédent"))
    edited_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("version précédente")
        verbose_name_plural = _("versions précédentes")
        ordering = ["post", "-edited_at"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.edited_at:%Y-%m-%d %H:%M}"


class Member(models.Model):
    """What the forum keeps per person: read horizon, digest choice, last visit, suspension."""

    class Digest(models.TextChoices):
        DAILY = "daily", _("Chaque jour")
        WEEKLY = "weekly", _("Chaque semaine")
        OFF = "off", _("Jamais")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_member")
    read_all_before = models.DateTimeField(_("tout lu avant"), default=timezone.now)
    digest = models.CharField(_("résumé par courriel"), max_length=10, choices=Digest.choices, default=Digest.DAILY)
    last_seen_at = models.DateTimeField(_("dernière visite"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("dernier résumé"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("suspendu jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre du forum")
        verbose_name_plural = _("membres du forum")

    def __str__(self) -> str:
        return str(self.user_id)

    def is_suspended(self, now=None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())


class TopicRead(models.Model):
    """How far a person has read a topic touched after their read_all_before date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forum_topic_read_once")]
        indexes = [models.Index(fields=["read_at"], name="forum_topic_read_at")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id} #{self.last_read_number}"


class Level(models.IntegerChoices):
    """Notification levels as Discourse users know them."""

    MUTED = 0, _("Silencieux")
    NORMAL = 1, _("Normal")
    TRACKING = 2, _("Suivi (nombre seulement)")
    WATCHING = 3, _("Surveillé")


class Subscription(models.Model):
    """A person's notification level for one topic or one category (never both)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices, default=Level.NORMAL)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__isnull=True) ^ models.Q(category__isnull=True), name="forum_sub_one_target"
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=models.Q(topic__isnull=False), name="forum_sub_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "category"], condition=models.Q(category__isnull=False), name="forum_sub_category_once"
            ),
        ]
        indexes = [models.Index(fields=["topic", "level"], name="forum_sub_topic_level")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id or self.category_id}: {self.level}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Nouvelle réponse")
        QUOTE = "quote", _("Citation")
        ACCEPTED = "accepted", _("Réponse retenue")
        WARNING = "warning", _("Avertissement")
        APPROVED = "approved", _("Message approuvé")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.ForeignKey(Topic, null=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="forum_notif_user"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="forum_notif_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Pourriel")
        OFF_TOPIC = "off_topic", _("Hors sujet")
        INAPPROPRIATE = "inappropriate", _("Inapproprié")
        PERSONAL_DATA = "personal_data", _("Renseignements personnels visibles")

    class Resolution(models.TextChoices):
        HIDDEN = "hidden", _("Message masqué")
        DISMISSED = "dismissed", _("Signalement rejeté")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("précision"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagger"], condition=models.Q(resolved_at__isnull=True), name="forum_flag_open_once"
            )
        ]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(resolved_at__isnull=True), name="forum_flag_open")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.reason}"


class ModerationAction(models.Model):
    """The moderation log: who did what, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Masquer")
        UNHIDE = "unhide", _("Réafficher")
        LOCK = "lock", _("Verrouiller")
        UNLOCK = "unlock", _("Déverrouiller")
        PIN = "pin", _("Épingler")
        UNPIN = "unpin", _("Désépingler")
        MOVE = "move", _("Déplacer")
        WARN = "warn", _("Avertir")
        SUSPEND = "suspend", _("Suspendre")
        APPROVE = "approve", _("Approuver")
        REJECT = "reject", _("Refuser")
        DISMISS = "dismiss", _("Rejeter les signalements")
        AUTO_HIDE = "auto_hide", _("Masqué après trois signalements")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("par")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_forum", _("Peut modérer le forum"))]

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d %H:%M})"


class DigestRun(models.Model):
    """One digest per person and period: the row makes a second run of the same period a no-op."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "period"], name="forum_digest_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.period}"
