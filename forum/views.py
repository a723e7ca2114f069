"""The forum's pages: thin views over forum.selectors (reads) and forum.services (writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from forum import selectors, services
from forum.digest import UNSUBSCRIBE_SALT
from forum.forms import (
    DigestForm,
    FlagForm,
    LevelForm,
    ModerationForm,
    PostForm,
    SearchForm,
    TopicForm,
    UserModerationForm,
)
from forum.markdown import quote_markdown, render_markdown
from forum.models import Member
from forum.notify_cache import cache_unread_count
from forum.permissions import (
    get_category_for_reader,
    get_post_for_author,
    get_post_for_reader,
    get_topic_for_reader,
    require_coach_or_moderator,
    require_moderator,
)
from integration_portal.headers import personal_data_page


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


def _visit(request: HttpRequest) -> Member:
    """The reader's forum row (read horizon), noting the visit for the digest."""
    member = selectors.member_of(request.user)
    if member is None:
        member = services.member_ensure(user=request.user)
    services.member_seen_if_stale(member=member)
    return member


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    _visit(request)
    profile = selectors.profile_of(request.user)
    context = {
        "categories": selectors.categories_for(user=request.user, profile=profile),
        "search_form": SearchForm(),
    }
    return render(request, "forum/index.html", context)


@require_GET
@login_required
def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_category_for_reader(user=request.user, slug=slug)
    member = _visit(request)
    page = selectors.topic_page(user=request.user, category=category, number=request.GET.get("page"), member=member)
    context = {
        "category": category,
        "page": page,
        "level_form": LevelForm(),
        "level": selectors.category_level(user=request.user, category=category),
    }
    return render(request, "forum/category.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def topic_create(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_category_for_reader(user=request.user, slug=slug)
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                user=request.user,
                category=category,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                is_question=form.cleaned_data["is_question"],
            )
        except services.RateLimited:
            return _too_many(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not topic.is_approved:
                messages.info(
                    request,
                    _("Merci ! Vos premiers messages sont lus par une personne de l'équipe avant d'être publiés."),
                )
            return redirect(topic)
    return render(request, "forum/topic_form.html", {"category": category, "form": form})


@require_GET
@login_required
def topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for_reader(user=request.user, topic_id=pk)
    member = _visit(request)
    view = selectors.topic_view(user=request.user, topic=topic, number=request.GET.get("page"), member=member)
    posts = list(view.page.object_list)
    for post in posts:
        post.topic = topic  # already loaded: no query per post
        post.can_edit = services.post_can_edit(user=request.user, post=post)
        if not post.is_approved:
            post.unapproved_html = render_markdown(post.body, links=False)
    suspended = member.is_suspended()
    if posts:
        services.topic_read_page(
            user=request.user, topic=topic, number=posts[-1].number, read=view.read,
            horizon=services.read_horizon(member),
        )  # fmt: skip
    services.notifications_mark_read(user=request.user, topic=topic)
    initial = ""
    quote_id = request.GET.get("quote", "")
    quoted = selectors.quotable_post(user=request.user, topic=topic, post_id=quote_id)
    if quoted is not None:
        name = quoted.author.public_name if quoted.author else _("Ancien participant·e")
        initial = quote_markdown(name=str(name), body=quoted.body)
    context = {
        "topic": topic,
        "page": view.page,
        "posts": posts,
        "first_unread": view.first_unread,
        "level_form": LevelForm(initial={"level": view.level}),
        "level": view.level,
        "moderator": view.moderator,
        "reply_form": PostForm(initial={"body": initial}),
        "can_reply": (not topic.is_locked or view.moderator) and not suspended,
        "suspended": suspended,
        "quote_id": quote_id if initial else "",
        "can_accept": topic.is_question
        and (topic.author_id == request.user.pk or request.user.is_coach or view.moderator),
        "move_form": ModerationForm() if view.moderator else None,
    }
    return render(request, "forum/topic.html", context)


@require_GET
@login_required
def topic_unread(request: HttpRequest, pk: int) -> HttpResponse:
    """Jump to the first unread post (or the last one when all is read)."""
    topic = get_topic_for_reader(user=request.user, topic_id=pk)
    member = selectors.member_of(request.user)
    view = selectors.topic_view(user=request.user, topic=topic, number=1, member=member)
    number = view.first_unread or topic.last_number or 1
    page = selectors.post_page_number(user=request.user, topic=topic, number=number)
    query = f"?page={page}" if page > 1 else ""
    return redirect(reverse("forum:topic", kwargs={"pk": topic.pk}) + f"{query}#message-{number}")


@require_GET
@login_required
def post_goto(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_reader(user=request.user, post_id=pk)
    page = selectors.post_page_number(user=request.user, topic=post.topic, number=post.number)
    query = f"?page={page}" if page > 1 else ""
    return redirect(reverse("forum:topic", kwargs={"pk": post.topic_id}) + f"{query}#message-{post.number}")


@require_POST
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for_reader(user=request.user, topic_id=pk)
    form = PostForm(request.POST)
    quoted = selectors.quotable_post(user=request.user, topic=topic, post_id=request.POST.get("quote", ""))
    if form.is_valid():
        try:
            post = services.reply_create(user=request.user, topic=topic, body=form.cleaned_data["body"], quoted=quoted)
        except services.RateLimited:
            return _too_many(request)
        except ValidationError as error:
            _refusal(request, error)
            return redirect(topic)
        if not post.is_approved:
            messages.info(
                request, _("Merci ! Vos premiers messages sont lus par une personne de l'équipe avant d'être publiés.")
            )
        return redirect(post)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(topic)


@require_POST
@login_required
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown as it will be published (htmx swaps it under the form)."""
    body = request.POST.get("body", "")[:20_000]
    return render(request, "forum/preview.html", {"html": render_markdown(body)})


@require_http_methods(["GET", "POST"])
@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_author(user=request.user, post_id=pk)
    if not services.post_can_edit(user=request.user, post=post):
        messages.error(request, _("Ce message ne peut plus être modifié (24 heures après sa publication)."))
        return redirect(post)
    form = PostForm(request.POST if request.method == "POST" else None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(user=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(post)
    return render(request, "forum/post_edit.html", {"post": post, "form": form})


@require_POST
@login_required
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_author(user=request.user, post_id=pk)
    if post.author_id != request.user.pk:
        raise Http404
    try:
        services.post_delete(user=request.user, post=post)
    except ValidationError as error:
        _refusal(request, error)
        return redirect(post)
    messages.success(request, _("Message supprimé."))
    if post.number == 1:
        return redirect(post.topic.category)
    return redirect(post.topic)


@require_GET
@login_required
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    require_moderator(request.user)
    post = get_post_for_reader(user=request.user, post_id=pk)
    return render(request, "forum/post_history.html", {"post": post, "revisions": selectors.post_revisions(post=post)})


@require_POST
@login_required
def post_accept(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_reader(user=request.user, post_id=pk)
    try:
        services.post_accept(user=request.user, post=post)
    except ValidationError as error:
        _refusal(request, error)
    return redirect(post.topic)


@require_http_methods(["GET", "POST"])
@login_required
def post_flag(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_reader(user=request.user, post_id=pk)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_flag(user=request.user, post=post, **form.cleaned_data)
        except services.RateLimited:
            return _too_many(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Merci : l'équipe de modération va regarder ce message."))
            return redirect(post.topic)
    return render(request, "forum/post_flag.html", {"post": post, "form": form})


@require_POST
@login_required
def topic_level(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for_reader(user=request.user, topic_id=pk)
    form = LevelForm(request.POST)
    if form.is_valid():
        services.subscription_set(user=request.user, topic=topic, level=form.cleaned_data["level"])
        messages.success(request, _("Vos notifications pour ce sujet sont changées."))
    return redirect(topic)


@require_POST
@login_required
def category_level(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_category_for_reader(user=request.user, slug=slug)
    form = LevelForm(request.POST)
    if form.is_valid():
        services.subscription_set(user=request.user, category=category, level=form.cleaned_data["level"])
        messages.success(request, _("Vos notifications pour cette catégorie sont changées."))
    return redirect(category)


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    messages.success(request, _("Tous les sujets sont marqués comme lus."))
    return redirect("forum:index")


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = selectors.notification_page(user=request.user, number=request.GET.get("page"))
    return render(request, "forum/notifications.html", {"page": page})


@require_GET
@login_required
def notification_count(request: HttpRequest) -> JsonResponse:
    """The count for the navigation, when the cache had none or the websocket is blocked."""
    count = selectors.unread_notification_count(user=request.user)
    cache_unread_count(request.user.pk, count)
    return JsonResponse({"unread": count})


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return redirect("forum:notifications")


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search_posts(user=request.user, text=text)
    return render(request, "forum/search.html", {"form": form, "results": results, "text": text})


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    member = selectors.member_of(request.user) or services.member_ensure(user=request.user)
    form = DigestForm(request.POST if request.method == "POST" else None, initial={"digest": member.digest})
    if request.method == "POST" and form.is_valid():
        services.member_set_digest(user=request.user, digest=form.cleaned_data["digest"])
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("forum:preferences")
    return render(request, "forum/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the proof; mail clients' one-click POST (RFC 8058) carries no CSRF token
@personal_data_page  # reached without a session: never kept by a shared cache
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works logged out: GET shows a button, POST (the button, or the mail client) unsubscribes."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "forum/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.digest_unsubscribe(user_id=int(user_id))
        return render(request, "forum/unsubscribe.html", {"done": True})
    return render(request, "forum/unsubscribe.html", {"token": token})


# --- Moderation -----------------------------------------------------------------------------------


@require_GET
@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    require_moderator(request.user)
    return render(request, "forum/moderation.html", selectors.moderation_queue())


@require_GET
@login_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    require_moderator(request.user)
    return render(
        request, "forum/moderation_log.html", {"page": selectors.moderation_log(number=request.GET.get("page"))}
    )


@require_GET
@login_required
def coach_queue(request: HttpRequest) -> HttpResponse:
    require_coach_or_moderator(request.user)
    return render(request, "forum/coach_queue.html", selectors.coach_queue())


@require_POST
@login_required
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require_moderator(request.user)
    post = get_post_for_reader(user=request.user, post_id=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.post_moderate(
                moderator=request.user,
                post=post,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Action enregistrée dans le journal de modération."))
    back = request.POST.get("back")
    return redirect("forum:moderation") if back == "queue" else redirect(post.topic)


@require_POST
@login_required
def topic_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require_moderator(request.user)
    topic = get_topic_for_reader(user=request.user, topic_id=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.topic_moderate(moderator=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Action enregistrée dans le journal de modération."))
    return redirect(topic)


@require_http_methods(["GET", "POST"])
@login_required
def user_moderate(request: HttpRequest, user_id: int) -> HttpResponse:
    require_moderator(request.user)
    person = get_object_or_404(User, pk=user_id, is_active=True)
    form = UserModerationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == "warn":
                services.user_warn(moderator=request.user, user=person, reason=form.cleaned_data["reason"])
            else:
                services.user_suspend(
                    moderator=request.user,
                    user=person,
                    days=form.cleaned_data["days"],
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action enregistrée dans le journal de modération."))
            return redirect("forum:moderation_log")
    return render(request, "forum/user_moderate.html", {"person": person, "form": form})
