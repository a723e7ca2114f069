"""Pages of the interview room: the room itself (or its countdown), and the record afterwards
(the coach's summary, the follow-ups and the chat history)."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coaching.permissions import get_interview_for_member
from coaching.room_forms import InterviewSummaryForm
from coaching.room_models import CHAT_MESSAGE_MAX_LENGTH
from coaching.room_selectors import chat_history, room_member_name, room_state, room_window
from coaching.room_services import summary_save
from integration_portal.headers import allow_camera_and_microphone


def _room_strings() -> dict:
    """What the page's script says, translated here (the script holds no words of its own)."""
    return {
        "connecting": _("Connexion à la salle…"),
        "connected": _("Connecté à la salle."),
        "lost": _("Connexion perdue. Nouvelle tentative dans %(seconds)s s…"),
        "closed_4401": _(
            "Votre session a pris fin (déconnexion ailleurs?). Reconnectez-vous pour revenir dans la salle."
        ),
        "closed_4403": _("Vous n'avez pas accès à cette salle."),
        "closed_4404": _("La salle est fermée."),
        "closed_4409": _("La salle est ouverte dans une autre fenêtre ou un autre onglet; celle-ci est en pause."),
        "present": _("%(name)s est dans la salle."),
        "absent": _("%(name)s n'est pas encore dans la salle."),
        "typing": _("%(name)s écrit…"),
        "you": _("Vous"),
        "sending": _("envoi…"),
        "erased": _("(message effacé)"),
        "refused_too_long": _("Votre message dépasse %(max)s caractères; raccourcissez-le.")
        % {"max": CHAT_MESSAGE_MAX_LENGTH},
        "refused_rate_limited": _("Vous envoyez des messages trop vite. Attendez quelques secondes, puis réessayez."),
        "refused_empty": _("Le message est vide."),
        "refused_invalid": _("Ce message n'a pas pu être envoyé. Réessayez."),
        "characters_left": _("%(count)s caractères restants"),
        "mode_video": _("Vous êtes en vidéo."),
        "mode_audio": _("Vous êtes en audio seulement."),
        "mode_chat": _("Vous êtes en clavardage seulement."),
        "peer_mode_video": _("%(name)s est en vidéo."),
        "peer_mode_audio": _("%(name)s est passé·e à l'audio seulement."),
        "peer_mode_chat": _("%(name)s continue en clavardage seulement."),
        "degraded_audio": _("La connexion est faible : la vidéo est coupée pour garder le son."),
        "degraded_chat": _("La connexion est trop faible pour le son : l'entrevue continue par clavardage."),
        "media_refused": _(
            "Votre navigateur n'a pas donné accès à la caméra ou au micro. Vous pouvez continuer par clavardage, "
            "ou autoriser l'accès dans les réglages du navigateur puis recharger la page."
        ),
        "media_missing": _("Aucune caméra ou aucun micro n'a été trouvé. Vous pouvez continuer par clavardage."),
        "media_unsupported": _(
            "Ce navigateur ne permet pas les appels vidéo sur cette page. Le clavardage fonctionne."
        ),
        "call_failed": _(
            "L'appel audio ou vidéo n'a pas pu s'établir (réseau ou pare-feu). Le clavardage fonctionne toujours."
        ),
        "call_connected": _("Appel établi."),
        "call_waiting": _("En attente de l'autre personne pour l'appel…"),
    }


@require_GET
@login_required
@allow_camera_and_microphone  # the one page that may ask for them (denied everywhere else)
def interview_room(request: HttpRequest, interview_id: int) -> HttpResponse:
    """The room: open to its participant and coach from 10 minutes before the start; before, a
    countdown in the person's zone (with Montréal's beside it: two people in two zones meet)."""
    interview = get_interview_for_member(user=request.user, interview_id=interview_id)
    other = interview.coach if request.user.pk == interview.participant_id else interview.participant
    opens_at, closes_at = room_window(interview)
    state = room_state(interview)
    context = {
        "interview": interview,
        "other": other,
        "other_name": room_member_name(other),
        "state": state,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "montreal": zoneinfo.ZoneInfo(settings.TIME_ZONE),
        "max_length": CHAT_MESSAGE_MAX_LENGTH,
        "now": timezone.now(),
    }
    if state == "open":
        context["room_strings"] = _room_strings()
    return render(request, "coaching/room.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def interview_record(request: HttpRequest, interview_id: int) -> HttpResponse:
    """After the interview: the summary and the chat history for both; the coach writes the summary."""
    interview = get_interview_for_member(user=request.user, interview_id=interview_id)
    is_coach = request.user.pk == interview.coach_id
    summary = getattr(interview, "summary", None) if hasattr(interview, "summary") else None
    form = None
    if is_coach:
        initial = {}
        if summary is not None:
            initial = {"text": summary.text, "follow_ups": "\n".join(item.text for item in summary.follow_ups.all())}
        form = InterviewSummaryForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            summary_save(
                interview=interview,
                coach=request.user,
                text=form.cleaned_data["text"],
                follow_ups=form.cleaned_data["follow_ups"],
                add_to_plan=form.cleaned_data["add_to_plan"],
            )
            messages.success(request, _("Résumé enregistré."))
            return redirect("coaching:interview_record", interview_id=interview.pk)
    elif request.method == "POST":
        raise PermissionDenied
    other = interview.coach if not is_coach else interview.participant
    names = {interview.participant_id: room_member_name(interview.participant)}
    names[interview.coach_id] = room_member_name(interview.coach)
    history = [(message, names.get(message.sender_id, "")) for message in chat_history(interview=interview)]
    follow_ups = list(summary.follow_ups.select_related("task")) if summary is not None else []
    return render(
        request,
        "coaching/interview_record.html",
        {
            "interview": interview,
            "other_name": room_member_name(other),
            "is_coach": is_coach,
            "summary": summary,
            "follow_ups": follow_ups,
            "history": history,
            "form": form,
            "montreal": zoneinfo.ZoneInfo(settings.TIME_ZONE),
            "room_state": room_state(interview),
        },
    )
