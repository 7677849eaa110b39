"""The small, hostile site the search tests run against.

    python3 Tests/Browser/search_site.py DIR     writes hush.yml and content/ into DIR

Its stories carry markup in every text field a result shows (title, tags, content warning,
excerpt), accented and unaccented spellings of the same words, a Chinese story, and more
stories matching one word than search.js shows at most. test_search.py names them through
the constants below.
"""

import pathlib
import sys

# A story whose title, tags, mood and body are markup: search must show it as text.
HOSTILE_TITLE = "<img src=x onerror=alert(1)> and <b>bold</b>"
HOSTILE_TAG = "<u>under</u>"
HOSTILE_WORD = "zanzibar"  # in the body of both hostile stories, and nowhere else
# An untitled story behind a content warning that is itself markup.
HOSTILE_CW = "<svg onload=alert(3)>"

# Accent folding, both ways: each spelling must find the other.
ACCENTED_TITLE = "Every morning at the café"       # also "crème brûlée" in the body
PLAIN_TITLE = "The cafe with no name"              # also "creme brulee" in the body

# CJK: a query of two characters inside a sentence with no spaces.
CJK_TITLE = "没有寄出的信"
CJK_QUERY = "夜里"

# More stories matching one word than search.js shows (its MAX_RESULTS is 50).
MANY_WORD = "lantern"
MANY_COUNT = 60
# The oldest story, the only one with this word in its title; every walk has it in the body.
RIVER_TITLE = "The river at the end of the road"
RIVER_WORD = "river"

SITE = """\
title: "Search test"
base_url: "http://127.0.0.1/"
language: en
page_size: 20
# Only for this throwaway test site.
secret: "browser-tests-only-9f2c4e1a7b3d5c6e8f0a1b2c3d4e5f60"
"""


def _story(title, date, body, tags=(), cw=None, mood=None):
    lines = ["---"]
    if title is not None:
        lines.append("title: " + _quote(title))
    lines.append("date: " + date)
    if tags:
        lines.append("tags: [" + ", ".join(_quote(t) for t in tags) + "]")
    if cw is not None:
        lines.append("cw: " + _quote(cw))
    if mood is not None:
        lines.append("mood: " + _quote(mood))
    lines += ["---", body, ""]
    return "\n".join(lines)


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stories():
    """Yields (file name, markdown) for every story of the site."""
    yield "hostile.md", _story(
        HOSTILE_TITLE,
        "2026-11-20",
        "A story with `<script>alert(2)</script>` and <em>raw html</em> in it, "
        "written somewhere near " + HOSTILE_WORD.capitalize() + ".",
        tags=[HOSTILE_TAG, "hostile"],
        mood="<i>sly</i>",
    )
    yield "hostile-cw.md", _story(
        None,
        "2026-11-19",
        "Behind a <b>warning</b>, a story about " + HOSTILE_WORD + ".",
        tags=["hostile"],
        cw=HOSTILE_CW,
    )
    yield "accented.md", _story(
        ACCENTED_TITLE,
        "2026-11-18",
        "I order the crème brûlée before nine and nobody there thinks it strange.",
        tags=["food"],
    )
    yield "plain.md", _story(
        PLAIN_TITLE,
        "2026-11-17",
        "They make a creme brulee on Fridays, and I have never once missed it.",
        tags=["food"],
    )
    yield "cjk.md", _story(
        CJK_TITLE,
        "2026-11-16",
        "我在夜里给妈妈写了一封信，写完以后一直放在抽屉里，到今天也没有寄出去。",
        tags=["家人"],
    )
    yield "river.md", _story(
        RIVER_TITLE,
        "2026-09-01",
        "Some evenings the water is so still that the bridge looks doubled.",
        tags=["walks"],
    )
    for number in range(1, MANY_COUNT + 1):
        yield "many/%02d.md" % number, _story(
            "Night walk number %d" % number,
            "2026-10-%02d" % (1 + number % 28),
            "On walk %d I carried the old %s down to the river and back." % (number, MANY_WORD),
            tags=["walks"],
        )


def write_site(root):
    root = pathlib.Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "hush.yml").write_text(SITE, encoding="utf-8")
    for name, text in stories():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: search_site.py DIR")
    write_site(sys.argv[1])
