"""The heart button in headless Chromium, against a tiny fake backend.

Builds a small site of its own (with the hush binary scripts/check-browser names, HUSH_BINARY)
in every built-in theme, with `backend.url` pointing at a fake hearts backend this module
starts on 127.0.0.1: another port, so another origin, which the page's CSP must allow for
form-action and connect-src (and nothing else does). The fake answers as `hush backend` does
(docs/backend.md): `POST /hearts/<id>` with JSON for `Accept: application/json`, else 303 back
to the story; `GET /hearts.json` with the totals.

- With JavaScript, a click updates the count in place (no navigation), under the CSP;
- list pages take their counts from /hearts.json;
- with the backend down, a click changes nothing and the page stays;
- with JavaScript off, the button is a plain form: the browser posts and follows the 303;
- axe-core finds nothing serious on a story page and a list with the buttons, light and dark.
"""

import http.server
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import THEMES, Server, new_browser
from test_accessibility import AXE_REQUIRED_TAGS, AXE_TAGS, FAILING, SCHEMES, _axe_source, _describe, emulate

STORIES = {
    # file: (title, id, front-matter hearts)
    "night.md": ("Night shift", "night01", 4),
    "letter.md": ("The letter", "letter01", 9),
    "train.md": ("Last train", "train01", 0),
}

# Runs in every page before its own scripts (DevTools inserts it; the CSP does not apply):
# records what the page's CSP blocked, and marks the document so a navigation shows.
RECORDER = """
window.__violations = [];
window.__sameDocument = true;
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class FakeBackend:
    """`hush backend`'s hearts endpoints, as far as a page sees them, on 127.0.0.1."""

    def __init__(self):
        self.site_origin = None
        self.down = False
        self.posts = []  # (id, "json" or "form")
        self.hearts = {story_id: hearts for (_, story_id, hearts) in STORIES.values()}
        self.extra = {"train01": 700}  # what /hearts.json says others gave, unseen by the build
        self.lock = threading.Lock()
        backend = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def answer(self, status, body=None, headers=()):
                self.send_response(status)
                if backend.site_origin:
                    self.send_header("Access-Control-Allow-Origin", backend.site_origin)
                for name, value in headers:
                    self.send_header(name, value)
                data = json.dumps(body).encode() if body is not None else b""
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                match = re.fullmatch(r"/hearts/([A-Za-z0-9_-]+)", self.path)
                if backend.down:
                    return self.answer(503, {"error": "down"})
                if not match or match.group(1) not in backend.hearts:
                    return self.answer(404, {"error": "no such story"})
                story_id = match.group(1)
                wants_json = "application/json" in (self.headers.get("Accept") or "")
                with backend.lock:
                    backend.hearts[story_id] += 1
                    backend.posts.append((story_id, "json" if wants_json else "form"))
                    count = backend.hearts[story_id]
                if wants_json:
                    return self.answer(200, {"id": story_id, "hearts": count})
                return self.answer(303, headers=[("Location", "%s/s/%s/" % (backend.site_origin, story_id))])

            def do_GET(self):
                if backend.down:
                    return self.answer(503, {"error": "down"})
                if self.path != "/hearts.json":
                    return self.answer(404, {"error": "not here"})
                with backend.lock:
                    totals = {key: value + backend.extra.get(key, 0) for key, value in backend.hearts.items()}
                return self.answer(200, {"format": "hush-ledger", "version": 1, "hearts": {}, "totals": totals})

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def story_text(title, story_id, hearts, day):
    return "---\ntitle: %s\ndate: 2026-10-%02d\nid: %s\nhearts: %d\n---\nA few plain words about %s.\n" % (
        title, day, story_id, hearts, title.lower())


@pytest.fixture(scope="module")
def sites():
    """{theme: (site server, fake backend)}: the small site built in every theme."""
    hush = os.environ.get("HUSH_BINARY")
    if not hush or not os.access(hush, os.X_OK):
        pytest.fail("HUSH_BINARY is not set to the hush binary: run through scripts/check-browser", pytrace=False)
    work = pathlib.Path(tempfile.mkdtemp(prefix="hush-hearts-browser-"))
    started = {}
    try:
        for theme in THEMES:
            backend = FakeBackend()
            out = work / ("out-" + theme)
            out.mkdir()
            server = Server(out)
            backend.site_origin = server.origin
            site = work / ("site-" + theme)
            (site / "content").mkdir(parents=True)
            (site / "hush.yml").write_text(
                'title: "Hearts test"\nbase_url: "%s/"\nsecret: "browser-test-secret-0002"\ntheme: %s\n'
                'backend:\n  url: "%s/"\n' % (server.origin, theme, backend.origin))
            for day, (name, (title, story_id, hearts)) in enumerate(sorted(STORIES.items()), start=1):
                (site / "content" / name).write_text(story_text(title, story_id, hearts, day))
            built = subprocess.run(
                [hush, "build", str(site), "--output", str(out), "--now", "2026-11-29", "--strict", "--no-cache"],
                capture_output=True, text=True)
            assert built.returncode == 0, built.stderr
            started[theme] = (server, backend)
        yield started
    finally:
        for server, backend in started.values():
            server.close()
            backend.close()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    driver = new_browser()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    yield driver
    driver.quit()


def count_of(driver, story_id):
    """The visible count and the live region's count of the story's heart form."""
    return driver.execute_script(
        "var form = document.querySelector('form.heart-form[action$=\"/hearts/' + arguments[0] + '\"]');"
        "return form ? [form.querySelector('.heart-count').textContent, form.querySelector('.heart-total').textContent] : null;",
        story_id)


def wait_for(driver, condition, what):
    try:
        WebDriverWait(driver, 10).until(lambda d: condition(d))
    except Exception:
        pytest.fail("timed out waiting for " + what)


@pytest.mark.parametrize("theme", THEMES)
def test_a_click_updates_the_count_in_place(sites, browser, theme):
    server, backend = sites[theme]
    backend.down = False
    browser.get(server.url("/s/night01/"))
    # The baked count first (hearts.js may already have refreshed it from /hearts.json: the same).
    wait_for(browser, lambda d: count_of(d, "night01") is not None, "the heart form")
    before = int(count_of(browser, "night01")[0])
    assert before == backend.hearts["night01"]
    button = browser.find_element(By.CSS_SELECTOR, "form.heart-form button")
    assert button.accessible_name == "Give a heart"
    button.click()
    wait_for(browser, lambda d: count_of(d, "night01") == [str(before + 1)] * 2, "the count to go up in place")
    # The same document: no navigation, no reload; the backend got one JSON post.
    assert browser.execute_script("return window.__sameDocument === true")
    assert browser.current_url == server.url("/s/night01/")
    assert backend.posts[-1] == ("night01", "json")
    assert browser.execute_script("return window.__violations") == []
    assert "heart-given" in browser.find_element(By.CSS_SELECTOR, "form.heart-form").get_attribute("class")


@pytest.mark.parametrize("theme", THEMES)
def test_list_pages_take_the_counts_from_hearts_json(sites, browser, theme):
    server, backend = sites[theme]
    backend.down = False
    browser.get(server.url("/"))
    expected = str(backend.hearts["train01"] + backend.extra["train01"])
    # Baked: the front matter's 0; live: what /hearts.json says.
    wait_for(browser, lambda d: count_of(d, "train01") == [expected, expected], "the card's count from /hearts.json")
    assert browser.execute_script("return window.__violations") == []


@pytest.mark.parametrize("theme", THEMES)
def test_with_the_backend_down_the_page_keeps_its_baked_count(sites, browser, theme):
    server, backend = sites[theme]
    backend.down = True
    try:
        browser.get(server.url("/s/letter01/"))
        wait_for(browser, lambda d: count_of(d, "letter01") is not None, "the heart form")
        posts = len(backend.posts)
        browser.find_element(By.CSS_SELECTOR, "form.heart-form button").click()
        wait_for(browser, lambda d: d.execute_script(
            "return !document.querySelector('form.heart-form').hasAttribute('aria-busy')"), "the failed post to end")
        assert count_of(browser, "letter01") == ["9", "9"]
        assert browser.execute_script("return window.__sameDocument === true")
        assert len(backend.posts) == posts
        assert browser.execute_script("return window.__violations") == []
    finally:
        backend.down = False


def test_without_javascript_the_form_posts_and_follows_the_303(sites):
    server, backend = sites["default"]
    driver = new_browser(javascript=False)
    try:
        driver.get(server.url("/s/train01/"))
        posts = len(backend.posts)
        driver.find_element(By.CSS_SELECTOR, "form.heart-form button").click()
        wait_for(driver, lambda d: len(backend.posts) > posts, "the form's post")
        assert backend.posts[-1] == ("train01", "form")
        # The 303 leads back to the story, on the site's origin.
        wait_for(driver, lambda d: d.current_url == server.url("/s/train01/")
                 and d.find_elements(By.CSS_SELECTOR, "form.heart-form"), "the story again")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Last train"
    finally:
        driver.quit()


@pytest.mark.parametrize("page", ["/s/night01/", "/"])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_nothing_serious_about_the_buttons(sites, browser, theme, scheme, page):
    server, backend = sites[theme]
    backend.down = False
    emulate(browser, scheme)
    try:
        browser.get(server.url(page))
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "form.heart-form button"), "the heart buttons")
        browser.execute_script(_axe_source())
        known = browser.execute_script(
            "var tags = {}; axe.getRules().forEach(function (r) { r.tags.forEach(function (t) { tags[t] = 1; }); });"
            "return arguments[0].filter(function (t) { return tags[t]; });",
            AXE_TAGS,
        )
        assert all(tag in known for tag in AXE_REQUIRED_TAGS)
        result = browser.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            ".then(function (r) { done({violations: r.violations}); }, function (e) { done({error: String(e)}); });",
            known,
        )
        assert "error" not in result, result
        serious = [v for v in result["violations"] if v["impact"] in FAILING]
        assert not serious, "\n".join(_describe(v) for v in serious)
    finally:
        emulate(browser, "light")
