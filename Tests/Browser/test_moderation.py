"""The report form and the /submit/ page in headless Chromium (docs/moderation.md).

The example site is built in every theme with backend.url pointing at a small recording
server on 127.0.0.1 (it stands in for `hush backend`): a reader opens "Report this story",
picks a category, writes a line and sends it; a writer fills /submit/ and sends it. Both
must arrive as plain form posts (application/x-www-form-urlencoded) with exactly the fields
docs/moderation.md names, the page's Content-Security-Policy must let them go, and axe-core
must find nothing serious on either form.
"""

import http.server
import os
import pathlib
import shutil
import subprocess
import tempfile
import threading
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import THEMES
from test_accessibility import FAILING, _describe, axe  # noqa: F401 (axe is a fixture)

REPO = pathlib.Path(__file__).resolve().parents[2]


class _Recorder(http.server.BaseHTTPRequestHandler):
    posts = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        self.posts.append((self.path, self.headers.get("Content-Type", ""), urllib.parse.parse_qs(body, keep_blank_values=True)))
        page = b"<!doctype html><title>Thank you</title><p>Received."
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def backend():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/" % server.server_address[1], _Recorder.posts
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def sites(backend):
    """{theme: output folder} of the example site with a backend and submissions on."""
    hush = os.environ.get("HUSH_BINARY")
    if not hush:
        pytest.fail("HUSH_BINARY is not set: run the browser tests through scripts/check-browser", pytrace=False)
    url, _ = backend
    work = pathlib.Path(tempfile.mkdtemp())
    built = {}
    for theme in THEMES:
        site = work / ("site-" + theme)
        shutil.copytree(REPO / "content", site / "content")
        config = (REPO / "hush.yml").read_text(encoding="utf-8")
        config = "\n".join(line for line in config.splitlines() if not line.startswith("theme:"))
        config += '\ntheme: %s\nbackend:\n  url: "%s"\nsubmissions: on\n' % (theme, url)
        (site / "hush.yml").write_text(config, encoding="utf-8")
        out = work / ("out-" + theme)
        result = subprocess.run(
            [hush, "build", str(site), "--output", str(out), "--now", "2026-11-29", "--strict"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        built[theme] = out
    yield built
    shutil.rmtree(work, ignore_errors=True)


def _a_story(out):
    return "/s/%s/" % sorted(out.glob("s/*/index.html"))[0].parent.name


def _serious(axe):
    result = axe()
    assert "error" not in result, result
    return [v for v in result["violations"] if v["impact"] in FAILING]


@pytest.mark.parametrize("theme", THEMES)
def test_a_report_is_a_plain_form_post(browser, serve, sites, backend, axe, theme):
    url, posts = backend
    out = sites[theme]
    story = _a_story(out)
    browser.get(serve(out).url(story))
    browser.find_element(By.CSS_SELECTOR, "details.report > summary").click()
    serious = _serious(axe)
    assert not serious, "\n".join(_describe(v) for v in serious)
    browser.find_element(By.CSS_SELECTOR, 'input[name="category"][value="spam"]').click()
    browser.find_element(By.ID, "report-text").send_keys("Looks like an advert.")
    before = len(posts)
    browser.find_element(By.CSS_SELECTOR, "form.report-form button[type=submit]").click()
    WebDriverWait(browser, 10, poll_frequency=0.05).until(lambda d: len(posts) > before, "the report never reached the backend")
    path, content_type, fields = posts[-1]
    assert path == "/reports/" + story.strip("/").split("/")[-1]
    assert content_type.startswith("application/x-www-form-urlencoded")
    assert fields == {"category": ["spam"], "text": ["Looks like an advert."]}


@pytest.mark.parametrize("theme", THEMES)
def test_a_submission_is_a_plain_form_post(browser, serve, sites, backend, axe, theme):
    url, posts = backend
    out = sites[theme]
    browser.get(serve(out).url("/submit/"))
    serious = _serious(axe)
    assert not serious, "\n".join(_describe(v) for v in serious)
    # The honeypot cannot be reached with the keyboard and is not shown.
    honeypot = browser.find_element(By.NAME, "website")
    assert honeypot.get_attribute("tabindex") == "-1"
    assert not honeypot.is_displayed() or honeypot.size["width"] <= 1
    browser.find_element(By.ID, "submit-title").send_keys("The night shift")
    browser.find_element(By.ID, "submit-text").send_keys("I kept the lights on.")
    browser.find_element(By.ID, "submit-tags").send_keys("work, night")
    before = len(posts)
    browser.find_element(By.CSS_SELECTOR, "form.submit-form button[type=submit]").click()
    WebDriverWait(browser, 10, poll_frequency=0.05).until(lambda d: len(posts) > before, "the submission never reached the backend")
    path, content_type, fields = posts[-1]
    assert path == "/submit"
    assert content_type.startswith("application/x-www-form-urlencoded")
    assert fields == {
        "title": ["The night shift"],
        "text": ["I kept the lights on."],
        "tags": ["work, night"],
        "mood": [""],
        "cw": [""],
        "website": [""],
    }
