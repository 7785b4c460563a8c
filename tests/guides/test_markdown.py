import pytest

from guides.markdown import markdown_to_text, render_markdown


def test_markdown_renders_basic_formatting():
    html = render_markdown("Wear **solid** colours.\n\n- navy\n- grey")
    assert "<strong>solid</strong>" in html
    assert "<li>navy</li>" in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<div style="position:fixed">x</div>', "style="),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ("[d](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_dangerous_markup_renders_inert(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_links_are_kept_safe_and_marked_nofollow():
    html = render_markdown("[our studio](https://example.com/studio)")
    assert 'href="https://example.com/studio"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_plain_text_version_has_no_tags():
    assert markdown_to_text("Bring **two** tops <script>x</script>") == "Bring two tops"


@pytest.mark.parametrize(
    "source",
    [
        '<form action="https://evil.example"><input name="card"></form>',
        '<a href="https://example.com" onclick="steal()">x</a>',
        '<svg onload="alert(1)"><circle r="1"/></svg>',
        '<object data="x.swf"></object>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<style>body{display:none}</style>",
        '[x](JaVaScRiPt:alert(1) "t")',
        '<a href="vbscript:msgbox(1)">x</a>',
    ],
)
def test_raw_html_is_stripped_to_inert_text(source):
    html = render_markdown(source).lower()
    forbidden = ("<form", "<input", "onclick", "<svg", "onload", "<object", "style", "script:")
    for marker in forbidden:
        assert marker not in html
