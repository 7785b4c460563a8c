"""Every kind of client the studio's five articles describe, as they would answer the wizard.

The articles are cited as in bookings/intake/weights.py: A0 "Headshot or portrait?", A1
"Professional headshots vs portraits", A2 "What's the difference between a headshot and a
portrait?" (with personal branding), A3 "What is the difference between a portrait and a
headshot?" (cropping, subjects, mood, environment), A4 the untitled one opening "A
headshot and a portrait are both close-up photographs" (functional against expressive).

Each row holds only the answers of the steps the wizard asks for those uses (checked in
test_intake_recommend), so the same rows drive recommend() and the browser.

Where the articles disagree, the studio follows this, and the weights say so:
- Personal branding. A0 lists "personal branding clients" among portrait clients; A1 puts
  personal branding on social media under headshots, then later under portraits; A2 says
  its branding sessions include a polished headshot *and* promotional portraits. The
  studio follows A2: its hybrid session is that branding session, and a brand uses both a
  profile photo and marketing pictures. A creative whose pictures only go on their own
  website is not a branding client: the website choice is neutral and their wish for
  story and expression makes it a portrait (A0's artists and artisan crafters).
- Social media. A0 and A3 put profiles and bios under headshots and posts/content under
  portraits; A1 says social media is "more personal use" for portraits. The wizard asks
  the two apart: a profile needs a headshot, posts and a blog need portraits.
- Actors. A4: "the industry standard for submissions is a headshot"; A1: an aspiring
  actor or model building a portfolio may want both; A3: an actress has an audition
  headshot and a portrait at home. The studio follows all three: casting always needs a
  headshot, and casting plus a portfolio, editorial or home picture needs both (hybrid).
- Creatives. A0 lists creatives among headshot clients and artists among portrait
  clients; A1 leans creativity to portraits. A creative field is the lightest weight
  (1 point) so where the pictures go decides: a designer's LinkedIn photo is a headshot.
- Press. A2's "press or media features" and A4's press releases are headshots, while A0,
  A2 and A4 make editorial features portraits. The wizard has "speaker bio or press kit"
  (headshot) apart from "editorial feature or book jacket" (portrait).
- Websites. A0 lists websites under both; A1 company websites under headshots. A company
  or team page needs a headshot; one's own website leaves it to the other answers.
- Promotional material. A1 lists it under headshots, A2 ("more versatility for
  marketing") under portraits: marketing is part of the personal brand choice, so both.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Client:
    id: str
    article: str  # where the articles describe this client
    answers: dict = field(default_factory=dict)  # what they answer on screen
    kind: str = ""  # the session the articles pick
    runner_up: str | None = None  # asserted when the articles name an alternative


def _solo(**answers) -> dict:
    return {"people": "just_me", **answers}


CLIENTS: tuple[Client, ...] = (
    Client(
        "job seeker updating LinkedIn and CV",
        "A0 job seekers; A1 job applications; A2 updating an outdated profile photo",
        {
            "uses": ["linkedin"],
            "purpose": "credible",
            "framing": "head_shoulders",
            "light": "bright",
            "place": "studio",
            "styling": "none",
            "field": "traditional",
        },
        "headshot",
    ),
    Client(
        "corporate executive for LinkedIn and the company page",
        "A1 corporate executive, company websites; A4 company 'About us' page",
        _solo(
            uses=["linkedin", "company"],
            purpose="credible",
            framing="head_shoulders",
            light="bright",
            place="studio",
            styling="few",
            field="traditional",
        ),
        "headshot",
    ),
    Client(
        "team of eight for the team page",
        "A2 team pages; A3 headshots are of a single subject, so one each",
        {
            "uses": ["company"],
            "purpose": "credible",
            "people": "group",
            "people_count": 8,
            "framing": "head_shoulders",
            "light": "bright",
            "place": "studio",
            "styling": "none",
            "field": "traditional",
        },
        "headshot",
    ),
    Client(
        "conference speaker",
        "A2 speaker bios and press features; A4 speaker bios, conference programmes",
        {
            "uses": ["speaker"],
            "purpose": "credible",
            "framing": "head_shoulders",
            "light": "natural",
            "place": "studio",
            "styling": "few",
            "field": "mixed",
        },
        "headshot",
    ),
    Client(
        "actor applying for castings",
        "A0 actors, casting sites; A3 auditions; A4 the 8x10 submitted to casting directors",
        {"uses": ["casting"], "framing": "head_shoulders", "styling": "few", "field": "creative"},
        "headshot",
    ),
    Client(
        "aspiring actor or model building a portfolio",
        "A1 headshots for auditions and portraits showing versatility",
        _solo(
            uses=["casting", "portfolio"],
            purpose="mix",
            framing="not_sure",
            light="no_preference",
            place="either",
            styling="several",
            field="creative",
        ),
        "hybrid",
        "portrait",
    ),
    Client(
        "actress with an audition headshot and a portrait for home",
        "A3 the actress's audition headshot and her portrait at home",
        _solo(
            uses=["casting", "wall_art"],
            purpose="story",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            place_detail="my flat",
            styling="few",
            field="creative",
        ),
        "hybrid",
        "portrait",
    ),
    Client(
        "actor who also needs editorial pictures",
        "A4 some creative acting contexts use portraits for editorial or press work",
        _solo(
            uses=["casting", "editorial"],
            purpose="expressive",
            framing="not_sure",
            light="dramatic",
            place="studio",
            styling="few",
            field="creative",
        ),
        "hybrid",
    ),
    Client(
        "business owner representing the business",
        "A0 entrepreneurs and business owners; A1 representing your business",
        _solo(
            uses=["linkedin", "company"],
            purpose="credible",
            framing="head_shoulders",
            light="bright",
            place="either",
            styling="none",
            field="neither",
        ),
        "headshot",
    ),
    Client(
        "personal branding client: profile, talks and marketing",
        "A2 branding sessions include headshots and promotional portraits",
        _solo(
            uses=["linkedin", "speaker", "brand"],
            purpose="mix",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            styling="several",
            field="mixed",
        ),
        "hybrid",
    ),
    Client(
        "coach showing what working with them looks like",
        "A2 show people what it looks like to work with you; branding covers both",
        _solo(
            uses=["website", "brand"],
            purpose="story",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            place_detail="the room where I coach",
            styling="few",
            field="neither",
        ),
        "hybrid",
        "portrait",
    ),
    Client(
        "artisan crafter with their own website",
        "A0 artists and artisan crafters; portraits for websites and storytelling",
        _solo(
            uses=["website"],
            purpose="story",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            place_detail="my pottery workshop",
            styling="several",
            field="creative",
        ),
        "portrait",
    ),
    Client(
        "doctor for the clinic's website",
        "A0 headshots for websites; A2 a more traditional industry",
        _solo(
            uses=["website"],
            purpose="credible",
            framing="head_shoulders",
            light="bright",
            place="studio",
            styling="none",
            field="traditional",
        ),
        "headshot",
    ),
    Client(
        "dancer building a portfolio",
        "A0 performers and dancers; portraits for portfolio books, full length",
        _solo(
            uses=["portfolio", "website"],
            purpose="expressive",
            framing="full_length",
            light="dramatic",
            place="studio",
            styling="several",
            field="creative",
        ),
        "portrait",
    ),
    Client(
        "musician with an album cover and posts",
        "A0 musicians; social media content; A4 the photograph is part of the message",
        _solo(
            uses=["content", "other"],
            uses_other="album cover",
            purpose="expressive",
            framing="three_quarter",
            light="dramatic",
            place="meaningful",
            styling="several",
            field="creative",
        ),
        "portrait",
    ),
    Client(
        "author with a book jacket",
        "A3 book jackets; A4 personal creative expression",
        _solo(
            uses=["editorial"],
            purpose="expressive",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            styling="few",
            field="creative",
        ),
        "portrait",
    ),
    Client(
        "family portrait for the wall",
        "A0 families, home display; A3 a portrait can include several people",
        {
            "uses": ["wall_art"],
            "purpose": "story",
            "people": "group",
            "people_count": 5,
            "framing": "full_length",
            "light": "natural",
            "place": "meaningful",
            "styling": "few",
            "field": "neither",
        },
        "portrait",
    ),
    Client(
        "couple for their home",
        "A0 couples; A3 number of subjects",
        {
            "uses": ["wall_art"],
            "purpose": "expressive",
            "people": "two",
            "framing": "three_quarter",
            "light": "natural",
            "place": "either",
            "styling": "none",
            "field": "neither",
        },
        "portrait",
    ),
    Client(
        "school athlete with trophies for a newspaper article",
        "A3 the lacrosse player among his trophies for a newspaper article",
        _solo(
            uses=["editorial"],
            purpose="story",
            framing="full_length",
            light="bright",
            place="meaningful",
            styling="several",
            field="neither",
        ),
        "portrait",
    ),
    Client(
        "student ID badge",
        "A3 a school identification badge identifies the subject",
        {"uses": ["badge"], "field": "neither"},
        "headshot",
    ),
    Client(
        "yearbook photo, told in the free text",
        "A3 a typical yearbook photo is a headshot",
        _solo(
            uses=["other"],
            uses_other="school yearbook",
            purpose="credible",
            framing="head_shoulders",
            light="bright",
            place="studio",
            styling="none",
            field="neither",
        ),
        "headshot",
    ),
    Client(
        "senior photo for the family wall",
        "A3 the senior photo mom hangs on the wall",
        _solo(
            uses=["wall_art"],
            purpose="expressive",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            styling="few",
            field="neither",
        ),
        "portrait",
    ),
    Client(
        "influencer updating social bios",
        "A0 influencers, social media bios",
        _solo(
            uses=["social"],
            purpose="credible",
            framing="head_shoulders",
            light="natural",
            place="either",
            styling="few",
            field="creative",
        ),
        "headshot",
    ),
    Client(
        "content creator with a profile and posts",
        "A0 social media bios (headshot) and social media content (portrait)",
        _solo(
            uses=["social", "content"],
            purpose="mix",
            framing="not_sure",
            light="natural",
            place="either",
            styling="several",
            field="creative",
        ),
        "hybrid",
    ),
    Client(
        "dating app profile",
        "A4 dating app profiles",
        _solo(
            uses=["social"],
            purpose="credible",
            framing="head_shoulders",
            light="natural",
            place="either",
            styling="none",
            field="neither",
        ),
        "headshot",
    ),
    Client(
        "developer's avatar and email signature",
        "A4 email signatures, Slack/Teams avatars, GitHub profile",
        {"uses": ["avatar"], "purpose": "credible", "light": "bright", "field": "neither"},
        "headshot",
    ),
    Client(
        "designer who likes expressive pictures but needs LinkedIn",
        "A0 creatives among headshot clients; A4 a portrait on LinkedIn reads as odd",
        {
            "uses": ["linkedin"],
            "purpose": "expressive",
            "framing": "head_shoulders",
            "light": "natural",
            "place": "studio",
            "styling": "few",
            "field": "creative",
        },
        "headshot",
        "portrait",
    ),
    Client(
        "author with a press kit and a book jacket",
        "A4 press releases and speaker bios (headshot); A3 book jackets (portrait)",
        {
            "uses": ["speaker", "editorial"],
            "purpose": "mix",
            "people": "just_me",
            "framing": "not_sure",
            "light": "natural",
            "place": "either",
            "styling": "few",
            "field": "mixed",
        },
        "hybrid",
    ),
    Client(
        "someone who wants a little of both for their website",
        "A0 want a little of both? a hybrid session",
        _solo(
            uses=["website"],
            purpose="mix",
            framing="not_sure",
            light="no_preference",
            place="either",
            styling="few",
            field="mixed",
        ),
        "hybrid",
    ),
    Client(
        "personal artwork, close and dramatic",
        "A1 personal artwork; A3 a portrait can be just head and shoulders; A4 fine art",
        _solo(
            uses=["wall_art"],
            purpose="expressive",
            framing="head_shoulders",
            light="dramatic",
            place="studio",
            styling="none",
            field="neither",
        ),
        "portrait",
    ),
)
