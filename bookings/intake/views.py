"""The intake wizard ("Which session do I need?") and its result page.

Server-side steps on django-formtools' session wizard, one URL per step so the
browser's back button and bookmarks work. Every write happens on POST; a finished
wizard is one IntakeResponse row, an unfinished one leaves nothing in the database.
"""

from collections import OrderedDict

from django.contrib import messages
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from formtools.wizard.views import NamedUrlSessionWizardView

from studio import counters
from studio.models import SessionType

from . import STEPS, is_asked, prefill_for
from .forms import STEP_FORMS, ChooseSessionForm
from .questions import describe_answers
from .selectors import intake_by_id, intake_result
from .services import IntakeError, choose_session_type, record_intake
from .session_keys import BOOKING_SESSION_KEY, RESULT_SESSION_KEY

FINISH_RATE = "30/h"
FIRST_STEP = STEPS[0].name


class IntakeWizard(NamedUrlSessionWizardView):
    form_list = STEP_FORMS
    template_name = "bookings/intake/step.html"

    def get_prefix(self, request, *args, **kwargs):
        return "intake"

    # -- GET: show a step; nothing is written -------------------------------------------

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step is None and "session" in request.GET:
            # A link from a session type's page starts afresh, pre-filled from that type.
            self._start_over(request.GET["session"])
        if step is None or step == self.done_step_name:
            return redirect(self.get_step_url(self._resume_step()))
        self._check_known(step)
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self._resume_step()))
        reachable = self.first_unanswered_step()
        if self._is_after(step, reachable):
            messages.info(request, _("Please answer this question first."))
            return redirect(self.get_step_url(reachable))
        self.storage.current_step = step
        return self.render(self.get_form(step, data=self.storage.get_step_data(step)))

    # -- POST: validate one step, keep it, move on --------------------------------------

    def post(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step is None or step == self.done_step_name:
            if step is None and "reset" in request.POST:
                self._start_over("")
            return redirect(self.get_step_url(self._resume_step()))
        self._check_known(step)
        if step not in self.get_form_list():
            messages.info(request, _("That question does not apply to your answers any more."))
            return redirect(self.get_step_url(self._resume_step()))
        form = self.get_form(step, data=request.POST)
        reachable = self.first_unanswered_step()
        if self._is_after(step, reachable):
            return self._refuse_jump(step, form, reachable)
        self.storage.current_step = step
        if "wizard_goto_step" in request.POST:
            return self._go_back(step, form, request.POST["wizard_goto_step"])
        if not form.is_valid():
            return self.render(form, status=400)
        first_answer = not self.storage.data[self.storage.step_data_key]
        asked_before = len(self.get_form_list())
        self._keep(step, form)
        if step == FIRST_STEP and not first_answer:
            self._tell_if_count_changed(asked_before)
        if first_answer:  # counted for the dashboard's insights; nothing about the visitor
            counters.bump(counters.WIZARD_STARTED)
        next_step = self.get_next_step(step)
        if next_step is None:
            return self.render_done(form)
        self.storage.current_step = next_step
        return redirect(self.get_step_url(next_step))

    def _go_back(self, step, form, target):
        # Back keeps what was entered on this page when it is a valid answer.
        if form.is_valid():
            self._keep(step, form)
        steps = list(self.get_form_list())
        if target not in steps or self._is_after(target, self.first_unanswered_step()):
            form.add_error(None, _("That step is not available. Please use the buttons below."))
            return self.render(form, status=400)
        return redirect(self.get_step_url(target))

    def _refuse_jump(self, step, form, reachable):
        # A step posted before the ones it depends on: a hand-made request or an expired
        # session. Keep this answer if it is valid, then send the visitor where they left off.
        expired = not self.storage.data[self.storage.step_data_key]
        if form.is_valid():
            self._keep(step, form)
        if expired:
            messages.warning(
                self.request,
                _(
                    "Your earlier answers have expired, so we need them again. "
                    "The answer you just gave is kept."
                ),
            )
        else:
            messages.warning(self.request, _("Please answer this question first."))
        return redirect(self.get_step_url(reachable))

    def render_done(self, form, **kwargs):
        # Re-check every step from storage: nothing reaches the database unvalidated.
        final = {}
        for step in self.get_form_list():
            step_form = self.get_form(step, data=self.storage.get_step_data(step))
            if not step_form.is_valid():
                messages.warning(self.request, _("Please check this answer."))
                return redirect(self.get_step_url(step))
            final[step] = step_form
        return self.done(list(final.values()), form_dict=final)

    def done(self, form_list, **kwargs):
        if is_ratelimited(
            self.request, group="intake:finish", key="ip", rate=FINISH_RATE, increment=True
        ):
            form_list[-1].add_error(
                None, _("You have finished the questions many times this hour; please wait.")
            )
            return self.render(form_list[-1], status=429)
        answers = {}
        for form in form_list:
            answers.update(form.cleaned_data)
        intake = record_intake(answers=answers, started_from=self._started_from())
        self.request.session[RESULT_SESSION_KEY] = intake.pk
        # The answers stay in the wizard so "Change my answers" starts from them.
        self.storage.current_step = self.steps.first
        return redirect("intake:result")

    # -- which steps are asked ----------------------------------------------------------
    # Only the first step's answer decides which later steps are asked. Both methods are
    # recomputed on every call (a few tiny forms, no queries) instead of formtools' caches,
    # so an answer kept in this request counts at once without touching its internals.

    def get_form_list(self):
        uses = self.get_cleaned_data_for_step(FIRST_STEP) or {}
        return OrderedDict(
            (name, form_class)
            for name, form_class in self.form_list.items()
            if is_asked(name, uses)
        )

    def get_cleaned_data_for_step(self, step):
        if step not in self.form_list:
            return None
        form_class = self.form_list[step]
        form = form_class(
            data=self.storage.get_step_data(step),
            prefix=self.get_form_prefix(step, form_class),
            initial=self.get_form_initial(step),
        )
        return form.cleaned_data if form.is_valid() else None

    def _tell_if_count_changed(self, asked_before: int) -> None:
        asked_now = len(self.get_form_list())
        if asked_now != asked_before:
            messages.info(
                self.request,
                ngettext(
                    "Your new answer changes the questions that apply: there is now %(count)d "
                    "question in all.",
                    "Your new answer changes the questions that apply: there are now %(count)d "
                    "questions in all.",
                    asked_now,
                )
                % {"count": asked_now},
            )

    # -- helpers --------------------------------------------------------------------------

    def get_form_initial(self, step):
        prefill = self.storage.extra_data.get("prefill") or {}
        form_class = self.form_list[step]
        return {key: value for key, value in prefill.items() if key in form_class.base_fields}

    def get_form_step_data(self, form):
        # Keep only this form's own fields: junk keys in a POST never reach the session.
        own = {form.add_prefix(name) for name in form.fields}
        return {key: form.data.getlist(key) for key in own if key in form.data}

    def first_unanswered_step(self) -> str | None:
        for step in self.get_form_list():
            if self.get_cleaned_data_for_step(step) is None:
                return step
        return None

    def _is_after(self, step: str, reachable: str | None) -> bool:
        if reachable is None:
            return False
        steps = list(self.get_form_list())
        return steps.index(step) > steps.index(reachable)

    def _check_known(self, step: str) -> None:
        if step not in self.form_list:
            raise Http404("No such question.")

    def _resume_step(self) -> str:
        current = self.storage.current_step
        if current in self.get_form_list() and not self._is_after(
            current, self.first_unanswered_step()
        ):
            return current
        return self.first_unanswered_step() or self.steps.first

    def _keep(self, step, form) -> None:
        self.storage.set_step_data(step, self.process_step(form))

    def _start_over(self, slug: str) -> None:
        self.storage.reset()
        self.storage.current_step = self.steps.first
        # Only a well-formed slug reaches the database (no NUL bytes, no 10 kB strings).
        well_formed = len(slug) <= 80 and slug_re.match(slug)
        session_type = (
            SessionType.objects.active().filter(slug=slug).first() if well_formed else None
        )
        if session_type is not None:
            self.storage.extra_data = {
                "started_from": session_type.pk,
                "started_from_name": session_type.name,
                "prefill": prefill_for(
                    kind=session_type.kind,
                    location=session_type.location,
                    looks=session_type.looks,
                    max_people=session_type.max_people,
                ),
            }

    def _started_from(self) -> SessionType | None:
        pk = self.storage.extra_data.get("started_from")
        return SessionType.objects.filter(pk=pk).first() if isinstance(pk, int) else None

    def render(self, form=None, status=200, **kwargs):
        form = form or self.get_form()
        form.prepare_for_display()
        context = self.get_context_data(form=form, **kwargs)
        return self.render_to_response(context, status=status)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list())
        index = steps.index(self.steps.current)
        # Until the first question is answered the number asked is not known yet: "of up
        # to 8", never a total that later shrinks without a word.
        count_known = self.get_cleaned_data_for_step(FIRST_STEP) is not None
        context.update(
            progress=self._progress(steps),
            step_number=index + 1,
            step_count=len(steps),
            count_known=count_known,
            percent=round(100 * (index + 1) / len(steps)),
            previous_step=steps[index - 1] if index else None,
            is_last=index == len(steps) - 1,
            started_from_name=self.storage.extra_data.get("started_from_name", ""),
        )
        return context

    def _progress(self, steps: list[str]) -> list[dict]:
        """The steps asked, each with its state; answered ones are links back to them."""
        reachable = self.first_unanswered_step()
        titles = {step.name: step.title for step in STEPS}
        progress = []
        for step in steps:
            if step == self.steps.current:
                state = "current"
            elif self.get_cleaned_data_for_step(step) is not None:
                state = "done"
            else:
                state = "todo"
            progress.append(
                {
                    "title": titles[step],
                    "url": self.get_step_url(step),
                    "state": state,
                    "reachable": not self._is_after(step, reachable),
                }
            )
        return progress


intake_wizard = IntakeWizard.as_view(url_name="intake:step", done_step_name="finish")


def _booking_path(session_type: SessionType) -> str:
    return reverse("bookings:book", args=[session_type.slug])


@require_http_methods(["GET", "POST"])
def result(request):
    intake = intake_by_id(request.session.get(RESULT_SESSION_KEY))
    if intake is None:
        messages.info(request, _("Answer a few questions first and we will recommend a session."))
        return redirect("intake:start")
    status = 200
    if request.method == "POST":
        form = ChooseSessionForm(request.POST)
        if form.is_valid():
            session_type = form.cleaned_data["session_type"]
            try:
                choose_session_type(intake=intake, session_type=session_type)
            except IntakeError as error:
                messages.error(request, error.message)
            else:
                request.session[BOOKING_SESSION_KEY] = intake.pk
                return redirect(_booking_path(session_type))
        else:
            messages.error(request, form.errors["session_type"][0])
        status = 400
    context = {"result": intake_result(intake), "answers": describe_answers(intake.answers)}
    return render(request, "bookings/intake/result.html", context, status=status)
