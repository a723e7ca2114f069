from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from content import services, validators
from content.forms import OrganisationImportForm
from content.models import (
    Article,
    Capsule,
    CaptionTrack,
    Chapter,
    Checkpoint,
    Choice,
    Organisation,
    ProfessionalOrder,
    Theme,
    VideoSource,
)
from integration_portal.admin_forms import LabelledInlineMixin


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "order"]
    prepopulated_fields = {"slug": ["name_fr"]}


class VideoSourceForm(forms.ModelForm):
    class Meta:
        model = VideoSource
        fields = ["quality", "file", "url"]

    def clean(self):
        data = super().clean()
        upload, url = data.get("file"), data.get("url")
        if bool(upload) == bool(url):
            raise ValidationError(_("Donnez soit un fichier, soit une adresse externe (pas les deux)."))
        return data

    def save(self, commit=True):
        source = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        services.video_source_describe(source=source, upload=upload if upload and hasattr(upload, "read") else None)
        if commit:
            source.save()
        return source


class VideoSourceInline(LabelledInlineMixin, admin.TabularInline):
    model = VideoSource
    form = VideoSourceForm
    extra = 0
    readonly_fields = ["mime_type", "size_bytes"]


class CaptionForm(forms.ModelForm):
    vtt_file = forms.FileField(
        label=gettext_lazy("Fichier .vtt"), required=False, help_text=gettext_lazy("Remplace le texte ci-dessous.")
    )

    class Meta:
        model = CaptionTrack
        fields = ["language", "vtt_file", "vtt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vtt"].required = False

    def clean(self):
        data = super().clean()
        upload = data.get("vtt_file")
        if upload:
            if upload.size > validators.DEFAULT_MAX_VTT_BYTES:
                raise ValidationError({"vtt_file": _("Le fichier de sous-titres est trop lourd.")})
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError({"vtt_file": _("Le fichier doit être en UTF-8.")}) from None
            try:
                validators.validate_webvtt_text(text)
            except ValidationError as error:
                raise ValidationError({"vtt_file": error.messages}) from None
            data["vtt"] = text
            self.instance.vtt = text
            self.errors.pop("vtt", None)
        elif not data.get("vtt") and not self.errors.get("vtt"):
            raise ValidationError({"vtt": _("Collez les sous-titres WebVTT ou envoyez un fichier .vtt.")})
        return data


class CaptionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        status = self.data.get("status") if self.data else None
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and (form.instance.pk or form.has_changed())
        ]
        if status == Capsule.Status.PUBLISHED and not kept:
            raise ValidationError(_("Des sous-titres WebVTT sont obligatoires pour publier une capsule."))


class CaptionTrackInline(LabelledInlineMixin, admin.StackedInline):
    model = CaptionTrack
    form = CaptionForm
    formset = CaptionFormSet
    extra = 0


class ChapterInline(LabelledInlineMixin, admin.TabularInline):
    model = Chapter
    extra = 0


class CheckpointInline(LabelledInlineMixin, admin.TabularInline):
    model = Checkpoint
    extra = 0
    show_change_link = True
    fields = ["at_seconds", "question", "kind"]


class CapsuleForm(forms.ModelForm):
    class Meta:
        model = Capsule
        fields = [
            "title",
            "slug",
            "summary",
            "language",
            "themes",
            "regions",
            "occupations",
            "moment",
            "easy_french",
            "status",
            "published_at",
            "duration_seconds",
            "poster",
            "transcript",
        ]

    def clean(self):
        data = super().clean()
        if data.get("status") == Capsule.Status.PUBLISHED and not (data.get("transcript") or "").strip():
            self.add_error("transcript", _("Une transcription est obligatoire pour publier une capsule."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        split_labels(self.fields["published_at"])


def split_labels(field) -> None:
    """The admin's date and time boxes share one <label> that names the first: name both."""
    if not hasattr(field.widget, "widgets"):
        return
    date_widget, time_widget = field.widget.widgets
    date_widget.attrs["aria-label"] = _("%(field)s : date") % {"field": capfirst(field.label)}
    time_widget.attrs["aria-label"] = _("%(field)s : heure") % {"field": capfirst(field.label)}


class PublishActionsMixin:
    """Bulk publish and unpublish for capsules and articles (the rules of publishing stay in services)."""

    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description=gettext_lazy("Publier les contenus choisis"), permissions=["change"])
    def publish_selected(self, request, queryset) -> None:
        published, refused = services.content_items_publish(items=list(queryset))
        self.message_user(
            request,
            ngettext("%(count)d contenu publié.", "%(count)d contenus publiés.", published) % {"count": published},
            messages.SUCCESS,
        )
        for item, reason in refused:
            self.message_user(
                request,
                _("« %(title)s » n'est pas publié : %(reason)s") % {"title": item, "reason": reason},
                messages.WARNING,
            )

    @admin.action(
        description=gettext_lazy("Dépublier les contenus choisis (retour au brouillon)"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset) -> None:
        count = services.content_items_unpublish(queryset=queryset)
        self.message_user(
            request,
            ngettext("%(count)d contenu remis en brouillon.", "%(count)d contenus remis en brouillon.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Capsule)
class CapsuleAdmin(PublishActionsMixin, admin.ModelAdmin):
    form = CapsuleForm
    list_display = ["title", "status", "language", "duration_seconds", "published_at"]
    list_filter = ["status", "language", "themes", "regions"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "regions", "occupations"]
    autocomplete_fields: list = []
    inlines = [VideoSourceInline, CaptionTrackInline, ChapterInline, CheckpointInline]


class ChoiceInline(LabelledInlineMixin, admin.TabularInline):
    model = Choice
    extra = 2


@admin.register(Checkpoint)
class CheckpointAdmin(admin.ModelAdmin):
    list_display = ["question", "capsule", "at_seconds", "kind"]
    list_filter = ["capsule"]
    inlines = [ChoiceInline]


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "language",
            "themes",
            "regions",
            "occupations",
            "moment",
            "easy_french",
            "status",
            "published_at",
            "body_markdown",
            "translation",
        ]

    def clean(self):
        data = super().clean()
        translation = data.get("translation")
        if translation is not None:
            if self.instance.pk and translation.pk == self.instance.pk:
                self.add_error("translation", _("Un article ne peut pas être sa propre traduction."))
            elif translation.language == data.get("language"):
                self.add_error("translation", _("La version traduite doit être dans l'autre langue."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        split_labels(self.fields["published_at"])


@admin.register(Article)
class ArticleAdmin(PublishActionsMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "status", "language", "translation", "published_at"]
    list_filter = ["status", "language", "themes", "regions"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "regions", "occupations"]
    raw_id_fields = ["translation"]

    def save_model(self, request, obj, form, change):
        translation = obj.translation
        obj.translation = None
        super().save_model(request, obj, form, change)
        services.article_link_translation(article=obj, translation=translation)


class OrganisationForm(forms.ModelForm):
    offered_services = forms.MultipleChoiceField(
        label=gettext_lazy("Services offerts"),
        choices=Organisation.Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [
            "name", "slug", "region", "municipality", "address", "phone", "website", "email", "description",
            "languages", "is_active",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["offered_services"].initial = list(self.instance.services.values_list("service", flat=True))


class ServiceFilter(admin.SimpleListFilter):
    title = gettext_lazy("service offert")
    parameter_name = "service"

    def lookups(self, request, model_admin):
        return Organisation.Service.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(services__service=self.value())
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "municipality", "region", "is_active"]
    list_filter = ["region", ServiceFilter, "is_active"]
    search_fields = ["name", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    change_list_template = "admin/content/organisation/change_list.html"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.organisation_set_services(
            organisation=form.instance, services=set(form.cleaned_data.get("offered_services") or [])
        )

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_csv),
                name="content_organisation_import",
            ),
            *super().get_urls(),
        ]

    def import_csv(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        report = None
        form = OrganisationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = services.organisations_import_csv(data=form.cleaned_data["file"].read())
            if not report.errors:
                messages.success(
                    request,
                    _("Import terminé : %(created)s organismes ajoutés, %(updated)s mis à jour.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect(reverse("admin:content_organisation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "title": _("Importer des organismes (CSV)"),
        }
        return render(request, "admin/content/organisation/import.html", context, status=400 if report else 200)


class ToConfirmFilter(admin.SimpleListFilter):
    title = gettext_lazy("à confirmer")
    parameter_name = "to_confirm"

    def lookups(self, request, model_admin):
        return [("yes", _("Une donnée à confirmer")), ("no", _("Tout est confirmé"))]

    def queryset(self, request, queryset):
        from django.db.models import Q

        flags = (
            Q(name_to_confirm=True) | Q(titles_to_confirm=True) | Q(regime_to_confirm=True) | Q(website_to_confirm=True)
        )
        if self.value() == "yes":
            return queryset.filter(flags)
        if self.value() == "no":
            return queryset.exclude(flags)
        return queryset


@admin.register(ProfessionalOrder)
class ProfessionalOrderAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "regime", "name_to_confirm", "titles_to_confirm", "regime_to_confirm"]
    list_filter = [ToConfirmFilter, "regime"]
    search_fields = ["name_fr", "regulated_titles"]
    filter_horizontal = ["occupations"]
    fieldsets = [
        (None, {"fields": ["name_fr", "name_en", "slug", "name_variants", "regulated_titles", "regime", "website"]}),
        (gettext_lazy("Professions couvertes"), {"fields": ["occupations"]}),
        (gettext_lazy("Parcours"), {"fields": ["foreign_trained_path"]}),
        (
            gettext_lazy("À confirmer (décochez une fois vérifié à la source)"),
            {
                "fields": [
                    "name_to_confirm",
                    "titles_to_confirm",
                    "regime_to_confirm",
                    "website_to_confirm",
                    "sources",
                    "admin_notes",
                ]
            },
        ),
    ]
