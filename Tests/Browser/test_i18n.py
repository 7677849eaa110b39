"""search.js in the site's language: the Arabic site of Tests/Browser/sites/ar, built by
scripts/check-browser, in headless Chromium.

The page gives the script its words (the form's data-text-* attributes, from the string
table) and the script picks a count's CLDR plural form with Intl.PluralRules for the page's
lang: Arabic has six. A result in a language written in the other direction than the page
keeps its own dir, as the cards do.
"""

import os
import pathlib
import urllib.parse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait


@pytest.fixture(scope="module")
def arabic(browser, serve):
    value = os.environ.get("HUSH_BROWSER_ARABIC_SITE")
    if not value or not (pathlib.Path(value) / "search" / "index.json").is_file():
        pytest.fail("HUSH_BROWSER_ARABIC_SITE names no built site: run through scripts/check-browser", pytrace=False)
    return browser, serve(pathlib.Path(value))


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
