from django import forms
from django.utils.translation import gettext_lazy as _

from action_plan.files import validate_deliverable_file
from action_plan.models import DeliverableType, PlanTask, TaskReview
from integration_portal.forms import SentencePlaceholdersMixin

ANSWER_MAX_LENGTH = 20_000


class TaskWorkForm(SentencePlaceholdersMixin, forms.Form):
    """The deliverable of one task: the fields depend on what the step expects."""

    answer_text = forms.CharField(
        label=_("Votre réponse"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    checked = forms.TypedMultipleChoiceField(
        label=_("Éléments faits"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    file = forms.FileField(
        label=_("Votre fichier (PDF ou DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
    )

    def __init__(self, *args, task: PlanTask, **kwargs):
        self.task = task
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("answer_text", task.answer_text)
        initial.setdefault("checked", [item["index"] for item in task.checklist if item["checked"]])
        super().__init__(*args, **kwargs)
        kind = task.deliverable_type
        if kind != DeliverableType.TEXT:
            del self.fields["answer_text"]
        if kind == DeliverableType.CHECKLIST:
            self.fields["checked"].choices = [(item["index"], item["label"]) for item in task.checklist]
        else:
            del self.fields["checked"]
        if kind == DeliverableType.FILE:
            self.fields["file"].help_text = _("Taille maximale : %(size)s Mo.") % {
                "size": task.max_file_bytes // (1024 * 1024)
            }
        else:
            del self.fields["file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_deliverable_file(upload, max_bytes=self.task.max_file_bytes)
        return upload

    def work(self) -> dict:
        """Keyword arguments for services.task_save_draft."""
        data = self.cleaned_data
        return {
            "answer_text": data.get("answer_text") if "answer_text" in self.fields else None,
            "checked": data.get("checked") if "checked" in self.fields else None,
            "file": data.get("file") or None,
        }


class ReviewForm(SentencePlaceholdersMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=TaskReview.Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Commentaire pour la personne"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Obligatoire quand vous demandez des modifications."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == TaskReview.Decision.CHANGES_REQUESTED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Expliquez les modifications demandées."))
        return data


class PlanSettingsForm(SentencePlaceholdersMixin, forms.Form):
    start_date = forms.DateField(
        label=_("Date de début du plan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Chaque semaine du plan s'ouvre à partir de cette date."),
    )
    reminders_enabled = forms.BooleanField(label=_("Recevoir un courriel chaque semaine"), required=False)
