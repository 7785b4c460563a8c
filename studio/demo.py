"""Demo content for the studio itself: profile, session types, weekly hours.

Written in the studio's own words. Loaded by `manage.py seed_demo`; idempotent
(rows are matched by slug or key and updated, never duplicated).
"""

from datetime import time
from decimal import Decimal

from .models import SessionKind, SessionType, StudioProfile, WorkingHours

STUDIO = {
    "name": "Northlight Portrait Studio",
    "tagline": "Headshots and portraits made with patience, good light and a bit of coaching.",
    "time_zone": "Europe/London",
    "address": "Unit 4, Canal Works\n18 Wharf Lane\nLeeds LS1 4AB\nUnited Kingdom",
    "directions": (
        "We are on the ground floor of Canal Works, the red-brick building beside the lock. "
        "Two free parking bays are signed 'Studio' in the courtyard; the nearest pay car park "
        "is on Wharf Street, four minutes' walk. Leeds station is a twelve-minute walk."
    ),
    "email": "hello@northlight.example",
    "phone": "+44 113 496 0321",
}

SESSION_TYPES = [
    {
        "slug": "headshot",
        "kind": SessionKind.HEADSHOT,
        "name": "Professional headshot",
        "order": 1,
        "summary": "A sharp, friendly head-and-shoulders photo that works at thumbnail size.",
        "purpose": (
            "A headshot identifies you and earns trust before you say a word. We keep the "
            "frame tight on your face and shoulders, light you evenly and keep the background "
            "plain, so the picture stays clear on a phone screen, a badge or a casting site."
        ),
        "uses": (
            "LinkedIn and your CV\nCompany, team and 'about us' pages\nSpeaker bios and press kits\n"
            "Casting and agency submissions\nEmail signatures, avatars and ID badges"
        ),
        "suits": (
            "Job seekers and people changing roles\nCorporate teams that want a consistent look\n"
            "Actors and presenters\nConsultants, doctors, lawyers and other advisers"
        ),
        "framing": "Chest up, eyes in the top third of the frame",
        "backdrop": "Plain grey, white or a soft colour that suits your brand",
        "light": "Bright, soft and even, with a clear catchlight in the eyes",
        "mood": "Approachable and confident",
        "gaze": "Straight to camera",
        "wardrobe": "One or two tops; we check each on screen before moving on",
        "props": "None: nothing competes with your face",
        "what_happens": (
            "We talk for a few minutes about where the photo will be used, set the light for "
            "your face and glasses if you wear them, and then shoot in short bursts. You see "
            "the pictures on a large screen as we go, and we adjust your posture and expression "
            "together until you like what you see. Most people relax after the first ten frames."
        ),
        "deliverables": (
            "Two fully retouched images of your choice, cropped for LinkedIn and for print, "
            "delivered through a private online gallery within five working days."
        ),
        "duration_minutes": 45,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 15,
        "price": Decimal("185.00"),
        "deposit": Decimal("50.00"),
        "max_people": 1,
        "location": SessionType.Location.STUDIO,
        "looks": 2,
    },
    {
        "slug": "portrait",
        "kind": SessionKind.PORTRAIT,
        "name": "Portrait session",
        "order": 2,
        "summary": "Wider, moodier pictures that show who you are and where you belong.",
        "purpose": (
            "A portrait tells a story about a person: what they do, what they love, who they are "
            "with. We frame wider, use light for atmosphere rather than just clarity, and choose "
            "a setting that means something, in the studio or at a place that is yours."
        ),
        "uses": (
            "Personal branding and your own website\nEditorial features and magazine profiles\n"
            "Book jackets and album artwork\nWall art, prints and gifts\nFamily and couple keepsakes"
        ),
        "suits": (
            "Artists, musicians and performers\nWriters and creatives with a story to tell\n"
            "Couples and families\nAnyone marking a milestone"
        ),
        "framing": "Three-quarter to full length, with room for the setting",
        "backdrop": "A meaningful place, a textured studio set or painted canvas",
        "light": "Natural window light or shaped, dramatic studio light",
        "mood": "Expressive: calm, playful, intense or tender",
        "gaze": "To camera, away, or at each other",
        "wardrobe": "Up to three outfits, planned together beforehand",
        "props": "Welcome: instruments, tools of your trade, things you love",
        "what_happens": (
            "Before the day we plan a short mood board together. On the day we start with "
            "easy, natural poses to warm up, then move through the looks and spaces we planned. "
            "I direct throughout, so you never have to guess what to do with your hands."
        ),
        "deliverables": (
            "Ten edited images with a consistent colour treatment, full resolution for print "
            "and web, in a private gallery within ten working days."
        ),
        "duration_minutes": 90,
        "buffer_before_minutes": 15,
        "buffer_after_minutes": 30,
        "price": Decimal("395.00"),
        "deposit": Decimal("100.00"),
        "max_people": 6,
        "location": SessionType.Location.EITHER,
        "looks": 3,
    },
    {
        "slug": "personal-branding",
        "kind": SessionKind.HYBRID,
        "name": "Personal branding session",
        "order": 3,
        "summary": "Both in one session: a clean headshot plus story-telling images for your brand.",
        "purpose": (
            "For people whose face is part of their business. We start with a headshot that "
            "matches your profile photos everywhere, then move on to working shots, details and "
            "portraits you can use on your website, in social posts and in press."
        ),
        "uses": (
            "A matching profile photo on every platform\nWebsite hero and 'about' pages\n"
            "Social media and newsletters\nSpeaker pages and media kits\nCourse and product launches"
        ),
        "suits": (
            "Coaches, consultants and founders\nCreatives who sell their own work\n"
            "Authors and speakers\nSmall business owners"
        ),
        "framing": "Tight headshots, then half and full length with space for text",
        "backdrop": "Studio backdrop for the headshot, then your workspace or a chosen location",
        "light": "Clean studio light first, then natural light on location",
        "mood": "Credible and warm, then relaxed and candid",
        "gaze": "To camera for the headshot, engaged in your work for the rest",
        "wardrobe": "Three to four looks, including one in your brand colours",
        "props": "The tools, products and places of your work",
        "what_happens": (
            "We agree a shot list beforehand from the places you will use the pictures. The "
            "session opens with headshots in the studio while you are fresh, then we change and "
            "move to your working set-up for candid and posed images. A short break is built in."
        ),
        "deliverables": (
            "Two retouched headshots and twenty edited brand images, sized for web and social, "
            "in a private gallery within ten working days."
        ),
        "duration_minutes": 150,
        "buffer_before_minutes": 15,
        "buffer_after_minutes": 30,
        "price": Decimal("650.00"),
        "deposit": Decimal("150.00"),
        "max_people": 2,
        "location": SessionType.Location.EITHER,
        "looks": 4,
    },
]

# Monday to Friday with a lunch break, Saturday mornings; Sunday closed.
WEEKLY_HOURS = [
    *[(day, time(9, 0), time(12, 30)) for day in range(5)],
    *[(day, time(13, 30), time(18, 0)) for day in range(5)],
    (5, time(10, 0), time(14, 0)),
]


def seed_studio() -> StudioProfile:
    profile = StudioProfile.load()
    for field, value in STUDIO.items():
        setattr(profile, field, value)
    profile.save()
    for data in SESSION_TYPES:
        data = dict(data)
        SessionType.objects.update_or_create(slug=data.pop("slug"), defaults=data)
    if not WorkingHours.objects.exists():
        WorkingHours.objects.bulk_create(
            WorkingHours(weekday=day, start=start, end=end) for day, start, end in WEEKLY_HOURS
        )
    return profile
