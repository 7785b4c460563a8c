"""Points per answer: the table recommend() adds up. Change the weights here.

Each answer gives one or more kinds some points, with a sentence that says why
(shown to the visitor) and a short hint (used in "it came close because of ...").
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

HEADSHOT, PORTRAIT, HYBRID = "headshot", "portrait", "hybrid"


@dataclass(frozen=True)
class Signal:
    kind: str
    points: int
    reason: str  # a full sentence tied to an answer
    hint: str  # a short phrase for "it came close because of ..."


# (answer key, answer code) -> signals, one entry per answer so the weights are easy to compare.
def answer_table() -> dict[tuple[str, str], tuple[Signal, ...]]:
    return {
        ("purpose", "credible"): (
            Signal(
                HEADSHOT,
                2,
                _("You want to look credible and approachable, which is what a headshot is for."),
                _("wanting to look credible"),
            ),
        ),
        ("purpose", "story"): (
            Signal(
                HYBRID,
                2,
                _(
                    "Showing who you are and what you do takes more than a face: pictures of "
                    "you at work, alongside a profile photo."
                ),
                _("showing what you do"),
            ),
            Signal(
                PORTRAIT,
                1,
                _("Showing who you are is storytelling, which portraits do best."),
                _("telling your story"),
            ),
        ),
        ("purpose", "expressive"): (
            Signal(
                PORTRAIT,
                3,
                _(
                    "You want creative, expressive pictures: a portrait session has the time "
                    "and the light for mood and character."
                ),
                _("wanting expressive pictures"),
            ),
        ),
        ("purpose", "mix"): (
            Signal(
                HYBRID,
                2,
                _(
                    "You'd like a mix, from credible to personal: a personal branding session "
                    "moves through both."
                ),
                _("wanting a mix of looks"),
            ),
        ),
        ("framing", "head_shoulders"): (
            Signal(
                HEADSHOT,
                3,
                _("Head and shoulders is the classic headshot frame, tight on your face."),
                _("the head-and-shoulders framing"),
            ),
        ),
        ("framing", "three_quarter"): (
            Signal(
                PORTRAIT,
                1,
                _("Three-quarter framing shows posture and a little of the setting."),
                _("the three-quarter framing"),
            ),
            Signal(
                HYBRID,
                1,
                _("Three-quarter shots leave room for text on a website or a flyer."),
                _("the three-quarter framing"),
            ),
        ),
        ("framing", "full_length"): (
            Signal(
                PORTRAIT,
                3,
                _(
                    "Full-length pictures need space, styling and a setting: a portrait "
                    "session allows for all three."
                ),
                _("the full-length framing"),
            ),
        ),
        ("light", "bright"): (
            Signal(
                HEADSHOT,
                2,
                _("Bright, even light flatters faces and keeps a headshot clean and current."),
                _("bright, even light"),
            ),
        ),
        ("light", "natural"): (
            Signal(
                PORTRAIT,
                1,
                _("Soft natural light suits relaxed pictures away from a plain backdrop."),
                _("natural light"),
            ),
            Signal(
                HYBRID,
                1,
                _("Natural light makes the working shots of a branding session feel candid."),
                _("natural light"),
            ),
        ),
        ("light", "dramatic"): (
            Signal(
                PORTRAIT,
                3,
                _("Dramatic, cinematic light takes time to shape and belongs in a portrait."),
                _("dramatic light"),
            ),
        ),
        ("place", "studio"): (
            Signal(
                HEADSHOT,
                2,
                _("A clean studio backdrop keeps all the attention on your face."),
                _("the studio backdrop"),
            ),
        ),
        ("place", "meaningful"): (
            Signal(
                PORTRAIT,
                3,
                _("A place that means something to you adds story that a backdrop cannot."),
                _("a meaningful place"),
            ),
            Signal(
                HYBRID,
                2,
                _("Pictures in your own workplace or setting are the heart of a branding session."),
                _("your own setting"),
            ),
        ),
        ("styling", "none"): (
            Signal(
                HEADSHOT,
                2,
                _("One outfit and no props fits a headshot session perfectly."),
                _("keeping to one outfit"),
            ),
        ),
        ("styling", "few"): (
            Signal(
                HEADSHOT,
                1,
                _("One or two outfit changes fit comfortably into a headshot session."),
                _("one or two outfits"),
            ),
            Signal(
                HYBRID,
                1,
                _("A change of outfit lets one session cover profile and marketing pictures."),
                _("one or two outfits"),
            ),
        ),
        ("styling", "several"): (
            Signal(
                PORTRAIT,
                2,
                _("Several looks and props need the longer time of a portrait session."),
                _("several looks and props"),
            ),
            Signal(
                HYBRID,
                2,
                _("Several looks let a branding session cover every place you'll use them."),
                _("several looks"),
            ),
        ),
        ("field", "traditional"): (
            Signal(
                HEADSHOT,
                2,
                _("In corporate, law, finance and medicine people expect a clean, classic photo."),
                _("your traditional field"),
            ),
        ),
        ("field", "creative"): (
            Signal(
                PORTRAIT,
                2,
                _("In a creative field a photo with personality says more than a plain headshot."),
                _("your creative field"),
            ),
        ),
        ("field", "mixed"): (
            Signal(
                HYBRID,
                1,
                _(
                    "Working across traditional and creative worlds, you'll use both a classic "
                    "photo and a more personal one."
                ),
                _("working across both worlds"),
            ),
        ),
    }
