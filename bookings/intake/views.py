"""The intake wizard ("Which session do I need?") and its result page.

Server-side steps, one URL per step so the browser's back button and bookmarks work;
the answers wait in the visitor's session (`WizardState`). Every write happens on POST;
a finished wizard is one IntakeResponse row, an unfinished one leaves nothing in the
database. Only the first step's answer decides which later steps are asked.
"""

from django.contrib import messages
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from studio import counters
from studio.models import SessionType

from . import STEPS, is_asked, prefill_for
from .forms import STEP_FORMS, ChooseSessionForm
from .questions import describe_answers
from .selectors import intake_by_id, intake_result
from .services import IntakeError, choose_session_type, record_intake
from .session_keys import BOOKING_SESSION_KEY, RESULT_SESSION_KEY

FINISH_RATE = "30/h"
FORMS = dict(STEP_FORMS)
FIRST_STEP = STEPS[0].name
FINISH = "finish"  # not a step: an address that only sends the visitor to their step


class WizardState:
    """The wizard's answers in the session: each step's posted fields (lists of strings,
    as a form reads them), the step shown last, and the session type it started from.

    Whatever the session holds is read defensively: an answer that is not a form's data
    counts as no answer, so a tampered or stale session is asked again, never a 500.
    """

    KEY = "wizard_intake"  # formtools' key and layout, so wizards in progress carry on

    def __init__(self, session):
        self.session = session
        raw = session.get(self.KEY)
        raw = raw if isinstance(raw, dict) else {}
        data = raw.get("step_data") if isinstance(raw.get("step_data"), dict) else {}
        self.answers = {
            step: values for step, values in data.items() if step in FORMS and _is_form_data(values)
        }
        self.current = raw.get("step") if raw.get("step") in FORMS else None
        self.extra = raw.get("extra_data") if isinstance(raw.get("extra_data"), dict) else {}

    def save(self) -> None:
        self.session[self.KEY] = {
            "step": self.current,
            "step_data": self.answers,
            "extra_data": self.extra,
        }

    def keep(self, step: str, form) -> None:
        """Keeps only the form's own fields: junk keys in a POST never reach the session."""
        own = {form.add_prefix(name) for name in form.fields}
        self.answers[step] = {key: form.data.getlist(key) for key in own if key in form.data}

    def form(self, step: str, data=None):
        """The step's form, bound to `data`, else to its kept answer (unbound if none)."""
        if data is None and step in self.answers:
            data = MultiValueDict(self.answers[step])
        prefill = self.extra.get("prefill")
        prefill = prefill if isinstance(prefill, dict) else {}
        initial = {key: value for key, value in prefill.items() if key in FORMS[step].base_fields}
        return FORMS[step](data=data, prefix=step, initial=initial)

    def cleaned(self, step: str) -> dict | None:
        form = self.form(step) if step in self.answers else None
        return form.cleaned_data if form is not None and form.is_valid() else None

    def asked(self) -> list[str]:
        """The steps asked, in order: the first step's answer decides (recomputed each time)."""
        uses = self.cleaned(FIRST_STEP) or {}
        return [step for step in FORMS if is_asked(step, uses)]

    def reachable(self) -> str | None:
        """The first step without a valid answer; None when every asked step has one."""
        return next((step for step in self.asked() if self.cleaned(step) is None), None)

    def is_after(self, step: str, reachable: str | None) -> bool:
        steps = self.asked()
        return reachable is not None and steps.index(step) > steps.index(reachable)

    def resume(self) -> str:
        """Where a visitor coming back carries on: the step shown last, if still open."""
        current = self.current
        if current in self.asked() and not self.is_after(current, self.reachable()):
            return current
        return self.reachable() or FIRST_STEP

    def start_over(self, slug: str) -> None:
        """No answers; pre-filled from the session type `slug` names, if it is offered."""
        self.answers, self.current, self.extra = {}, FIRST_STEP, {}
        # Only a well-formed slug reaches the database (no NUL bytes, no 10 kB strings).
        well_formed = len(slug) <= 80 and slug_re.match(slug)
        found = SessionType.objects.active().filter(slug=slug).first() if well_formed else None
        if found is not None:
            self.extra = {
                "started_from": found.pk,
                "started_from_name": found.name,
                "prefill": prefill_for(
                    kind=found.kind,
                    location=found.location,
                    looks=found.looks,
                    max_people=found.max_people,
                ),
            }


def _is_form_data(values) -> bool:
    return isinstance(values, dict) and all(
        isinstance(value, list) and all(isinstance(item, str) for item in value)
        for value in values.values()
    )


def _step_url(step: str) -> str:
    return reverse("intake:step", kwargs={"step": step})


class IntakeWizard(View):
    """One question per page; GET shows a step, POST keeps its answer and moves on."""

    def dispatch(self, request, *args, step=None, **kwargs):
        if step not in (None, FINISH, *FORMS):
            raise Http404("No such question.")
        self.state = WizardState(request.session)
        response = super().dispatch(request, step)
        self.state.save()
        return response

    def get(self, request, step):
        state = self.state
        if step is None and "session" in request.GET:
            # A link from a session type's page starts afresh, pre-filled from that type.
            state.start_over(request.GET["session"])
        if step in (None, FINISH) or step not in state.asked():
            return redirect(_step_url(state.resume()))
        reachable = state.reachable()
        if state.is_after(step, reachable):
            messages.info(request, _("Please answer this question first."))
            return redirect(_step_url(reachable))
        state.current = step
        return self.render(step, state.form(step))

    def post(self, request, step):
        state = self.state
        if step is None and "reset" in request.POST:
            state.start_over("")
        if step in (None, FINISH):
            return redirect(_step_url(state.resume()))
        if step not in state.asked():
            messages.info(request, _("That question does not apply to your answers any more."))
            return redirect(_step_url(state.resume()))
        form = state.form(step, data=request.POST)
        reachable = state.reachable()
        if state.is_after(step, reachable):
            return self._refuse_jump(step, form, reachable)
        state.current = step
        if "wizard_goto_step" in request.POST:
            return self._go_back(step, form, request.POST["wizard_goto_step"])
        if not form.is_valid():
            return self.render(step, form, status=400)
        first_answer, asked_before = not state.answers, len(state.asked())
        state.keep(step, form)
        if step == FIRST_STEP and not first_answer:
            self._tell_if_count_changed(asked_before)
        if first_answer:  # counted for the dashboard's insights; nothing about the visitor
            counters.bump(counters.WIZARD_STARTED)
        steps = state.asked()
        if step == steps[-1]:
            return self._finish(step, form)
        state.current = steps[steps.index(step) + 1]
        return redirect(_step_url(state.current))

    def _go_back(self, step, form, target):
        # Back keeps what was entered on this page when it is a valid answer.
        if form.is_valid():
            self.state.keep(step, form)
        if target not in self.state.asked() or self.state.is_after(target, self.state.reachable()):
            form.add_error(None, _("That step is not available. Please use the buttons below."))
            return self.render(step, form, status=400)
        return redirect(_step_url(target))

    def _refuse_jump(self, step, form, reachable):
        # A step posted before the ones it depends on: a hand-made request or an expired
        # session. Keep this answer if it is valid, then send the visitor where they left off.
        expired = not self.state.answers
        if form.is_valid():
            self.state.keep(step, form)
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
        return redirect(_step_url(reachable))

    def _finish(self, step, form):
        # Re-check every step from the session: nothing reaches the database unvalidated.
        answers = {}
        for asked in self.state.asked():
            cleaned = self.state.cleaned(asked)
            if cleaned is None:
                messages.warning(self.request, _("Please check this answer."))
                return redirect(_step_url(asked))
            answers.update(cleaned)
        if is_ratelimited(
            self.request, group="intake:finish", key="ip", rate=FINISH_RATE, increment=True
        ):
            form.add_error(
                None, _("You have finished the questions many times this hour; please wait.")
            )
            return self.render(step, form, status=429)
        pk = self.state.extra.get("started_from")
        started_from = SessionType.objects.filter(pk=pk).first() if isinstance(pk, int) else None
        intake = record_intake(answers=answers, started_from=started_from)
        self.request.session[RESULT_SESSION_KEY] = intake.pk
        # The answers stay in the wizard so "Change my answers" starts from them.
        self.state.current = FIRST_STEP
        return redirect("intake:result")

    def _tell_if_count_changed(self, asked_before: int) -> None:
        asked_now = len(self.state.asked())
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

    def render(self, step, form, status=200):
        form.prepare_for_display()
        steps = self.state.asked()
        index = steps.index(step)
        context = {
            "form": form,
            "step": step,
            "progress": self._progress(step, steps),
            "step_number": index + 1,
            "step_count": len(steps),
            # Until the first question is answered the number asked is not known yet: "of
            # up to 8", never a total that later shrinks without a word.
            "count_known": self.state.cleaned(FIRST_STEP) is not None,
            "percent": round(100 * (index + 1) / len(steps)),
            "previous_step": steps[index - 1] if index else None,
            "is_last": index == len(steps) - 1,
            "started_from_name": self.state.extra.get("started_from_name", ""),
        }
        return render(self.request, "bookings/intake/step.html", context, status=status)

    def _progress(self, current: str, steps: list[str]) -> list[dict]:
        """The steps asked, each with its state; answered ones are links back to them."""
        reachable = self.state.reachable()
        titles = {step.name: step.title for step in STEPS}
        return [
            {
                "title": titles[step],
                "url": _step_url(step),
                "state": "current"
                if step == current
                else ("done" if self.state.cleaned(step) is not None else "todo"),
                "reachable": not self.state.is_after(step, reachable),
            }
            for step in steps
        ]


intake_wizard = IntakeWizard.as_view()


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
