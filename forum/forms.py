from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Category, Flag, Level, Member

BODY_MAX = 20_000


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown : **gras**, *italique*, [lien](https://…), > citation, listes avec -."),
    )


class TopicForm(PostForm):
    title = forms.CharField(label=_("Titre"), min_length=5, max_length=150)
    is_question = forms.BooleanField(
        label=_("C'est une question"),
        required=False,
        help_text=_("Une réponse pourra être retenue et affichée sous la question."),
    )
    field_order = ["title", "is_question", "body"]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Précision (facultatif)"), max_length=300, required=False)


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Notifications"), choices=Level.choices, coerce=int)


class DigestForm(forms.Form):
    digest = forms.ChoiceField(label=_("Résumé du forum par courriel"), choices=Member.Digest.choices)


class ModerationForm(forms.Form):
    action = forms.CharField(max_length=20)
    reason = forms.CharField(label=_("Motif"), max_length=500, required=False)
    category = forms.ModelChoiceField(
        label=_("Déplacer vers"), queryset=Category.objects.filter(is_active=True), required=False
    )


class UserModerationForm(forms.Form):
    ACTIONS = [("warn", _("Avertir")), ("suspend", _("Suspendre la participation"))]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    days = forms.IntegerField(label=_("Durée de la suspension (jours)"), min_value=1, max_value=365, required=False)
    reason = forms.CharField(
        label=_("Motif (la personne le lira)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend" and not data.get("days"):
            self.add_error("days", _("Indiquez la durée de la suspension."))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher dans le forum"), max_length=200, required=False)
