"""The search page (Templates/default/search.mustache + assets/search.js) in headless Chromium.

Runs against the site search_site.py describes, served on 127.0.0.1. Every theme uses the
default theme's search page and script, so one theme is enough here. The index is split
(docs/themes.md, Search): search/index.json names the chunks of words (search/words/<n>.json)
and the fragment files (search/stories/<g>.json) a query may fetch.
"""

import gzip
import json
import math
import pathlib
import re
import unicodedata
import urllib.parse
import urllib.request

import pytest
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import search_site as site

# search.js: MAX_RESULTS. A contract of the page ("At most 50 results are shown"), so it is
# written here rather than read from the script a break could change.
MAX_RESULTS = 50
LOADING = "Loading the stories…"
# Issue 10's bounds: what the search page loads before a query (gzipped), and what one
# query adds (gzipped); and no file of the index larger than this (raw).
BEFORE_QUERY_GZIP = 30 * 1024
FIRST_QUERY_GZIP = 150 * 1024
LARGEST_FILE = 300 * 1024

# Runs in every page before its own scripts (DevTools inserts it; the page's CSP does not
# apply): records Content-Security-Policy violations and alert() calls, so a test can see
# what the CSP blocked.
RECORDER = """
window.__hushTest = {violations: [], alerts: []};
document.addEventListener("securitypolicyviolation", function (event) {
  window.__hushTest.violations.push(event.violatedDirective + " " + event.blockedURI);
});
window.alert = function (message) { window.__hushTest.alerts.push(String(message)); };
"""


@pytest.fixture(scope="module")
def page(browser, serve, search_site):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    browser.execute_cdp_cmd("Network.enable", {})
    server = serve(search_site)
    return Page(browser, server, search_site)


class Page:
    def __init__(self, driver, server, folder):
        self.driver = driver
        self.server = server
        self.folder = folder

    def open(self, query=None):
        """Opens /search/ (with ?q=query) and waits until the script has shown its form."""
        path = "/search/"
        if query is not None:
            path += "?" + urllib.parse.urlencode({"q": query})
        self.driver.get(self.server.url(path))
        self.wait(lambda d: self.form_shown(), "the search form never appeared (did search.js run?)")

    def form_shown(self):
        return self.driver.execute_script(
            "var f = document.querySelector('form[data-index]'); return !!f && !f.hidden;"
        )

    def wait(self, condition, message, timeout=5):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(condition)
        except TimeoutException:
            pytest.fail("%s; count line: %r" % (message, self.count()), pytrace=False)

    def count(self):
        return self.driver.execute_script(
            "var c = document.getElementById('search-count'); return c ? c.textContent : null;"
        )

    def settled(self):
        """Waits until the count line says how many stories match (not empty, not loading)."""
        self.wait(lambda d: self.count() not in ("", None, LOADING), "search never showed a result count")
        return self.count()

    def search(self, query):
        """Types a query into a freshly opened search page; returns the result titles."""
        self.open()
        box = self.driver.find_element(By.CSS_SELECTOR, "form[data-index] input[type=search]")
        if all(ord(ch) <= 0xFFFF and (ord(ch) < 0x300 or not unicodedata.combining(ch)) for ch in query):
            box.send_keys(query)
        else:  # a combining mark on its own is not a key, nor is a character beyond U+FFFF for
            # chromedriver: set the value and say it changed
            self.driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                box,
                query,
            )
        self.settled()
        return self.titles()

    def titles(self):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#search-results > li')).map(function (li) {"
            "  var a = li.querySelector('a'); return a ? a.textContent : null; });"
        )

    def recorded(self):
        return self.driver.execute_script("return window.__hushTest || {violations: [], alerts: []};")

    def fetch_json(self, path):
        with urllib.request.urlopen(self.server.url(path)) as response:
            return json.loads(response.read().decode("utf-8"))

    def entry(self):
        return self.fetch_json("/search/index.json")

    def index(self):
        """Every story's fragment, in the index's order (story n is the n-th)."""
        entry = self.entry()
        items = []
        for group in range(math.ceil(entry["stories"] / entry["stories_per_file"])):
            items += self.fetch_json("/search/stories/%d.json" % group)
        assert len(items) == entry["stories"]
        return items


# Markup in a story is text: in the index and on the page.


def test_the_index_holds_markup_as_plain_text(page):
    index = page.index()
    by_title = {item.get("title"): item for item in index}
    # JSON carries text: the title as written, not HTML-escaped (&lt;img…) and not dropped.
    assert site.HOSTILE_TITLE in by_title, sorted(by_title)[:20]
    assert site.HOSTILE_TAG in by_title[site.HOSTILE_TITLE]["tags"]
    cws = [item.get("cw") for item in index if item.get("cw")]
    assert cws == [site.HOSTILE_CW]


def test_results_are_text_and_create_no_element(page):
    page.search(site.HOSTILE_WORD)
    assert re.search(r"\b2\b", page.count()), page.count()  # the two hostile stories
    results = page.driver.find_element(By.ID, "search-results")
    elements = page.driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll('*')).map(function (e) { return e.localName; });",
        results,
    )
    # search.js makes these with createElement (add one here when it makes another on purpose);
    # the stories' markup (img, b, u, i, em, svg, script) must make none.
    made = {"li", "h2", "a", "p", "details", "summary", "span"}
    assert set(elements) <= made, "elements search.js did not make itself: %s" % sorted(set(elements) - made)
    assert page.driver.execute_script("return document.querySelectorAll('img, svg, script:not([src]), b, u').length") == 0
    titles = page.titles()
    assert site.HOSTILE_TITLE in titles, titles  # shown literally, not escaped twice
    hostile = results.find_elements(By.CSS_SELECTOR, "li")[titles.index(site.HOSTILE_TITLE)]
    assert "#" + site.HOSTILE_TAG in hostile.text
    summaries = [s.get_attribute("textContent") for s in results.find_elements(By.TAG_NAME, "summary")]
    assert len(summaries) == 1 and site.HOSTILE_CW in summaries[0], summaries
    recorded = page.recorded()
    assert recorded["alerts"] == [], recorded
    assert recorded["violations"] == [], "the CSP had to block something: %r" % recorded["violations"]
    with pytest.raises(NoAlertPresentException):
        page.driver.switch_to.alert.text


# Nothing but the site's own origin.


def _request_urls(driver):
    """Every URL the browser asked for since the last call (the DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_fetches_only_same_origin_urls(page):
    driver = page.driver
    driver.get("about:blank")
    _request_urls(driver)  # drop what earlier tests logged
    page.open(site.MANY_WORD)
    page.settled()
    page.driver.find_element(By.CSS_SELECTOR, "input[type=search]").send_keys(" walk")
    page.wait(lambda d: "q=lantern+walk" in d.current_url, "the typed query never reached the address")
    urls = _request_urls(driver)
    timed = driver.execute_script(
        "return performance.getEntries().filter(function (e) {"
        "  return e.entryType === 'navigation' || e.entryType === 'resource'; })"
        ".map(function (e) { return e.name; });"
    )
    # What the page's CSP refused never reaches the network log: the recorder saw it.
    recorded = page.recorded()
    assert recorded["violations"] == [], "the page tried to reach (and its CSP blocked): %r" % recorded["violations"]
    for url in urls + timed:
        parsed = urllib.parse.urlsplit(url)
        origin = "%s://%s" % (parsed.scheme, parsed.netloc)
        assert origin == page.server.origin, "request to another origin: %s" % url
    # the logs are live: they saw the index being fetched, its entry and a chunk of words
    for log in (urls, timed):
        assert any(u.endswith("/search/index.json") for u in log), log
        assert any("/search/words/" in u for u in log), log


# Matching.


@pytest.mark.parametrize(
    "query",
    ["cafe", "café", "cafe\u0301", "CAFÉ", "creme brulee", "crème brûlée"],
    ids=["plain", "accented", "decomposed", "upper", "plain-words", "accented-words"],
)
def test_accents_and_case_are_folded(page, query):
    titles = page.search(query)
    assert sorted(titles) == sorted([site.ACCENTED_TITLE, site.PLAIN_TITLE]), titles


def test_cjk_query_without_spaces_matches_inside_text(page):
    assert page.search(site.CJK_QUERY) == [site.CJK_TITLE]
    assert page.search("寄出") == [site.CJK_TITLE]
    assert page.search("白天") == []
    assert page.count() == "No stories match."


def test_query_in_the_address_fills_and_runs_the_search(page):
    page.open("café")
    assert page.driver.find_element(By.CSS_SELECTOR, "input[type=search]").get_attribute("value") == "café"
    page.settled()
    assert sorted(page.titles()) == sorted([site.ACCENTED_TITLE, site.PLAIN_TITLE])
    page.open(site.CJK_QUERY)
    page.settled()
    assert page.titles() == [site.CJK_TITLE]


def test_typed_query_is_kept_in_the_address(page):
    page.search("brulee")
    page.wait(lambda d: "q=brulee" in d.current_url, "the typed query never reached the address")


def test_results_stop_at_the_cap_and_say_so(page):
    titles = page.search(site.MANY_WORD)
    assert site.MANY_COUNT > MAX_RESULTS
    assert len(titles) == MAX_RESULTS
    assert all(t.startswith("Night walk number ") for t in titles), titles
    count = page.count()
    assert re.search(r"\b%d\b" % site.MANY_COUNT, count) and re.search(r"\b%d\b" % MAX_RESULTS, count), count


def test_title_matches_come_first(page):
    # The oldest story has the word in its title, the newer walks in their bodies.
    titles = page.search(site.RIVER_WORD)
    assert titles and titles[0] == site.RIVER_TITLE, titles[:3]


# Without JavaScript, and without the index.


def test_without_javascript_the_tag_list_shows_and_nothing_is_loading(page):
    driver = page.driver
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(page.server.url("/search/?q=cafe"))
        assert driver.execute_script("return document.readyState") == "complete"
        fallback = driver.find_element(By.ID, "search-fallback")
        assert fallback.is_displayed(), "without JavaScript the fallback (#search-fallback) is hidden"
        shown = [a.get_attribute("href") for a in fallback.find_elements(By.CSS_SELECTOR, "a") if a.is_displayed()]
        tags = [href for href in shown if "/tags/" in href]
        # hostile, food, walks, 家人 and the markup tag
        assert len(tags) >= 5, "the fallback shows too few tag links: %r" % shown
        form = driver.find_element(By.CSS_SELECTOR, "form.search-form")
        assert not form.is_displayed(), "without JavaScript the search form (which needs it) is shown"
        assert driver.find_element(By.ID, "search-count").text == "", "the count line says something"
        assert driver.find_elements(By.CSS_SELECTOR, "#search-results > li") == []
        body = driver.find_element(By.TAG_NAME, "body").text
        # The message is in the page, as the form's data-text-loading (the site's words for
        # search.js), but nothing shows it.
        assert "Loading" not in body and LOADING not in body, "a loading message without JavaScript"
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.parametrize(
    "blocked", ["*/search/index.json", "*/search/words/*", "*/search/stories/*"], ids=["entry", "words", "stories"]
)
def test_when_the_index_fails_the_tag_list_comes_back(page, blocked):
    driver = page.driver
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [blocked]})
    try:
        page.open("cafe")
        page.wait(lambda d: page.count() not in ("", LOADING), "the count line stayed %r" % page.count())
        assert "not available" in page.count()
        assert driver.find_element(By.ID, "search-fallback").is_displayed()
        assert "Loading" not in driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


# Folding: search.js must fold and split a query exactly as hush folds and splits a story.


def _utf16(text):
    """JavaScript's order of strings (UTF-16 code units), which the chunks are sorted in."""
    return text.encode("utf-16-be")


def chunks_for(entry, word, prefix):
    """The chunk numbers search.js fetches for a word: the last chunk starting at or before
    it, and for a prefix the chunks after it whose first word still begins with it."""
    first = entry["chunks"]
    found = [max([0] + [n for n, start in enumerate(first) if _utf16(start) <= _utf16(word)])]
    while prefix and found[-1] + 1 < len(first) and first[found[-1] + 1].startswith(word):
        found.append(found[-1] + 1)
    return found


def test_hush_indexed_the_folding_cases_as_the_cases_say(page):
    entry = page.entry()
    chunks = {}
    for case in site.FOLDING_CASES:
        for word in case["words"]:
            number = chunks_for(entry, word, prefix=False)[0]
            if number not in chunks:
                chunks[number] = page.fetch_json("/search/words/%d.json" % number)
            assert word in chunks[number], "%s: %r is not in chunk %d" % (case["name"], word, number)


FOLDING_FINDS = [
    (number, query) for number, case in enumerate(site.FOLDING_CASES, start=1) for query in case["find"]
]
FOLDING_MISSES = [
    (number, query) for number, case in enumerate(site.FOLDING_CASES, start=1) for query in case["miss"]
]


@pytest.mark.parametrize("number,query", FOLDING_FINDS, ids=["%d:%s" % f for f in FOLDING_FINDS])
def test_a_query_folded_by_search_js_finds_the_text_hush_folded(page, number, query):
    titles = page.search(query)
    assert site.FOLDING_TITLE % number in titles, "%r (%s) did not find its story: %r" % (
        query, site.FOLDING_CASES[number - 1]["name"], titles[:5])


@pytest.mark.parametrize("number,query", FOLDING_MISSES, ids=["%d:%s" % f for f in FOLDING_MISSES])
def test_folding_does_not_go_further_than_it_says(page, number, query):
    assert site.FOLDING_TITLE % number not in page.search(query)


# What the browser fetches: the entry before a query, then only the chunks and fragments the
# query needs; and how much that is.


def _site_file(page, url):
    """The file on disk that serves a URL of the site, or None."""
    path = urllib.parse.urlsplit(url).path
    if path.endswith("/"):
        path += "index.html"
    file = pathlib.Path(page.folder) / path.lstrip("/")
    return file if file.is_file() else None


def _transfer(page, urls):
    """(raw bytes, gzipped bytes) of the site files behind the URLs, each counted once."""
    files = {file for file in (_site_file(page, url) for url in urls) if file is not None}
    raw = sum(file.stat().st_size for file in files)
    compressed = sum(len(gzip.compress(file.read_bytes(), compresslevel=6)) for file in files)
    return raw, compressed


def _index_paths(urls, folder):
    prefix = "/search/%s/" % folder
    return {urllib.parse.urlsplit(u).path for u in urls if urllib.parse.urlsplit(u).path.startswith(prefix)}


@pytest.fixture
def uncached(page):
    """Every request goes to the server (and into the network log), none to the cache."""
    driver = page.driver
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.get("about:blank")
    _request_urls(driver)  # drop what earlier tests logged
    yield page
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})


def _open_and_wait_for_the_entry(page):
    page.open()
    page.wait(
        lambda d: d.execute_script(
            "return performance.getEntriesByType('resource').some(function (e) {"
            "  return /\\/search\\/index\\.json$/.test(e.name); });"
        ),
        "the page never fetched search/index.json",
    )
    return _request_urls(page.driver)


def test_before_a_query_the_page_loads_its_entry_and_no_more(uncached):
    page = uncached
    before = _open_and_wait_for_the_entry(page)
    assert _index_paths(before, "words") == set() and _index_paths(before, "stories") == set(), before
    raw, compressed = _transfer(page, before)
    assert compressed <= BEFORE_QUERY_GZIP, "the search page loads %d bytes gzipped (%d raw) before a query" % (
        compressed, raw)
    print("before a query: %d bytes, %d gzipped" % (raw, compressed))


def test_a_query_fetches_only_the_chunks_and_fragments_it_needs(uncached):
    page = uncached
    _open_and_wait_for_the_entry(page)
    entry = page.entry()
    assert len(entry["chunks"]) >= 8, "the test site should be split into many chunks: %r" % entry["chunks"]
    box = page.driver.find_element(By.CSS_SELECTOR, "form[data-index] input[type=search]")
    box.send_keys(site.MANY_WORD + " walk")
    page.settled()
    urls = _request_urls(page.driver)

    wanted = set(chunks_for(entry, site.MANY_WORD, prefix=True) + chunks_for(entry, "walk", prefix=True))
    assert _index_paths(urls, "words") == {"/search/words/%d.json" % n for n in wanted}
    # fragments: exactly the files that hold the results shown
    numbers = {item["url"]: number for number, item in enumerate(page.index())}
    shown = page.driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-results > li a')).map(function (a) {"
        "  return a.getAttribute('href'); });"
    )
    assert len(shown) == MAX_RESULTS
    groups = {numbers[urllib.parse.urlsplit(href).path] // entry["stories_per_file"] for href in shown}
    assert _index_paths(urls, "stories") == {"/search/stories/%d.json" % g for g in groups}
    # each file of this build, never one of another build a cache kept
    for url in urls:
        if "/search/words/" in url or "/search/stories/" in url:
            assert urllib.parse.urlsplit(url).query == "v=" + entry["version"], url
    raw, compressed = _transfer(page, [u for u in urls if "/search/words/" in u or "/search/stories/" in u])
    assert compressed <= FIRST_QUERY_GZIP, "the query fetched %d bytes gzipped (%d raw)" % (compressed, raw)


def test_no_file_of_the_index_is_large(search_site):
    files = [f for f in (pathlib.Path(search_site) / "search").rglob("*") if f.is_file()]
    assert len(files) > 100, "a site of %d stories makes more files than %d" % (site.FILLER_COUNT, len(files))
    largest = max(files, key=lambda f: f.stat().st_size)
    assert largest.stat().st_size <= LARGEST_FILE, "%s is %d bytes" % (largest, largest.stat().st_size)
