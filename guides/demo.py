"""Demo preparation guides and tips, in the studio's own words.

Loaded by `manage.py seed_demo`. Idempotent and respectful of edits: guides are
matched by slug and tips by title, and only missing ones are created, so text the
photographer has changed in the admin is never overwritten.
"""

from .models import Guide, Tip

EVERY = ("headshot", "portrait", "hybrid")
HEADSHOT = ("headshot",)
PORTRAIT = ("portrait",)
HYBRID = ("hybrid",)
FACE_FIRST = ("headshot", "hybrid")
STORY = ("portrait", "hybrid")

GUIDES = [
    {
        "slug": "before-any-session",
        "title": "Before any session",
        "kind": "",
        "order": 0,
        "intro": (
            "Whatever you book, the same few things make the biggest difference: clothes that "
            "fit and photograph well, a rested face, a relaxed schedule on the day and a clear "
            "idea of where the pictures will go. Start here, then read the guide for your "
            "session type."
        ),
    },
    {
        "slug": "headshot-preparation",
        "title": "Preparing for your headshot",
        "kind": "headshot",
        "order": 1,
        "intro": (
            "A headshot is mostly face, neckline and expression, so small details count: a "
            "collar that sits flat, a haircut that has settled, glasses without glare. "
            "Everything below fits in a normal week; nothing is left for a rush on the last evening."
        ),
    },
    {
        "slug": "portrait-preparation",
        "title": "Preparing for your portrait session",
        "kind": "portrait",
        "order": 2,
        "intro": (
            "A portrait session has more moving parts than a headshot: outfits that work "
            "together, props with a story, sometimes a location and the weather. A little "
            "planning in the week before turns the session itself into the fun part."
        ),
    },
    {
        "slug": "personal-branding-preparation",
        "title": "Preparing for your personal branding session",
        "kind": "hybrid",
        "order": 3,
        "intro": (
            "A personal branding session is two shoots in one: crisp headshots first, then "
            "pictures of you at work. The better we both know where the images will be used, "
            "the more useful each frame will be, so most of this guide is about planning."
        ),
    },
]

# (category, kinds, title, body, use in reminder emails)
TIPS = [
    # Wardrobe
    (
        Tip.Category.WARDROBE,
        EVERY,
        "Choose solid colours over busy patterns",
        "Plain fabrics keep the attention on you. Fine stripes, small checks and herringbone can "
        "shimmer on screens (photographers call it *moiré*), and big logos or slogans date a "
        "picture and pull the eye away from your face.\n\n"
        "Mid-tones and deep jewel colours (navy, forest green, burgundy, slate) flatter most "
        "skin tones. Very bright white and neon can overpower a face in a tight crop.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        EVERY,
        "Fit matters more than the label",
        "The camera exaggerates a sleeve that is too long or a jacket that pulls across the "
        "buttons. Try everything on a few days before: shoulder seams should sit on your "
        "shoulders, collars should lie flat, and you should be able to sit and lift your arms "
        "without the fabric bunching.\n\n"
        "Clothes that are slightly loose look sloppy in photos; slightly snug looks sharp.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        EVERY,
        "Press your clothes and carry them on hangers",
        "Creases and fluff show up clearly at full resolution, and smoothing them out in "
        "retouching takes far longer than a few minutes with an iron or steamer. Bring your "
        "outfits on hangers in a garment bag and travel in something else, so nothing gets "
        "crushed by a seat belt or a bag strap on the way.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        EVERY,
        "Bring two or three options for each look",
        "Something that looks perfect in the mirror at home can behave differently under studio "
        "light. Bring two or three alternatives per look, including one darker and one lighter "
        "top, and we will check them on screen together in the first few minutes. Choosing is "
        "part of the session, not homework.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        FACE_FIRST,
        "Think about necklines for a tight crop",
        "In a head-and-shoulders frame the neckline is most of your outfit. Open collars, "
        "V-necks and structured jackets give a clean shape that frames the face. Strapless or "
        "thin-strapped tops can make you look bare once the picture is cropped, and very high "
        "polo necks can hide your jawline.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        STORY,
        "Plan outfits that suit the place and tell your story",
        "In a wider frame texture and colour carry a lot of meaning: knitwear, linen, denim, "
        "leather and wool all photograph beautifully. Choose clothes that belong in the "
        "setting (your studio apron in the workshop, a good coat for a city street) and that "
        "you would actually wear. Feeling like yourself shows.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        PORTRAIT,
        "Coordinate a group without matching",
        "For couples, families and bands, pick a palette of two or three colours and let "
        "everyone wear their own mix of them. Identical outfits look like a uniform; "
        "coordinated ones look like a group that belongs together. Keep one person from "
        "wearing the only bright or patterned piece, unless you want them to be the focus.",
        False,  # the emails give groups their own advice (bookings.intake.advice)
    ),
    (
        Tip.Category.WARDROBE,
        HYBRID,
        "Include one look in your brand colours",
        "If your business has colours, bring one outfit that uses or complements them. Those "
        "pictures will sit naturally next to your logo, slides and website. Keep the other "
        "looks neutral so the set still works if your branding changes in a few years.",
        True,
    ),
    (
        Tip.Category.WARDROBE,
        STORY,
        "Shoes count in full-length pictures",
        "Once we step back to three-quarter or full length, your feet are in the frame. Clean, "
        "comfortable shoes that suit each outfit finish the look; trainers with a formal suit "
        "can work, but only on purpose. Bring the shoes with the clothes they belong to.",
        True,
    ),
    # Grooming
    (
        Tip.Category.GROOMING,
        EVERY,
        "Have your haircut a week before, not the day before",
        "A fresh cut often looks severe for a few days, with sharp lines and visible skin at "
        "the edges. Booking it five to ten days before gives it time to settle into its "
        "natural shape. The same goes for colour: a new shade needs a few washes to lose "
        "its shine.",
        True,
    ),
    (
        Tip.Category.GROOMING,
        EVERY,
        "Keep to your usual skincare routine",
        "The week before a shoot is not the moment to try a new facial, peel or treatment; "
        "redness and breakouts can appear days later. Stick to what your skin knows, "
        "moisturise well the evening before and the morning of, and go easy on anything "
        "that leaves a shine.",
        True,
    ),
    (
        Tip.Category.GROOMING,
        EVERY,
        "Make-up for the camera: a touch more, a lot less shimmer",
        "Studio light flattens a little, so most people wear slightly more than on an ordinary "
        "day. Matte products photograph better than shimmer or glitter, which reads as shine. "
        "Match foundation at the jawline so the face and neck agree, and groom your brows: "
        "they frame your expression.\n\n"
        "Skip heavy SPF foundation on the day: some sunscreens reflect flash and leave a pale "
        "cast on the face.",
        True,
    ),
    (
        Tip.Category.GROOMING,
        STORY,
        "Look after your hands and nails",
        "In portraits and working shots your hands are often in the picture: holding a cup, "
        "a tool, an instrument. Clean, trimmed nails and either fresh or no polish look best. "
        "Chipped varnish is surprisingly visible and fiddly to retouch.",
        True,
    ),
    (
        Tip.Category.GROOMING,
        EVERY,
        "Facial hair: decide and commit",
        "If you shave, do it on the morning of the session so there is no shadow, and bring "
        "your razor for a longer session. If you keep a beard, have it trimmed two or three "
        "days before so the edges look natural rather than freshly cut. Stubble should look "
        "intentional: even length all over.",
        True,
    ),
    (
        Tip.Category.GROOMING,
        EVERY,
        "Glasses without the glare",
        "If you wear glasses every day, wear them in your photos: people should recognise you. "
        "If you have not told us yet, reply to any of our emails. We angle the lights to keep reflections out of the lenses, and "
        "an anti-reflective coating helps a lot.\n\n"
        "For headshots some opticians will lend you a frame without lenses, or take the lenses "
        "out of an old pair; that removes glare completely.",
        True,
    ),
    # Relaxation and mindset
    (
        Tip.Category.RELAXATION,
        EVERY,
        "Sleep and water in the two days before",
        "Tiredness shows first around the eyes. Aim for two good nights before the session, "
        "drink plenty of water, and go easy on alcohol and salty food the evening before: "
        "both can leave your face a little puffy the next morning.",
        True,
    ),
    (
        Tip.Category.RELAXATION,
        EVERY,
        "Feeling awkward at first is normal",
        "Almost everyone says they are not photogenic, and almost everyone relaxes after the "
        "first few minutes. The opening frames are a warm-up, not the ones you will keep. "
        "Breathe out slowly just before each set of shots; a long exhale drops the shoulders "
        "and softens the face.",
        False,
    ),
    (
        Tip.Category.RELAXATION,
        EVERY,
        "Bring music that makes you feel like yourself",
        "We have a speaker in the studio and on location. A playlist you love changes the mood "
        "in the room faster than any direction from behind the camera. Upbeat for energy, "
        "something mellow for quieter portraits.",
        False,
    ),
    (
        Tip.Category.RELAXATION,
        EVERY,
        "Eat something light beforehand",
        "Hunger makes people tense and tired, especially in longer sessions. Have a light meal "
        "an hour or two before; avoid fizzy drinks and anything that tends to make you feel "
        "bloated, and bring a bottle of water.",
        False,
    ),
    # Timing and logistics
    (
        Tip.Category.TIMING,
        EVERY,
        "Arrive ten minutes early",
        "Ten spare minutes let you park, hang up your clothes, check your hair and have a glass "
        "of water before we start. Sessions are booked back to back, so a late start usually "
        "means a shorter session rather than a later finish.",
        True,
    ),
    (
        Tip.Category.TIMING,
        EVERY,
        "Check the directions and parking the day before",
        "Look at the directions in your confirmation email the day before, especially if you "
        "have not been to us (or to the location) before. Knowing where to park and how long "
        "the walk is takes a surprising amount of stress out of the morning.",
        True,
    ),
    (
        Tip.Category.TIMING,
        EVERY,
        "Pick a time of day when you feel your best",
        "Some people look and feel brightest in the morning; others need a coffee and a couple "
        "of hours. Choose a slot that suits your energy, and avoid squeezing the session "
        "between two stressful meetings: rushing shows on a face.",
        False,
    ),
    (
        Tip.Category.TIMING,
        STORY,
        "Plan for the location and the weather",
        "For outdoor sessions we agree a back-up plan in advance: a covered spot nearby, an "
        "indoor alternative, or a new date. We check the forecast together two days before "
        "and decide then.\n\n"
        "Some places (parks, stations, private "
        "buildings) need permission to photograph; tell us early if you have a special spot "
        "in mind.",
        True,
    ),
    (
        Tip.Category.TIMING,
        HYBRID,
        "How a personal branding day runs",
        "We start with headshots in the studio while you are fresh and your outfit is "
        "uncreased. Then there is a short break to change and move to your working set-up or "
        "location, where we take the candid and posed pictures from our shot list. Each look "
        "takes roughly twenty to thirty minutes, including the change.",
        True,
    ),
    # Poses and expressions
    (
        Tip.Category.POSES,
        EVERY,
        "Practise your expressions in a mirror",
        "Spend five minutes in front of a mirror (or your phone's front camera) the day before. "
        "Find the smile that reaches your eyes and the calm, closed-mouth expression you like. "
        "A slight narrowing of the lower eyelids reads as confident and engaged; wide-open "
        "eyes tend to look startled.",
        True,
    ),
    (
        Tip.Category.POSES,
        FACE_FIRST,
        "Forward and down with the chin",
        "Pushing your face gently towards the camera and tipping the chin down a little "
        "defines the jawline and avoids the double chin every camera loves to find. It feels "
        "odd, and from the side it looks odder, but from the front it looks great. We will "
        "remind you.",
        False,
    ),
    (
        Tip.Category.POSES,
        STORY,
        "Give your hands something to do",
        "Hands that hang at your sides look stiff. Holding something you use (a mug, a pen, "
        "your glasses, a tool), touching a collar or resting a hand in a pocket gives them a "
        "purpose. We will suggest positions, so you never have to invent them.",
        False,
    ),
    (
        Tip.Category.POSES,
        PORTRAIT,
        "Movement beats stiff posing",
        "The most natural portraits often come from small movements: walking towards the "
        "camera, turning to look back, laughing at something someone said, adjusting a "
        "child's hat. Expect a few prompts and games rather than instructions to stand still.",
        False,
    ),
    (
        Tip.Category.POSES,
        HEADSHOT,
        "Think of someone behind the lens",
        "A lens is hard to smile at. Picture a friendly colleague or a client you like just "
        "behind it and speak to them in your head. The expression that comes with that "
        "thought is the one people will see on your profile.",
        False,
    ),
    # What to bring
    (
        Tip.Category.BRING,
        EVERY,
        "Bring a few inspiration images",
        "Three to five pictures you like (and one you don't) tell us more than any description. "
        "Screenshots are fine, from photographers, magazines, colleagues' profiles. You can "
        "attach them when you book, or bring them on your phone.",
        True,
    ),
    (
        Tip.Category.BRING,
        EVERY,
        "Pack a small grooming kit",
        "A comb or brush, hair ties and pins, a lint roller, blotting papers, lip balm, your "
        "usual make-up for touch-ups and spare contact lenses if you wear them, and a small "
        "mirror for last-minute checks.",
        True,
    ),
    (
        Tip.Category.BRING,
        STORY,
        "Props with a story",
        "An instrument, the tools of your trade, a favourite book, your dog: a prop can say in "
        "one picture what a paragraph of bio cannot. Choose one or two that mean something "
        "rather than a bag full, and check with us first if anything is large or fragile.",
        True,
    ),
    (
        Tip.Category.BRING,
        HYBRID,
        "Bring your brand material",
        "Products, packaging, business cards, a laptop or notebook you actually work with: "
        "having them to hand lets us make pictures that are unmistakably about your business. "
        "Clean screens and tidy desks photograph better, so give them a wipe before you come.",
        True,
    ),
    (
        Tip.Category.BRING,
        EVERY,
        "A friend, if it helps you relax",
        "Some people are more themselves with a familiar face in the room; others find an "
        "audience makes it harder. Either is fine. If you bring someone, they are welcome to "
        "help with outfit changes and to make you laugh between shots.",
        False,
    ),
    # Working with the photographer
    (
        Tip.Category.COLLABORATION,
        EVERY,
        "Tell us where the photos will be used",
        "A square profile crop, a wide website banner with space for text, a printed book "
        "jacket and a casting submission all need different framing. Knowing where the "
        "pictures are going lets us shoot each one with the right shape and room around you.",
        True,
    ),
    (
        Tip.Category.COLLABORATION,
        EVERY,
        "Say what you like (and don't) about your photos",
        "Most people have a side they prefer, a feature they are self-conscious about or an old "
        "photo they never want to see again. Tell us at the start. It is information, not "
        "vanity, and it helps us choose angles and light from the first frame.",
        False,
    ),
    (
        Tip.Category.COLLABORATION,
        FACE_FIRST,
        "Look at the pictures on screen as we go",
        "Your headshots appear on a large screen as they are taken. Use it: if something bothers "
        "you (a stray hair, a collar, the way you are smiling) say so straight away. Small "
        "adjustments during the session are much better than wishing afterwards.",
        False,
    ),
    (
        Tip.Category.COLLABORATION,
        HYBRID,
        "Agree a shot list before the day",
        "List the places your pictures will appear (home page, about page, social posts, "
        "newsletters, talks) and what each one needs: horizontal or vertical, space for a "
        "headline, close-up or wide. We turn it into a shot list so nothing important is "
        "forgotten when the day gets busy.",
        True,
    ),
    (
        Tip.Category.COLLABORATION,
        HEADSHOT,
        "Actors: follow your agent's brief",
        "Casting headshots should look like the person who walks into the audition room: "
        "natural make-up, your current hair, light retouching. Ask your agent whether they "
        "want colour or black and white, which crop they prefer and whether they need a "
        "commercial (friendly) and a dramatic (serious) look.",
        True,
    ),
    (
        Tip.Category.COLLABORATION,
        STORY,
        "Share the story behind the session",
        "A portrait is easier to make when we know why it matters now: a new business, a book, "
        "a milestone birthday, a family that will not be together again for a while. A few "
        "sentences by email before the day give us ideas for places, poses and moments.",
        False,
    ),
]


# Tips that make sense in one place only: emails leave them out for the other.
TIP_PLACES = {
    "Arrive ten minutes early": Tip.Place.STUDIO,
    "Check the directions and parking the day before": Tip.Place.STUDIO,
    "How a personal branding day runs": Tip.Place.STUDIO,
    "Plan for the location and the weather": Tip.Place.LOCATION,
}

# How many days before the session each tip must be started on; emails sent later leave it
# out (a haircut settles in five to ten days; a beard trim in two or three).
TIP_LEAD_DAYS = {
    "Fit matters more than the label": 3,
    "Have your haircut a week before, not the day before": 5,
    "Facial hair: decide and commit": 2,
    "Sleep and water in the two days before": 2,
    "Practise your expressions in a mirror": 1,
    "Agree a shot list before the day": 2,
    "Actors: follow your agent's brief": 2,
    "Share the story behind the session": 1,
    "Plan for the location and the weather": 2,
}


def seed_guides() -> None:
    for data in GUIDES:
        data = dict(data)
        Guide.objects.get_or_create(slug=data.pop("slug"), defaults=data)
    existing = set(Tip.objects.values_list("title", flat=True))
    order_in_category: dict[str, int] = {}
    new_tips = []
    for category, kinds, title, body, use_in_reminders in TIPS:
        order = order_in_category[category] = order_in_category.get(category, 0) + 1
        if title in existing:
            continue
        new_tips.append(
            Tip(
                category=category,
                title=title,
                body=body,
                order=order * 10,
                use_in_reminders=use_in_reminders,
                place=TIP_PLACES.get(title, Tip.Place.ANY),
                act_days_before=TIP_LEAD_DAYS.get(title, 0),
                **{f"for_{kind}": kind in kinds for kind in EVERY},
            )
        )
    Tip.objects.bulk_create(new_tips)
