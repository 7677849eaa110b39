"""The search page (Templates/default/search.mustache + assets/search.js) in headless Chromium.

Runs against the site search_site.py describes, served on 127.0.0.1. Every theme uses the
default theme's search page and script, so one theme is enough here.
"""

import json
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
    return Page(browser, server)


class Page:
    def __init__(self, driver, server):
        self.driver = driver
        self.server = server

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
        if all(ord(ch) < 0x300 or not unicodedata.combining(ch) for ch in query):
            box.send_keys(query)
        else:  # a combining mark on its own is not a key: set the value and say it changed
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

    def index(self):
        with urllib.request.urlopen(self.server.url("/search.json")) as response:
            return json.loads(response.read().decode("utf-8"))


# Markup in a story is text: in search.json and on the page.


def test_search_json_holds_markup_as_plain_text(page):
    by_title = {item.get("title"): item for item in page.index()}
    # JSON carries text: the title as written, not HTML-escaped (&lt;img…) and not dropped.
    assert site.HOSTILE_TITLE in by_title, sorted(by_title)
    assert site.HOSTILE_TAG in by_title[site.HOSTILE_TITLE]["tags"]
    cws = [item.get("cw") for item in page.index() if item.get("cw")]
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
    # the logs are live: they saw the index being fetched
    assert any(u.endswith("/search.json") for u in urls), urls
    assert any(u.endswith("/search.json") for u in timed), timed


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
        assert "Loading" not in body and LOADING not in driver.page_source, "a loading message without JavaScript"
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_when_the_index_fails_the_tag_list_comes_back(page):
    driver = page.driver
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/search.json"]})
    try:
        page.open("cafe")
        page.wait(lambda d: page.count() not in ("", LOADING), "the count line stayed %r" % page.count())
        assert "not available" in page.count()
        assert driver.find_element(By.ID, "search-fallback").is_displayed()
        assert "Loading" not in driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
