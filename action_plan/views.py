from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import StaffAccessLog
from accounts.permissions import require_coach, require_participant
from accounts.selectors import profile_of
from accounts.staff import staff_access_record
from action_plan import selectors, services
from action_plan.calendar import plan_calendar_ics
from action_plan.files import CONTENT_TYPES, detect_kind
from action_plan.forms import PlanSettingsForm, ReviewForm, TaskWorkForm
from action_plan.integrations import link_url
from action_plan.models import PlanTask
from action_plan.permissions import get_own_task, get_task_file, get_task_for_review
from action_plan.unsubscribe import plan_from_unsubscribe_token

REVIEW_PAGE_SIZE = 50


def _own_plan(request: HttpRequest):
    require_participant(request.user)
    return selectors.plan_of(request.user)


def _resolved_links(task: PlanTask) -> list[dict]:
    return [{"link": link, "url": link_url(link)} for link in task.links.all()]


@require_GET
@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    """The plan week by week, with progress per week and overall (a fixed number of queries)."""
    plan = _own_plan(request)
    if plan is None:
        profile = profile_of(request.user)
        return render(
            request,
            "action_plan/no_plan.html",
            {"onboarding_done": bool(profile and profile.onboarding_completed)},
        )
    context = {
        "timeline": selectors.plan_timeline(plan=plan),
        "newer_template": selectors.newer_template_for(plan),
    }
    return render(request, "action_plan/timeline.html", context)


def _task_page(request: HttpRequest, task: PlanTask, form: TaskWorkForm, status: int = 200) -> HttpResponse:
    context = {"task": task, "form": form, "links": _resolved_links(task), "reviews": task.reviews.all()[:5]}
    return render(request, "action_plan/task.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Instructions, linked content and the deliverable form; POST saves the draft or submits."""
    task = get_own_task(request.user, pk)
    if request.method == "GET":
        return _task_page(request, task, TaskWorkForm(task=task))
    action = request.POST.get("action", "save")
    if action == "reopen":
        try:
            services.task_reopen(task=task)
        except services.PlanError as error:
            messages.error(request, str(error))
        return redirect(task)
    form = TaskWorkForm(request.POST, request.FILES, task=task)
    if not form.is_valid():
        return _task_page(request, task, form, status=400)
    try:
        # One transaction: a refused submission (an empty answer) leaves the task as it was, not
        # "in progress" from the draft saved just before.
        with transaction.atomic():
            services.task_save_draft(task=task, **form.work())
            if action == "submit":
                services.task_submit(task=task)
        if action == "submit":
            messages.success(
                request,
                _("Tâche remise : elle attend la révision de votre accompagnatrice ou accompagnateur.")
                if task.status == PlanTask.Status.SUBMITTED
                else _("Tâche terminée. Bravo !"),
            )
            return redirect("action_plan:timeline")
    except services.PlanError as error:
        form.add_error(None, str(error))
        task.refresh_from_db()
        return _task_page(request, task, form, status=400)
    messages.success(request, _("Brouillon enregistré."))
    return redirect(task)


@require_POST
@login_required
def task_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as the person types (no file here: files go with the full form)."""
    task = get_own_task(request.user, pk)
    form = TaskWorkForm(request.POST, task=task)
    saved, error = False, ""
    if form.is_valid():
        work = form.work()
        work["file"] = None
        try:
            services.task_save_draft(task=task, **work)
            saved = True
        except services.PlanError as problem:
            error = str(problem)
    else:
        error = _("Le brouillon n'a pas pu être enregistré : vérifiez le formulaire.")
    return render(
        request,
        "action_plan/task.html#autosave_status",
        {"task": task, "saved": saved, "error": error},
        status=200 if saved else 400,
    )


@require_GET
@login_required
def task_file(request: HttpRequest, pk: int) -> FileResponse:
    """The deliverable's file, to the participant, their assigned coach and ministry admins only."""
    task = get_task_file(request.user, pk)
    if request.user.pk != task.plan.user_id:
        staff_access_record(
            staff=request.user,
            participant=task.plan.user,
            action=StaffAccessLog.Action.ADMIN_VIEW
            if not request.user.is_coach
            else StaffAccessLog.Action.COACH_PROFILE,
            what="plan deliverable file",
            path=request.path,
        )
    try:
        handle = task.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = detect_kind(handle) or "pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=task.file_name or f"livrable.{kind}", content_type=CONTENT_TYPES[kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def plan_settings(request: HttpRequest) -> HttpResponse:
    plan = _own_plan(request)
    if plan is None:
        raise Http404
    initial = {"start_date": plan.start_date, "reminders_enabled": plan.reminders_enabled}
    form = PlanSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.plan_update_settings(plan=plan, **form.cleaned_data)
        messages.success(request, _("Votre plan a été mis à jour."))
        return redirect("action_plan:timeline")
    return render(
        request, "action_plan/settings.html", {"form": form, "plan": plan}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def refresh(request: HttpRequest) -> HttpResponse:
    """Re-generate the plan from the current profile (and the newest template), keeping the answers
    of the steps that remain. GET explains what will happen; POST does it."""
    require_participant(request.user)
    profile = profile_of(request.user)
    if profile is None or not profile.onboarding_completed:
        messages.info(request, _("Terminez d'abord votre profil : le plan en découle."))
        return redirect("accounts:dashboard")
    plan = selectors.plan_of(request.user)
    newer = selectors.newer_template_for(plan) if plan else None
    if request.method == "POST":
        template = newer or (plan.template if plan else None)
        try:
            services.plan_generate(profile=profile, template=template)
        except services.PlanError as error:
            messages.error(request, str(error))
            return redirect("action_plan:timeline")
        messages.success(request, _("Votre plan a été mis à jour à partir de votre profil."))
        return redirect("action_plan:timeline")
    with_work = [task for task in plan.tasks.all() if task.has_work] if plan else []
    return render(request, "action_plan/refresh.html", {"plan": plan, "newer": newer, "with_work": with_work})


@require_GET
@login_required
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The weeks and due dates as an iCalendar file (all-day events)."""
    plan = _own_plan(request)
    if plan is None:
        raise Http404
    ics = plan_calendar_ics(
        timeline=selectors.plan_timeline(plan=plan),
        host=request.get_host().split(":")[0],
        absolute_url=request.build_absolute_uri,
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plan-action.ics"'
    return response


@require_GET
@login_required
def print_view(request: HttpRequest) -> HttpResponse:
    """The whole plan with answers, laid out for printing."""
    plan = _own_plan(request)
    if plan is None:
        raise Http404
    return render(request, "action_plan/print.html", {"timeline": selectors.plan_timeline(plan=plan, with_links=True)})


@require_GET
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Submitted deliverables of the coach's participants, oldest first."""
    require_coach(request.user)
    page = Paginator(selectors.review_queue(coach=request.user), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = selectors.review_rows(page.object_list)
    return render(request, "action_plan/review_list.html", {"tasks": tasks, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def review_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_review(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "GET":
        staff_access_record(
            staff=request.user,
            participant=task.plan.user,
            action=StaffAccessLog.Action.COACH_PROFILE,
            what="plan deliverable",
            path=request.path,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_review(task=task, coach=request.user, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre révision a été envoyée à la personne."))
            return redirect("action_plan:review_list")
    context = {"task": task, "form": form, "links": _resolved_links(task)}
    return render(request, "action_plan/review_task.html", context, status=400 if form.errors else 200)


@csrf_exempt  # the signed token is the credential; mail clients post RFC 8058 one-click without a cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the weekly emails from the link in the email itself, without logging in.

    GET asks for confirmation (mail scanners follow links); POST (also RFC 8058 one-click) unsubscribes.
    """
    plan = plan_from_unsubscribe_token(token)
    if plan is None:
        return render(request, "action_plan/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.plan_unsubscribe(plan=plan)
        done = True
    return render(request, "action_plan/unsubscribe.html", {"done": done, "token": token})
