"""The wizard's steps over HTTP: flow, skip rules, back, errors, tampering, the result page."""

import re

import pytest
from django import forms
from django.contrib.messages import get_messages

from bookings.intake import views as intake_views
from bookings.intake.forms import STEP_FORMS
from bookings.intake.services import record_intake
from bookings.intake.session_keys import BOOKING_SESSION_KEY, RESULT_SESSION_KEY
from bookings.models import IntakeResponse
from tests.bookings.intake_steps import answer, answer_until, finish, step_url
from tests.factories import GuideFactory, IntakeResponseFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return {
        "headshot": SessionTypeFactory(
            kind="headshot",
            slug="headshot",
            name="Crisp headshot",
            order=1,
            max_people=1,
            what_happens="We chat, then shoot in short bursts.",
            looks=2,
            location="studio",
        ),
        "hybrid": SessionTypeFactory(kind="hybrid", slug="branding", name="Brand day", order=2),
        "portrait": SessionTypeFactory(
            kind="portrait",
            slug="portrait",
            name="Story portrait",
            order=3,
            max_people=6,
            location="location",
            looks=3,
        ),
    }


def show_result(client, answers: dict):
    """Puts a saved intake in the visitor's session, as the last step does."""
    intake = record_intake(answers=answers)
    session = client.session
    session[RESULT_SESSION_KEY] = intake.pk
    session.save()
    return intake


def body(response) -> str:
    return response.content.decode()


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def checked(page: str, value: str) -> bool:
    """Whether the option input with this value is checked in the page."""
    tag = page[page.index(f'value="{value}"') :]
    return " checked" in tag[: tag.index(">")]


def stored(client) -> dict:
    return client.session["wizard_intake"]["step_data"]


# -- the flow ------------------------------------------------------------------------------


def test_start_redirects_to_the_first_question_with_progress(client):
    response = client.get("/which-session/")
    assert response.status_code == 302
    assert response["Location"] == step_url("uses")
    page = body(client.get(step_url("uses")))
    assert "Step 1 of up to 8" in page
    assert '<progress max="8" value="1"' in page
    assert '<h1 class="intake-title">Where will the photos be used?</h1>' in page
    assert 'aria-current="step"' in page
    assert "autofocus" in page
    assert 'name="wizard_goto_step"' not in page  # no Back on the first step


def test_whole_wizard_saves_one_response_only_at_the_end(client, offer):
    answer_until(client, "about")
    assert IntakeResponse.objects.count() == 0  # an unfinished wizard leaves no row
    response = answer(client, "about", {"about-field": "traditional", "about-notes": "Glasses"})
    assert response.status_code == 302
    assert response["Location"] == "/which-session/result/"
    intake = IntakeResponse.objects.get()
    assert intake.answers["uses"] == ["company", "wall_art"]
    assert intake.answers["notes"] == "Glasses"
    assert client.session[RESULT_SESSION_KEY] == intake.pk
    assert BOOKING_SESSION_KEY not in client.session


def test_abandoning_the_wizard_leaves_no_row(client):
    answer_until(client, "styling")
    client.get("/")
    client.get(step_url("purpose"))
    assert IntakeResponse.objects.count() == 0


def _counter(page: str) -> tuple[int, int, bool]:
    found = re.search(r"Step (\d+) of (up to )?(\d+)</p>", page)
    assert found, page[:500]
    return int(found[1]), int(found[3]), bool(found[2])


@pytest.mark.parametrize(
    "uses", [["linkedin"], ["casting"], ["badge"], ["avatar"], ["company", "wall_art"], ["other"]]
)
def test_the_counter_moves_one_step_at_a_time_and_keeps_its_total(client, uses):
    # The old counter said "Step 1 of 8" and then "Step 2 of 7".
    seen = [_counter(body(client.get("/which-session/", follow=True)))]
    data = {"uses-uses": uses, "uses-uses_other": "a zine" if "other" in uses else ""}
    response = answer(client, "uses", data)
    while response["Location"] != "/which-session/result/":
        step = response["Location"].rstrip("/").rsplit("/", 1)[-1]
        seen.append(_counter(body(client.get(response["Location"]))))
        response = answer(client, step)
    first, *rest = seen
    assert first == (1, 8, True)  # "of up to 8" until the first answer says how many
    assert [number for number, _count, _up_to in rest] == list(range(2, len(rest) + 2))
    assert {(count, up_to) for _number, count, up_to in rest} <= {(len(rest) + 1, False)}
    fractions = [number / count for number, count, _up_to in seen]
    assert fractions == sorted(fractions) and len(set(fractions)) == len(fractions)


def test_changing_the_first_answer_says_how_many_questions_there_are_now(client):
    answer_until(client, "framing", uses=["casting"])
    assert _counter(body(client.get(step_url("uses")))) == (1, 4, False)
    response = answer(client, "uses", {"uses-uses": ["casting", "portfolio"]})
    assert "there are now 8 questions in all" in flashed(response)[0]
    assert _counter(body(client.get(response["Location"])))[1:] == (8, False)


def test_keeping_the_same_number_of_questions_says_nothing(client):
    answer_until(client, "framing", uses=["linkedin"])
    response = answer(client, "uses", {"uses-uses": ["speaker"]})
    assert flashed(response) == []


def test_progress_counts_only_the_questions_asked(client):
    answer(client, "uses", {"uses-uses": ["casting"]})
    page = body(client.get(step_url("framing")))
    assert "Step 2 of 4" in page
    for title in ("Uses", "Framing", "Styling", "About you"):
        assert title in page
    assert "Light" not in page


def test_casting_skips_to_framing_and_saves_no_skipped_answers(client, offer):
    response = answer(client, "uses", {"uses-uses": ["casting"]})
    assert response["Location"] == step_url("framing")
    answer(client, "framing")
    assert answer(client, "styling")["Location"] == step_url("about")
    answer(client, "about")
    intake = IntakeResponse.objects.get()
    assert set(intake.answers) == {"uses", "framing", "styling", "field"}
    assert intake.recommended_kind == "headshot"


def test_changing_an_early_answer_drops_answers_to_questions_now_skipped(client):
    answer_until(client, "about", uses=["wall_art"])
    answer(client, "uses", {"uses-uses": ["casting"]})
    answer(client, "framing")
    answer(client, "styling")
    answer(client, "about")
    assert "purpose" not in IntakeResponse.objects.get().answers


def test_a_skipped_question_redirects_to_where_the_visitor_is(client):
    answer(client, "uses", {"uses-uses": ["badge"]})
    response = client.get(step_url("light"))
    assert response["Location"] == step_url("about")
    response = answer(client, "light")
    assert response["Location"] == step_url("about")
    assert "does not apply" in flashed(response)[0]


# -- back -------------------------------------------------------------------------------


def test_back_keeps_this_answer_and_shows_the_previous_one(client):
    answer_until(client, "people")
    response = client.post(
        step_url("people"), {"people-people": "two", "wizard_goto_step": "purpose"}
    )
    assert response["Location"] == step_url("purpose")
    page = body(client.get(step_url("purpose")))
    assert checked(page, "credible")
    assert not checked(page, "story")
    assert stored(client)["people"] == {"people-people": ["two"]}
    assert checked(body(client.get(step_url("people"))), "two")


def test_back_with_an_incomplete_page_keeps_the_earlier_answer(client):
    answer_until(client, "framing")
    client.post(step_url("people"), {"people-people": "group", "people-people_count": "5"})
    client.post(step_url("people"), {"people-people": "group", "wizard_goto_step": "purpose"})
    assert stored(client)["people"]["people-people_count"] == ["5"]


def test_back_to_a_step_not_yet_reached_is_refused_with_a_message(client):
    answer_until(client, "people")
    response = client.post(step_url("people"), {"wizard_goto_step": "about"})
    assert response.status_code == 400
    assert "That step is not available" in body(response)


def test_every_answered_step_stays_reachable_from_the_progress_links(client):
    answer_until(client, "place")
    page = body(client.get(step_url("uses")))
    for step in ("purpose", "people", "framing", "light", "place"):
        assert f'href="{step_url(step)}"' in page
    assert f'href="{step_url("styling")}"' not in page


# -- errors on every step ---------------------------------------------------------------

STEP_ERRORS = [
    ("uses", {}, "Please tick at least one answer to continue."),
    ("uses", {"uses-uses": ["moon"]}, "not one of the choices on this page"),
    ("uses", {"uses-uses": ["other"]}, "Tell us in a few words where else"),
    ("uses", {"uses-uses": ["linkedin"], "uses-uses_other": "x" * 201}, "under 200 characters"),
    ("purpose", {}, "Please choose one answer to continue."),
    ("purpose", {"purpose-purpose": "smug"}, "not one of the choices on this page"),
    ("people", {}, "Please choose one answer to continue."),
    ("people", {"people-people": "crowd"}, "not one of the choices on this page"),
    ("people", {"people-people": "group"}, "How many people will be in the picture?"),
    ("people", {"people-people": "group", "people-people_count": "2"}, "A group is three"),
    ("people", {"people-people": "group", "people-people_count": "500"}, "get in touch"),
    ("people", {"people-people": "group", "people-people_count": "many"}, "a whole number"),
    ("framing", {}, "Please choose one answer to continue."),
    ("framing", {"framing-framing": "toes"}, "not one of the choices on this page"),
    ("light", {"light-light": ""}, "Please choose one answer to continue."),
    ("light", {"light-light": ["bright", "dramatic", "x"]}, "not one of the choices"),
    ("place", {}, "Please choose one answer to continue."),
    ("place", {"place-place": "meaningful", "place-place_detail": "y" * 300}, "under 200"),
    ("styling", {"styling-styling": "\x00"}, "not one of the choices on this page"),
    ("about", {}, "Please choose one answer to continue."),
    ("about", {"about-field": "traditional", "about-notes": "z" * 5000}, "under 2000 characters"),
    ("about", {"about-field": "traditional", "about-notes": "nul\x00byte"}, "Null characters"),
]


@pytest.mark.parametrize(("step", "form_class"), STEP_FORMS)
def test_an_empty_answer_is_told_what_its_kind_of_question_wants(step, form_class):
    form = form_class(data={}, prefix=step)
    assert not form.is_valid()
    for name, field in form.fields.items():
        if not field.required:
            continue
        if isinstance(field, forms.MultipleChoiceField):
            assert form.errors[name] == ["Please tick at least one answer to continue."]
        elif isinstance(field, forms.ChoiceField):
            assert form.errors[name] == ["Please choose one answer to continue."]


@pytest.mark.parametrize(("step", "data", "message"), STEP_ERRORS)
def test_each_step_gives_bad_input_back_with_a_message_beside_the_field(
    client, step, data, message
):
    answer_until(client, step, uses=["company", "wall_art"])
    before = dict(stored(client))
    response = answer(client, step, data)
    page = body(response)
    assert response.status_code == 400
    assert message in page
    assert 'role="alert"' in page
    assert 'class="intake-error"' in page
    assert stored(client) == before  # nothing answered earlier is lost
    assert IntakeResponse.objects.count() == 0


def test_an_invalid_answer_is_shown_back_with_focus_on_the_field(client):
    answer_until(client, "people")
    page = body(answer(client, "people", {"people-people": "group", "people-people_count": "x"}))
    assert 'value="x"' in page  # what was typed is kept
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_people-people_count_helptext id_people-people_count_error"' in page
    count_input = page[page.index('name="people-people_count"') - 10 :]
    assert "autofocus" in count_input[: count_input.index(">")]


def test_a_huge_free_text_is_refused_not_stored(client):
    answer_until(client, "about")
    response = answer(client, "about", {"about-field": "creative", "about-notes": "n" * 1_000_000})
    assert response.status_code == 400
    assert "under 2000 characters" in body(response)
    assert "about" not in stored(client)


def test_junk_fields_in_a_post_never_reach_the_session(client):
    answer_until(client, "purpose")
    answer(client, "purpose", {"purpose-purpose": "credible", "evil": "x" * 10_000, "a": "b"})
    assert stored(client)["purpose"] == {"purpose-purpose": ["credible"]}


# -- tampered or expired state ----------------------------------------------------------


def test_a_step_skipped_by_hand_is_refused_and_its_answer_kept(client):
    answer_until(client, "purpose")
    response = answer(client, "about", {"about-field": "creative", "about-notes": "hi"})
    assert response.status_code == 302
    assert response["Location"] == step_url("purpose")
    assert "Please answer this question first." in flashed(response)
    assert stored(client)["about"]["about-field"] == ["creative"]


def test_opening_a_later_step_by_its_address_leads_back_to_the_first_unanswered(client):
    answer_until(client, "purpose")
    response = client.get(step_url("styling"))
    assert response["Location"] == step_url("purpose")


def test_an_expired_session_gets_the_first_step_back_with_a_message(client):
    response = answer(client, "light")
    assert response.status_code == 302
    assert response["Location"] == step_url("uses")
    assert "Your earlier answers have expired" in flashed(response)[0]
    assert IntakeResponse.objects.count() == 0


def test_tampered_stored_answers_send_the_visitor_back_to_that_question(client):
    answer_until(client, "about")
    session = client.session
    session["wizard_intake"]["step_data"]["purpose"] = {"purpose-purpose": ["forged"]}
    session.save()
    response = answer(client, "about")
    assert response["Location"] == step_url("purpose")
    assert IntakeResponse.objects.count() == 0


def test_garbage_wizard_state_in_the_session_is_treated_as_no_answers(client):
    session = client.session
    session["wizard_intake"] = {
        "step": "nope",
        "step_data": {"uses": {"uses-uses": ["casting"]}, "zz": {"x": ["y"]}},
        "step_files": {},
        "extra_data": {"started_from": "DROP TABLE", "prefill": {"purpose": "smug"}},
    }
    session.save()
    assert client.get("/which-session/")["Location"] == step_url("framing")
    assert client.get(step_url("framing")).status_code == 200
    finish(client, uses=["casting"])
    assert IntakeResponse.objects.get().started_from is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_step_is_not_found(client, method):
    assert getattr(client, method)("/which-session/no-such-step/").status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_finish_address_never_saves_by_itself(client, method):
    answer_until(client, "about")
    response = getattr(client, method)("/which-session/finish/")
    assert response["Location"] == step_url("about")
    assert IntakeResponse.objects.count() == 0


def test_start_again_clears_every_answer(client):
    answer_until(client, "light")
    response = client.post("/which-session/", {"reset": "1"})
    assert response["Location"] == step_url("uses")
    assert stored(client) == {}


def test_finishing_too_often_is_rate_limited(client, offer, monkeypatch):
    monkeypatch.setattr(intake_views, "FINISH_RATE", "2/h")
    finish(client)
    finish(client)
    answer_until(client, "about")
    response = answer(client, "about")
    assert response.status_code == 429
    assert "please wait" in body(response)
    assert IntakeResponse.objects.count() == 2


# -- pre-filled from a session type -----------------------------------------------------


def test_starting_from_a_session_type_prefills_and_records_it(client, offer):
    response = client.get("/which-session/?session=portrait")
    assert response["Location"] == step_url("uses")
    page = body(client.get(step_url("uses")))
    assert "You came from the Story portrait page" in page
    answer(client, "uses", {"uses-uses": ["wall_art"]})
    page = body(client.get(step_url("purpose")))
    assert checked(page, "expressive")
    finish(client, uses=["wall_art"])
    assert IntakeResponse.objects.get().started_from == offer["portrait"]


def test_an_unknown_or_retired_session_slug_starts_a_plain_wizard(client, offer):
    offer["hybrid"].is_active = False
    offer["hybrid"].save()
    for slug in ("nope", "branding", "x" * 500, "\x00"):
        client.get(f"/which-session/?session={slug}")
        assert "You came from" not in body(client.get(step_url("uses")))


def test_starting_from_a_session_type_discards_answers_in_progress(client, offer):
    answer_until(client, "light")
    client.get("/which-session/?session=headshot")
    assert stored(client) == {}


# -- the result page --------------------------------------------------------------------


def test_result_without_a_finished_wizard_sends_the_visitor_to_the_start(client):
    response = client.get("/which-session/result/")
    assert response["Location"] == "/which-session/"
    assert "Answer a few questions first" in flashed(response)[0]
    assert client.post("/which-session/result/", {"session_type": "x"}).status_code == 302


def test_result_shows_the_recommendation_reasons_runner_up_and_guide(
    client, offer, django_assert_max_num_queries
):
    GuideFactory(kind="headshot", slug="before-your-headshot", title="Before your headshot")
    GuideFactory(kind="portrait", slug="portrait-guide")
    finish(client, uses=["linkedin"])
    with django_assert_max_num_queries(6):
        response = client.get("/which-session/result/")
    page = body(response)
    assert response.status_code == 200
    assert "We recommend: Crisp headshot" in page
    assert "<dd>1 h</dd>" in page and "£200" in page and "£50" in page
    assert "We chat, then shoot in short bursts." in page
    assert "You&#x27;ll use it on LinkedIn" in page
    assert "Runner-up" in page and "Brand day" in page
    assert "Nothing you told us needs both kinds of picture." in page
    assert 'href="/guides/before-your-headshot/"' in page
    assert 'href="/guides/portrait-guide/"' not in page
    assert page.count('name="session_type"') == 3
    assert "Choose Story portrait instead" in page
    assert "LinkedIn or your CV" in page  # the answers, in words


def test_result_has_no_guide_link_when_no_guide_matches(client, offer):
    GuideFactory(kind="", slug="general")
    finish(client)
    main = body(client.get("/which-session/result/")).split("<main")[1].split("</main>")[0]
    assert "/guides/" not in main  # (the footer links the guides page on every page)


def test_result_escapes_what_the_visitor_typed(client, offer):
    answer_until(client, "about")
    answer(client, "about", {"about-field": "creative", "about-notes": "<script>alert(1)</script>"})
    page = body(client.get("/which-session/result/"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_book_this_session_records_the_choice_and_starts_the_booking(client, offer):
    finish(client, uses=["linkedin"])
    response = client.post("/which-session/result/", {"session_type": "headshot"})
    assert response.status_code == 302
    assert response["Location"] == "/book/headshot/"
    intake = IntakeResponse.objects.get()
    assert intake.chosen_session_type == offer["headshot"]
    assert client.session[BOOKING_SESSION_KEY] == intake.pk


def test_choosing_another_type_instead_is_kept_too(client, offer):
    finish(client, uses=["linkedin"])
    response = client.post("/which-session/result/", {"session_type": "portrait"})
    assert response["Location"] == "/book/portrait/"
    intake = IntakeResponse.objects.get()
    assert intake.recommended_kind == "headshot"
    assert intake.chosen_session_type == offer["portrait"]


@pytest.mark.parametrize(
    "value", ["", "no-such-type", "../admin", "x" * 500, "retired", "head shot\x00"]
)
def test_choosing_a_session_that_is_not_offered_gives_the_page_back(client, offer, value):
    SessionTypeFactory(slug="retired", is_active=False)
    finish(client)
    response = client.post("/which-session/result/", {"session_type": value})
    assert response.status_code == 400
    assert 'class="alert alert-danger"' in body(response)
    assert "choose" in body(response).lower()
    assert IntakeResponse.objects.get().chosen_session_type is None
    assert BOOKING_SESSION_KEY not in client.session


def test_result_when_the_kind_is_not_offered_online_lists_what_is(client):
    SessionTypeFactory(kind="headshot", name="Only headshots", slug="only")
    show_result(client, {"uses": ["wall_art"], "purpose": "expressive", "light": "dramatic"})
    page = body(client.get("/which-session/result/"))
    assert "A portrait session would suit you" in page
    assert "Only headshots" in page
    assert "Book this session" not in page


def test_result_warns_when_more_people_than_the_session_allows(client, offer):
    show_result(client, {"uses": ["wall_art"], "people": "group", "people_count": 9})
    page = body(client.get("/which-session/result/"))
    assert "We recommend: Story portrait" in page
    assert "You told us 9 people" in page


def test_result_is_only_ever_the_visitors_own(client, offer):
    IntakeResponseFactory(answers={"notes": "someone else's secret"})
    assert client.get("/which-session/result/").status_code == 302


def test_change_my_answers_reopens_the_wizard_with_them(client, offer):
    finish(client, uses=["linkedin"])
    assert client.get("/which-session/")["Location"] == step_url("uses")
    page = body(client.get(step_url("uses")))
    assert checked(page, "linkedin")
    assert not checked(page, "company")


def test_a_step_costs_a_handful_of_queries_however_far_the_visitor_is(
    client, django_assert_max_num_queries
):
    answer_until(client, "about")
    # Session read, studio profile, session write (+ its savepoint pair): no per-step growth.
    with django_assert_max_num_queries(5):
        assert client.get(step_url("styling")).status_code == 200
    with django_assert_max_num_queries(5):
        assert answer(client, "styling").status_code == 302


def test_result_for_someone_who_needs_both_offers_the_hybrid_and_each_single_kind(client, offer):
    show_result(client, {"uses": ["casting", "portfolio"], "purpose": "mix", "field": "creative"})
    page = body(client.get("/which-session/result/"))
    assert "We recommend: Brand day" in page
    assert 'id="needs-both"' in page and "You need both kinds of picture" in page
    assert "Or book one kind at a time" in page
    for session in ("headshot", "portrait"):
        assert f'name="session_type" value="{session}"' in page


def test_result_for_a_single_kind_does_not_claim_both_are_needed(client, offer):
    show_result(client, {"uses": ["linkedin"], "purpose": "credible"})
    page = body(client.get("/which-session/result/"))
    assert "We recommend: Crisp headshot" in page
    assert "You need both kinds of picture" not in page


# -- the wizard's own code ----------------------------------------------------------------


def test_the_step_forms_follow_the_one_definition_of_the_steps():
    from bookings.intake import STEPS

    assert [name for name, _form in STEP_FORMS] == [step.name for step in STEPS]
    for (_name, form_class), step in zip(STEP_FORMS, STEPS, strict=True):
        assert tuple(form_class.base_fields) == step.keys


def test_a_form_out_of_step_with_steps_fails_at_import(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from bookings.intake import forms as intake_forms
    from bookings.intake.questions import Step

    moved = (Step("uses", "Uses", ("uses",)), *intake_forms.STEPS[1:])
    monkeypatch.setattr(intake_forms, "STEPS", moved)
    with pytest.raises(ImproperlyConfigured):
        intake_forms._step_forms()


def test_a_wizard_in_progress_under_formtools_carries_on(client):
    # The wizard kept django-formtools' session layout when it left formtools behind.
    session = client.session
    session["wizard_intake"] = {
        "step": "purpose",
        "step_data": {
            "uses": {"uses-uses": ["company"]},
            "purpose": {"purpose-purpose": ["story"]},
        },
        "step_files": {"uses": {}, "purpose": {}},
        "extra_data": {},
    }
    session.save()
    assert client.get("/which-session/")["Location"] == step_url("purpose")
    assert checked(body(client.get(step_url("purpose"))), "story")
