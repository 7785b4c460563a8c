"""Points per answer: the table recommend() adds up. Change the weights here.

Every weight follows a sentence of the studio's five articles on headshots and portraits,
cited as A0..A4:

- A0 "Headshot or portrait? What's the difference between a portrait and a headshot?"
- A1 "Professional headshots vs portraits"
- A2 "What's the difference between a headshot and a portrait?" (with personal branding)
- A3 "What is the difference between a portrait and a headshot?" (cropping, subjects,
  mood, environment)
- A4 the untitled article opening "A headshot and a portrait are both close-up
  photographs of a person's face" (headshots functional, portraits expressive)

Each answer gives one kind some points, with a sentence shown to the visitor and a short
hint used in "it came close because of ...". The points of the signals recommend.py
builds from several answers at once (the uses together, the people) are named below too. Answers the
articles treat as fitting both kinds (natural light, one or two outfits, "not sure")
give no points at all, so they never tip the balance.

The uses also say which kind of picture is *needed*: a session that cannot deliver a
needed kind cannot be recommended, however the other answers lean (see recommend.py).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

HEADSHOT, PORTRAIT, HYBRID = "headshot", "portrait", "hybrid"

# The kinds of picture each session delivers (A0: a hybrid is clean headshots plus a set
# of expressive portraits; A2: branding sessions include headshots and portraits).
DELIVERS: dict[str, frozenset[str]] = {
    HEADSHOT: frozenset({HEADSHOT}),
    PORTRAIT: frozenset({PORTRAIT}),
    HYBRID: frozenset({HEADSHOT, PORTRAIT}),
}

# Uses that need a headshot: a face read at a glance, often small, whose format the
# viewer expects (A0: business profiles, LinkedIn, casting sites, social media bios;
# A2: company websites, team pages, speaker bios, press; A3: auditions, ID badges,
# website and social media profiles; A4: email signatures, dating apps, avatars).
PROFILE_USES = ("linkedin", "company", "speaker", "badge", "avatar", "social")
# Uses that need a portrait: a picture seen large that tells something about the person
# (A0: editorials, portfolio books, social media content, home display; A3: book
# jackets, blog and social media posts, framed art on the wall; A4: editorial work).
STORY_USES = ("portfolio", "content", "editorial", "wall_art")
# Uses that need both (A2: a personal brand is best served by a session that includes
# a polished headshot and lifestyle portraits). Casting needs a headshot (A4: "the
# industry standard for submissions is a headshot").
BOTH_USES = ("brand",)
# "My own website" needs neither by itself: A0 lists websites under headshots and under
# portraits, so what the picture should say decides. "Somewhere else" is free text for
# the photographer and never scores.


# Answers that give no points, and why: A0 lists natural light under both headshots and
# portraits; one or two outfits fit either session; "not sure", "no preference", "either"
# and "neither" say nothing; one person is the default of every session. People in a
# group or couple are weighed in recommend.py (A0, A3).
NEUTRAL_ANSWERS = frozenset(
    {
        ("framing", "not_sure"),
        ("light", "natural"),
        ("light", "no_preference"),
        ("place", "either"),
        ("styling", "few"),
        ("field", "neither"),
        ("people", "just_me"),
        ("people", "two"),
        ("people", "group"),
    }
)
NEUTRAL_USES = ("website", "other")

# Points of the signals recommend.py builds from the people (the uses' are in use_weights).
# A3: headshots are of a single subject, so a team page is a row of single headshots.
TEAM_POINTS = 2
# A0: families and couples are portrait clients; A3: a portrait can hold several people.
GROUP_POINTS = 4
# A0, A2, A3: profile uses call for a headshot; each further one (up to three) adds a point.
PROFILE_POINTS = (3, 4, 5)


def needs_of(use: str) -> frozenset[str]:
    if use in PROFILE_USES or use == "casting":
        return frozenset({HEADSHOT})
    if use in STORY_USES:
        return frozenset({PORTRAIT})
    if use in BOTH_USES:
        return frozenset({HEADSHOT, PORTRAIT})
    return frozenset()


def use_phrases() -> dict[str, str]:
    return {
        "linkedin": _("LinkedIn or your CV"),
        "company": _("your company page"),
        "speaker": _("speaker bios and press"),
        "casting": _("casting submissions"),
        "badge": _("an ID badge"),
        "avatar": _("your email signature or avatar"),
        "social": _("your social profiles"),
        "website": _("your own website"),
        "brand": _("your personal brand"),
        "portfolio": _("your portfolio"),
        "content": _("your posts and blog"),
        "editorial": _("an editorial feature or book jacket"),
        "wall_art": _("wall art or a gift"),
    }


@dataclass(frozen=True)
class Weight:
    kind: str
    points: int
    reason: str  # a full sentence tied to the answer, shown to the visitor
    hint: str  # a short phrase for "it came close because of ..."


# The signals of the uses taken together; recommend.py fills in %(uses)s (the uses' own
# words), %(profile)s and %(others)s. A profile signal's points rise with the number of
# profile uses (PROFILE_POINTS).
def use_weights() -> dict[str, Weight]:
    return {
        # A4: "the industry standard for submissions is a headshot": casting outweighs the rest.
        "casting": Weight(
            HEADSHOT,
            6,
            _(
                "Casting directors and agents ask for a headshot: a true, current likeness "
                "with nothing artistic in the way."
            ),
            _("your casting submissions"),
        ),
        "profile": Weight(
            HEADSHOT,
            PROFILE_POINTS[0],
            _(
                "You'll use it on %(uses)s: that calls for a clean, well-lit headshot that "
                "still reads when it is shown small."
            ),
            "%(uses)s",
        ),
        # A0, A3: pictures seen large that tell something about the person are a portrait's.
        "story": Weight(
            PORTRAIT,
            4,
            _(
                "For %(uses)s the picture is seen large and has to hold attention on its "
                "own: that is a portrait's job, with room for setting and mood."
            ),
            "%(uses)s",
        ),
        # A2: a personal brand is best served by a headshot and lifestyle portraits together.
        "brand": Weight(
            HYBRID,
            4,
            _(
                "A personal brand needs more than one picture: a polished headshot that "
                "matches everywhere you appear, and portraits of you at work for marketing."
            ),
            _("your personal brand"),
        ),
        # A0: "Want a little of both? ... a hybrid session": uses needing each kind.
        "both": Weight(
            HYBRID,
            6,
            _(
                "You need headshots for %(profile)s and portraits for %(others)s: a hybrid "
                "session gives you both in one sitting."
            ),
            _("needing both kinds of picture"),
        ),
    }


# (answer key, answer code) -> weights. One entry per answer so they are easy to compare.
def answer_table() -> dict[tuple[str, str], tuple[Weight, ...]]:
    return {
        # A1/A2: a headshot's goal is trust, credibility and professionalism.
        ("purpose", "credible"): (
            Weight(
                HEADSHOT,
                2,
                _(
                    "You want to come across as credible and approachable: that is what a headshot "
                    "is for."
                ),
                _("wanting to look credible"),
            ),
        ),
        # A0: "expressive, storytelling photos ... a portrait is likely the better choice";
        # A2: "show people what it looks like to work with you" is a portrait wish.
        ("purpose", "story"): (
            Weight(
                PORTRAIT,
                2,
                _(
                    "You want to show who you are and what you do: portraits have room for your "
                    "work, your surroundings and your character."
                ),
                _("wanting to show what you do"),
            ),
        ),
        # A0, A1, A4: portraits are creative and expressive; headshots are straightforward.
        ("purpose", "expressive"): (
            Weight(
                PORTRAIT,
                3,
                _(
                    "You want creative, expressive pictures: a portrait session has the time "
                    "and the light for mood and character."
                ),
                _("wanting expressive pictures"),
            ),
        ),
        # A0: "Want a little of both? ... a hybrid session".
        ("purpose", "mix"): (
            Weight(
                HYBRID,
                4,
                _(
                    "You'd like a bit of everything, from credible to personal: a hybrid "
                    "session gives you clean headshots and a set of expressive portraits."
                ),
                _("wanting a bit of both"),
            ),
        ),
        # A0, A2, A3: a headshot is cropped tight, head and shoulders or chest up.
        ("framing", "head_shoulders"): (
            Weight(
                HEADSHOT,
                3,
                _("Head and shoulders is the classic headshot frame, close on your face."),
                _("the head-and-shoulders framing"),
            ),
        ),
        # A0, A2: portraits often include three-quarter or full-length pictures.
        ("framing", "three_quarter"): (
            Weight(
                PORTRAIT,
                2,
                _(
                    "A three-quarter frame shows posture and some of your surroundings, as "
                    "portraits do."
                ),
                _("the three-quarter framing"),
            ),
        ),
        ("framing", "full_length"): (
            Weight(
                PORTRAIT,
                3,
                _(
                    "Full-length pictures need space, styling and a setting: a portrait "
                    "session allows for all three."
                ),
                _("the full-length framing"),
            ),
        ),
        # A3: headshots are well lit and bright; A4: lit to be flattering and legible.
        ("light", "bright"): (
            Weight(
                HEADSHOT,
                2,
                _("Bright, even light flatters a face and still reads when the photo is small."),
                _("bright, even light"),
            ),
        ),
        # A0, A4: dramatic, cinematic light is a portrait's.
        ("light", "dramatic"): (
            Weight(
                PORTRAIT,
                3,
                _("Dramatic, cinematic light takes time to shape and belongs in a portrait."),
                _("dramatic light"),
            ),
        ),
        # A2: headshots most often use a solid backdrop; A3: a generic background.
        ("place", "studio"): (
            Weight(
                HEADSHOT,
                2,
                _("A plain studio backdrop keeps every bit of attention on your face."),
                _("the plain studio backdrop"),
            ),
        ),
        # A2, A3: in a portrait the environment can tell the story.
        ("place", "meaningful"): (
            Weight(
                PORTRAIT,
                3,
                _("A place that means something to you tells part of your story."),
                _("a place that means something to you"),
            ),
        ),
        # A3: headshots are pretty straightforward.
        ("styling", "none"): (
            Weight(
                HEADSHOT,
                1,
                _("One outfit and no props is all a headshot needs."),
                _("keeping to one outfit"),
            ),
        ),
        # A0: portraits use props, styling and wardrobe changes; A3: props, clothing.
        ("styling", "several"): (
            Weight(
                PORTRAIT,
                2,
                _("Several looks and props need the longer time of a portrait session."),
                _("several looks and props"),
            ),
        ),
        # A2: "your industry is more traditional" -> a headshot.
        ("field", "traditional"): (
            Weight(
                HEADSHOT,
                2,
                _("In a traditional field people expect a clean, classic photo."),
                _("your traditional field"),
            ),
        ),
        # A1: showing off creativity and style leans to a portrait; but A0 also lists
        # creatives among headshot clients, so this weighs least of all.
        ("field", "creative"): (
            Weight(
                PORTRAIT,
                1,
                _("In a creative field a picture with personality says more about your work."),
                _("your creative field"),
            ),
        ),
        # A1: many professionals find value in having both.
        ("field", "mixed"): (
            Weight(
                HYBRID,
                1,
                _(
                    "Working across traditional and creative worlds, you'll use a classic "
                    "photo in some places and a more personal one in others."
                ),
                _("working across both worlds"),
            ),
        ),
    }
