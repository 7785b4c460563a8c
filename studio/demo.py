"""Demo content for the studio itself: profile, session types, weekly hours.

Written in the studio's own words. Loaded by `manage.py seed_demo`; idempotent
(rows are matched by slug or key and updated, never duplicated).
"""

import functools
import io
from datetime import time
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .images import clean_image
from .models import SessionKind, SessionType, StudioProfile, WorkingHours
from .services import set_cover

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
    "deposit_instructions": (
        "Please pay the deposit within three days by bank transfer to Northlight Portrait "
        "Studio, sort code 00-00-00, account 00000000, with your booking reference as the "
        "payment reference. You can also pay by card at the studio on the day."
    ),
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
        session_type, _created = SessionType.objects.update_or_create(
            slug=data.pop("slug"), defaults=data
        )
        if not session_type.cover:
            _give_demo_cover(session_type)
    if not WorkingHours.objects.exists():
        WorkingHours.objects.bulk_create(
            WorkingHours(weekday=day, start=start, end=end) for day, start, end in WEEKLY_HOURS
        )
    return profile


# Demo covers are drawn here with Pillow: abstract, portrait-like compositions, no photos.
COVER_SIZE = (1600, 1067)
COVER_STYLES = {
    SessionKind.HEADSHOT: {
        "background": ((58, 66, 78), (176, 183, 192)),
        "glow": (240, 241, 243),
        "figure": ((26, 28, 34), (92, 90, 98)),
    },
    SessionKind.PORTRAIT: {
        "background": ((30, 20, 18), (128, 78, 54)),
        "glow": (255, 212, 158),
        "figure": ((18, 12, 10), (132, 80, 54)),
    },
    SessionKind.HYBRID: {
        "background": ((26, 66, 70), (206, 190, 166)),
        "glow": (252, 238, 214),
        "figure": ((22, 34, 36), (170, 90, 62)),
    },
}
COVER_ALTS = {
    SessionKind.HEADSHOT: (
        "Illustration: a head-and-shoulders silhouette softly lit against a plain grey backdrop"
    ),
    SessionKind.PORTRAIT: (
        "Illustration: a figure standing in warm window light at the side of a dark room"
    ),
    SessionKind.HYBRID: (
        "Illustration: a person at a desk with a laptop and a plant, in teal and terracotta"
    ),
}


def _gradient(size, start, end, *, angle=0):
    """A linear two-colour gradient (angle in degrees, 0 = top to bottom)."""
    width, height = size
    side = int((width**2 + height**2) ** 0.5) + 2
    mask = Image.linear_gradient("L").resize((side, side)).rotate(angle, resample=Image.BICUBIC)
    left, top = (side - width) // 2, (side - height) // 2
    mask = mask.crop((left, top, left + width, top + height))
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _soft_spot(diameter: int, strength: float = 1.0):
    """A round mask: full in the centre, fading smoothly to nothing at the rim."""
    # radial_gradient is 0 in the centre and 181 at the middle of each edge.
    spot = Image.radial_gradient("L").point(
        lambda v: int(255 * strength * max(0.0, 1 - v / 181) ** 1.6)
    )
    return spot.resize((diameter, diameter), Image.BICUBIC)


def _glow(canvas, centre, radius, colour, strength=0.85):
    """Lighten the canvas with a soft round pool of light."""
    mask = Image.new("L", canvas.size, 0)
    mask.paste(_soft_spot(radius * 2, strength), (centre[0] - radius, centre[1] - radius))
    canvas.paste(Image.new("RGB", canvas.size, colour), (0, 0), mask)


def _figure_mask(size, *, cx, head_top, head_w, head_h, shoulder_w, body_bottom, waist_w=None):
    """A silhouette (hair, head, neck, sloping shoulders, torso), drawn at 2x for smooth edges."""
    k = 2
    mask = Image.new("L", (size[0] * k, size[1] * k), 0)
    draw = ImageDraw.Draw(mask)
    cx, head_top, head_w, head_h = cx * k, head_top * k, head_w * k, head_h * k
    shoulder_w, body_bottom = shoulder_w * k, body_bottom * k
    waist_w = (waist_w or shoulder_w // k) * k
    # Hair adds a little volume above and behind the face.
    draw.ellipse(
        (cx - head_w * 0.56, head_top - head_h * 0.06, cx + head_w * 0.54, head_top + head_h * 0.7),
        fill=255,
    )
    draw.ellipse((cx - head_w / 2, head_top, cx + head_w / 2, head_top + head_h), fill=255)
    neck_top = head_top + head_h * 0.7
    neck_w = head_w * 0.44
    shoulders_y = head_top + head_h * 1.08
    draw.polygon(
        [
            (cx - neck_w / 2, neck_top),
            (cx + neck_w / 2, neck_top),
            (cx + neck_w * 0.62, shoulders_y + head_h * 0.12),
            (cx - neck_w * 0.62, shoulders_y + head_h * 0.12),
        ],
        fill=255,
    )
    # Shoulders slope: the top of a wide, flat ellipse.
    draw.ellipse(
        (cx - shoulder_w / 2, shoulders_y, cx + shoulder_w / 2, shoulders_y + shoulder_w * 0.5),
        fill=255,
    )
    draw.polygon(
        [
            (cx - shoulder_w / 2, shoulders_y + shoulder_w * 0.22),
            (cx + shoulder_w / 2, shoulders_y + shoulder_w * 0.22),
            (cx + waist_w / 2, body_bottom),
            (cx - waist_w / 2, body_bottom),
        ],
        fill=255,
    )
    mask = mask.resize(size, Image.LANCZOS)
    return mask.filter(ImageFilter.GaussianBlur(1.5))


def _paint_figure(canvas, mask, colours, rim_colour, *, light_from_left=True):
    """Fill a silhouette with side light and a thin rim where the light catches the edge."""
    dark, lit = colours
    fill = _gradient(canvas.size, lit, dark, angle=90 if light_from_left else -90)
    canvas.paste(Image.blend(Image.new("RGB", canvas.size, dark), fill, 0.7), (0, 0), mask)
    shifted = ImageChops.offset(mask, 10 if light_from_left else -10, 4)
    rim = ImageChops.subtract(mask, shifted).filter(ImageFilter.GaussianBlur(3))
    canvas.paste(Image.new("RGB", canvas.size, rim_colour), (0, 0), rim.point(lambda v: v * 3 // 4))


def _finish(canvas, seed):
    """Vignette and a little grain, so the flat drawing looks like a print."""
    vignette = (
        Image.radial_gradient("L").resize(canvas.size).point(lambda v: int(max(0, v - 100) * 1.2))
    )
    canvas.paste(Image.new("RGB", canvas.size, (10, 8, 8)), (0, 0), vignette)
    noise = Image.effect_noise(canvas.size, 18 + seed).convert("RGB")
    return Image.blend(canvas, noise, 0.05)


@functools.lru_cache(maxsize=len(COVER_STYLES))
def draw_cover(kind: str) -> bytes:
    """A JPEG cover drawn for a session kind (deterministic, no external images)."""
    style = COVER_STYLES[kind]
    width, height = COVER_SIZE
    if kind == SessionKind.PORTRAIT:
        canvas = _gradient(COVER_SIZE, *style["background"], angle=-70)
        light = Image.new("L", COVER_SIZE, 0)
        draw = ImageDraw.Draw(light)
        draw.polygon([(150, 80), (600, 150), (600, 820), (150, 860)], fill=170)  # window
        draw.polygon([(600, 900), (1200, 880), (1500, 1067), (520, 1067)], fill=110)  # on floor
        light = light.filter(ImageFilter.GaussianBlur(28))
        canvas.paste(Image.new("RGB", COVER_SIZE, style["glow"]), (0, 0), light)
        _glow(canvas, (640, 520), 620, style["glow"], strength=0.35)
        floor = Image.new("L", COVER_SIZE, 0)
        ImageDraw.Draw(floor).rectangle((0, 860, width, height), fill=90)
        floor = floor.filter(ImageFilter.GaussianBlur(12))
        canvas.paste(Image.new("RGB", COVER_SIZE, (20, 12, 10)), (0, 0), floor)
        mask = _figure_mask(
            COVER_SIZE, cx=880, head_top=230, head_w=150, head_h=190,
            shoulder_w=340, body_bottom=height + 40, waist_w=250,
        )  # fmt: skip
        _paint_figure(canvas, mask, style["figure"], style["glow"], light_from_left=True)
    elif kind == SessionKind.HYBRID:
        canvas = _gradient(COVER_SIZE, *style["background"], angle=-40)
        _glow(canvas, (560, 420), 560, style["glow"], strength=0.6)
        draw = ImageDraw.Draw(canvas)
        draw.rectangle((1060, 170, 1380, 420), fill=(244, 232, 212))
        draw.rectangle((1084, 194, 1356, 396), fill=(176, 96, 66))
        draw.ellipse((1170, 240, 1290, 360), fill=(232, 170, 120))
        mask = _figure_mask(
            COVER_SIZE, cx=560, head_top=230, head_w=170, head_h=215,
            shoulder_w=440, body_bottom=height, waist_w=470,
        )  # fmt: skip
        _paint_figure(canvas, mask, style["figure"], style["glow"], light_from_left=False)
        draw = ImageDraw.Draw(canvas)
        draw.rectangle((0, 800, width, height), fill=(60, 44, 36))
        draw.rectangle((0, 790, width, 812), fill=(124, 90, 68))
        draw.rounded_rectangle((780, 600, 1080, 792), radius=14, fill=(196, 200, 204))
        draw.ellipse((910, 676, 950, 716), fill=(176, 96, 66))
        draw.rounded_rectangle((760, 784, 1100, 800), radius=6, fill=(150, 154, 158))
        draw.polygon([(1250, 700), (1410, 700), (1390, 792), (1270, 792)], fill=(176, 96, 66))
        for dx, dy, r in ((1330, 610, 70), (1270, 650, 56), (1395, 645, 58), (1335, 560, 50)):
            draw.ellipse((dx - r, dy - r, dx + r, dy + r), fill=(58, 110, 80))
    else:
        canvas = _gradient(COVER_SIZE, *style["background"], angle=0)
        _glow(canvas, (width // 2, int(height * 0.42)), 520, style["glow"], strength=0.8)
        mask = _figure_mask(
            COVER_SIZE, cx=width // 2 + 30, head_top=210, head_w=290, head_h=370,
            shoulder_w=860, body_bottom=height + 60, waist_w=940,
        )  # fmt: skip
        _paint_figure(canvas, mask, style["figure"], style["glow"], light_from_left=True)
    canvas = _finish(canvas, seed=len(kind))
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _give_demo_cover(session_type: SessionType) -> None:
    image = clean_image(ContentFile(draw_cover(session_type.kind), name="demo-cover.jpg"))
    session_type.cover_alt = COVER_ALTS[session_type.kind]
    session_type.save(update_fields=["cover_alt"])
    set_cover(session_type=session_type, image=image)
