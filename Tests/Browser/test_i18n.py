"""A site in Arabic, written right to left: Tests/Browser/sites/ar, built in every theme by
scripts/check-browser, in headless Chromium.

search.js in the site's language: the page gives the script its words (the form's
data-text-* attributes, from the string table) and the script picks a count's CLDR plural
form with Intl.PluralRules for the page's lang (Arabic has six). A result in a language
written in the other direction than the page keeps its own dir, as the cards do. And the
mirrored pages pass axe-core's WCAG rules, as the English ones do (test_accessibility).
"""

import os
import pathlib
import urllib.parse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from conftest import THEMES
from test_accessibility import FAILING, _describe, axe, page_path  # noqa: F401 (axe is a fixture)


@pytest.fixture(scope="module")
def arabic_sites():
    value = os.environ.get("HUSH_BROWSER_ARABIC_SITES")
    folders = {theme: pathlib.Path(value or "") / theme for theme in THEMES}
    if not value or not all((folder / "search" / "index.json").is_file() for folder in folders.values()):
        pytest.fail("HUSH_BROWSER_ARABIC_SITES names no built sites: run through scripts/check-browser", pytrace=False)
    return folders


@pytest.fixture(scope="module")
def arabic(browser, serve, arabic_sites):
    return browser, serve(arabic_sites["default"])


def search(arabic, query):
    driver, server = arabic
    driver.get(server.url("/search/?" + urllib.parse.urlencode({"q": query})))

    def settled(d):
        text = d.execute_script("return document.getElementById('search-count').textContent")
        return text if text and "…" not in text else False

    try:
        return WebDriverWait(driver, 5, poll_frequency=0.05).until(settled)
    except TimeoutException:
        pytest.fail("no count for %r" % query, pytrace=False)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("القطار", "قصة واحدة"),  # one
        ("حزن", "قصتان"),  # two
        ("خوف", "3 قصص"),  # few
        ("zzzz", "لا توجد قصص مطابقة."),  # none
    ],
)
def test_the_count_takes_the_arabic_plural_form(arabic, query, expected):
    assert search(arabic, query) == expected


def test_a_result_in_english_keeps_its_own_direction(arabic):
    search(arabic, "خوف")
    driver, _ = arabic
    results = driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-results > li')).map("
        "function (li) { return [li.lang, li.dir, li.querySelector('a').textContent]; })"
    )
    assert ["en", "ltr", "I never learned to swim"] in results
    assert driver.execute_script("return document.documentElement.dir") == "rtl"
    # Arabic results inherit the page's direction: no dir of their own.
    assert all(direction == "" for lang, direction, _ in results if lang != "en")


@pytest.mark.parametrize("kind", ["home", "story", "story-cw", "tag", "search-results"])
@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_nothing_serious_on_the_arabic_site(browser, serve, arabic_sites, axe, theme, kind):
    out = arabic_sites[theme]
    server = serve(out)
    path = "/search/?q=%D8%AE%D9%88%D9%81" if kind == "search-results" else page_path(out, kind)  # ?q=خوف
    browser.get(server.url(path))
    if kind == "search-results":
        WebDriverWait(browser, 5, poll_frequency=0.05).until(
            lambda d: d.execute_script("return document.querySelectorAll('#search-results > li').length") > 0,
            "the search page showed no results",
        )
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    result = axe()
    assert "error" not in result, "axe failed: %s" % result.get("error")
    serious = [v for v in result["violations"] if v["impact"] in FAILING]
    assert not serious, "axe, %s theme, %s page:\n%s" % (theme, kind, "\n".join(_describe(v) for v in serious))
