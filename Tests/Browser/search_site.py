"""The small, hostile site the search tests run against.

    python3 Tests/Browser/search_site.py DIR     writes hush.yml and content/ into DIR

Its stories carry markup in every text field a result shows (title, tags, content warning,
excerpt), accented and unaccented spellings of the same words, a Chinese story, more
stories matching one word than search.js shows at most, one story for each text of
folding_cases.json, and FILLER_COUNT stories of made-up words, so that the search index is
split into many files as on a real site of that size. test_search.py names them through the
constants below.
"""

import json
import pathlib
import random
import sys

# A story whose title, tags, mood and body are markup: search must show it as text. (In the
# body as code, which reaches the excerpt as text; raw HTML there never reaches the index, and
# the renderer reports it.)
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

# Texts that search.js must fold and split as hush does (folding_cases.json): one story each.
FOLDING_CASES = json.loads(pathlib.Path(__file__).with_name("folding_cases.json").read_text(encoding="utf-8"))["cases"]
FOLDING_TITLE = "Folding case %d"

# Stories of made-up words (a consonant and a vowel, again and again, so that none begins with
# a query of these tests), older than every story above: enough for an index of many chunks.
FILLER_COUNT = 2000
FILLER_CONSONANTS = "bdgkmnpstv"
FILLER_VOWELS = "aeiou"

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
        "A story with `<script>alert(2)</script>` and `<em>markup</em>` in it, "
        "written somewhere near " + HOSTILE_WORD.capitalize() + ".",
        tags=[HOSTILE_TAG, "hostile"],
        mood="<i>sly</i>",
    )
    yield "hostile-cw.md", _story(
        None,
        "2026-11-19",
        "Behind a `<b>warning</b>`, a story about " + HOSTILE_WORD + ".",
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


def folding_stories():
    """Yields (file name, markdown): the text of each folding case as the body of a story."""
    for number, case in enumerate(FOLDING_CASES, start=1):
        yield "folding/%02d.md" % number, _story(FOLDING_TITLE % number, "2026-08-%02d" % number, case["text"])


def filler_stories():
    """Yields (file name, markdown) for FILLER_COUNT stories of made-up words, the same every time."""
    rng = random.Random(10)
    syllables = [c + v for c in FILLER_CONSONANTS for v in FILLER_VOWELS]
    vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(30000)})
    rng.shuffle(vocabulary)

    def word():  # common words far more often than rare ones
        return vocabulary[int(len(vocabulary) * rng.random() ** 3)]

    tags = ["".join(rng.choice(syllables) for _ in range(3)) for _ in range(12)]
    for number in range(FILLER_COUNT):
        title = " ".join(word() for _ in range(rng.randint(2, 5))).capitalize()
        sentences = []
        for _ in range(rng.randint(3, 12)):
            sentence = " ".join(word() for _ in range(rng.randint(4, 14)))
            sentences.append(sentence.capitalize() + rng.choice([".", ".", "?", "!"]))
        date = "%d-%02d-%02d" % (2024 + number % 2, 1 + number % 12, 1 + number % 28)
        yield "filler/%04d.md" % number, _story(title, date, " ".join(sentences), tags=sorted(set(rng.sample(tags, rng.randint(1, 3)))))


def write_site(root):
    root = pathlib.Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "hush.yml").write_text(SITE, encoding="utf-8")
    for name, text in list(stories()) + list(folding_stories()) + list(filler_stories()):
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: search_site.py DIR")
    write_site(sys.argv[1])
