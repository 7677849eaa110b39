"""`hush serve` in headless Chromium: a save shows up without a manual reload.

Starts the hush binary scripts/check-browser names (HUSH_BINARY) as `hush serve` on a small
site of its own, on 127.0.0.1 and a free port, and drives a real page: the reload script
runs under the page's CSP (no violation), a saved story is shown by itself, a changed
stylesheet is swapped without a reload, and a failed build puts its errors over the page
until the next good build.
"""

import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CONFIG = 'title: "Serve test"\nbase_url: "https://x.github.io/stories/"\nsecret: "browser-test-secret-0001"\n'


def story(title, story_id, body):
    return "---\ntitle: %s\ndate: 2026-10-01\nid: %s\n---\n%s\n" % (title, story_id, body)


# Runs in every page before its own scripts (DevTools inserts it; the CSP does not apply):
# records what the page's CSP blocked.
RECORDER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def served():
    hush = os.environ.get("HUSH_BINARY")
    if not hush or not os.access(hush, os.X_OK):
        pytest.fail("HUSH_BINARY is not set to the hush binary: run through scripts/check-browser", pytrace=False)
    work = pathlib.Path(tempfile.mkdtemp(prefix="hush-serve-browser-"))
    site = work / "site"
    (site / "content").mkdir(parents=True)
    (site / "Templates" / "default" / "assets").mkdir(parents=True)
    (site / "hush.yml").write_text(CONFIG)
    (site / "content" / "night.md").write_text(story("Night shift", "night01", "I sleep through the day."))
    (site / "content" / "light.md").write_text(story("The light", "light01", "\n\n".join(["Paragraph %d." % n for n in range(80)])))
    (site / "Templates" / "default" / "assets" / "theme.css").write_text("body { background: rgb(255, 255, 255); }\n")
    process = subprocess.Popen(
        [hush, "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, TMPDIR=str(work)),
    )
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/stories/", line)
    if not match:
        process.kill()
        pytest.fail("hush serve did not print its address: %r" % line)
    yield match.group(1), site
    process.send_signal(signal.SIGINT)
    process.wait(30)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture()
def page(browser):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    return browser


def wait_for(browser, condition, what, seconds=30):
    WebDriverWait(browser, seconds, poll_frequency=0.05).until(lambda driver: condition(driver), what)


def listening(browser):
    # The page's EventSource is open (readyState 1) once hello arrived; give it a moment.
    time.sleep(0.5)


def test_a_saved_story_is_shown_without_a_manual_reload(served, page):
    origin, site = served
    page.get(origin + "/stories/")
    page.execute_script("window.__stayed = true;")
    listening(page)
    (site / "content" / "night.md").write_text(story("Night shift", "night01", "I sleep through the whole day now."))
    wait_for(page, lambda d: "/stories/s/night01/" in d.current_url, "the saved story's page is shown")
    wait_for(page, lambda d: "the whole day now" in d.find_element(By.TAG_NAME, "body").text, "the new text is shown")
    assert page.execute_script("return window.__violations") == []


def test_a_reload_keeps_the_scroll_position(served, page):
    origin, site = served
    page.get(origin + "/stories/s/light01/")
    page.execute_script("window.scrollTo(0, 1500);")
    listening(page)
    (site / "content" / "night.md").write_text(story("Night shift", "night01", "Another day."))
    wait_for(page, lambda d: d.execute_script("return window.__stayed") is None and d.current_url.endswith("/s/night01/"),
             "the page went to the saved story")
    page.get(origin + "/stories/s/light01/")
    page.execute_script("window.scrollTo(0, 1500); window.__before = true;")
    listening(page)
    (site / "hush.yml").write_text(CONFIG + "description: \"Now with a description\"\n")
    wait_for(page, lambda d: d.execute_script("return window.__before") is None, "the page reloaded")
    wait_for(page, lambda d: d.execute_script("return Math.round(window.scrollY)") >= 1400, "the scroll position is kept")
    assert page.execute_script("return window.__violations") == []


def test_a_changed_stylesheet_is_swapped_in_place(served, page):
    origin, site = served
    page.get(origin + "/stories/")
    page.execute_script("window.__stayed = true;")
    listening(page)
    (site / "Templates" / "default" / "assets" / "theme.css").write_text("body { background: rgb(0, 0, 128); }\n")
    wait_for(page, lambda d: d.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 128)",
             "the new stylesheet applies")
    assert page.execute_script("return window.__stayed") is True, "no reload for a stylesheet"
    assert page.execute_script("return window.__violations") == []


def test_a_build_error_shows_over_the_page_until_fixed(served, page):
    origin, site = served
    page.get(origin + "/stories/")
    listening(page)
    bad = site / "content" / "bad.md"
    bad.write_text("---\ndate: 2026-10-01\ntitel: <img src=x onerror=alert(1)>\n---\nBody.\n")
    wait_for(page, lambda d: d.find_elements(By.ID, "hush-serve-errors"), "the overlay appears")
    overlay = page.find_element(By.ID, "hush-serve-errors")
    assert "bad.md:3:1" in overlay.text
    assert "front-matter.unknown-key" in overlay.text
    assert page.find_elements(By.CSS_SELECTOR, "#hush-serve-errors img") == [], "diagnostic text is never markup"
    assert "Night shift" in page.find_element(By.TAG_NAME, "body").text, "the last good build is still there"
    bad.write_text(story("Fixed", "fixed01", "All good."))
    wait_for(page, lambda d: not d.find_elements(By.ID, "hush-serve-errors"), "the overlay clears")
    assert page.execute_script("return window.__violations") == []
