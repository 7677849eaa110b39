"""Shared fixtures of the browser tests: built sites, a loopback server, headless Chromium.

The sites are built beforehand by scripts/check-browser, which passes them in:
    HUSH_BROWSER_THEMES        a folder with the example site built once per theme:
                               default/, whisper/, paper/
    HUSH_BROWSER_SEARCH_SITE   the site search_site.py describes, built
    CHROMIUM, CHROMEDRIVER     optional: other paths than /usr/bin/chromium, /usr/bin/chromedriver
Nothing here fetches anything from outside the machine; every page is served on 127.0.0.1.
"""

import functools
import http.server
import os
import pathlib
import shutil
import threading

import pytest

THEMES = ("default", "whisper", "paper")


def pytest_configure(config):
    missing = []
    for module, package in (("selenium", "selenium"), ("axe_selenium_python", "axe-selenium-python")):
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        raise pytest.UsageError(
            "the browser tests need %s (pip): run scripts/bootstrap --test" % " and ".join(missing)
        )


def _folder_from_env(name, what):
    value = os.environ.get(name)
    if not value:
        pytest.fail(
            "%s is not set: it names %s. Run the browser tests through scripts/check-browser, "
            "which builds the sites and sets it." % (name, what),
            pytrace=False,
        )
    path = pathlib.Path(value)
    if not path.is_dir():
        pytest.fail("%s=%s is not a folder (%s)" % (name, value, what), pytrace=False)
    return path


@pytest.fixture(scope="session")
def theme_sites():
    """{theme: output folder} of the example site, one build per built-in theme."""
    root = _folder_from_env("HUSH_BROWSER_THEMES", "the example site built in every theme")
    sites = {}
    for theme in THEMES:
        out = root / theme
        if not (out / "index.html").is_file():
            pytest.fail("no built %s site in %s (expected %s/index.html)" % (theme, root, out), pytrace=False)
        sites[theme] = out
    return sites


@pytest.fixture(scope="session")
def search_site():
    """The output folder of the hostile search test site."""
    out = _folder_from_env("HUSH_BROWSER_SEARCH_SITE", "the search test site (search_site.py), built")
    if not (out / "search" / "index.json").is_file():
        pytest.fail("%s has no search/index.json: is it a built hush site?" % out, pytrace=False)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class Server:
    """A static file server on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, folder):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/"):
        return self.origin + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def serve():
    """serve(folder) -> a Server for it; every server stops at the end of the module."""
    servers = {}

    def start(folder):
        key = str(folder)
        if key not in servers:
            servers[key] = Server(folder)
        return servers[key]

    yield start
    for server in servers.values():
        server.close()


def _executable(env, default, package):
    path = os.environ.get(env) or shutil.which(pathlib.Path(default).name) or default
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(
            "%s not found at %s: the browser tests need headless Chromium and its driver. "
            "Install them with scripts/bootstrap --test (Debian package %s), or set %s."
            % (pathlib.Path(default).name, path, package, env),
            pytrace=False,
        )
    return path


def new_browser(javascript=True):
    """A headless Chromium that reaches nothing but what it is pointed at (with JavaScript
    turned off when `javascript` is false)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    chromium = _executable("CHROMIUM", "/usr/bin/chromium", "chromium")
    chromedriver = _executable("CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI and containers run as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # An explicit driver path keeps Selenium Manager from looking for one on the network.
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium session for the whole module."""
    driver = new_browser()
    yield driver
    driver.quit()


_AXE_NOTES = []


@pytest.fixture(scope="session")
def axe_notes():
    """A list for findings of axe that do not fail a test; printed at the end of the run."""
    return _AXE_NOTES


def pytest_terminal_summary(terminalreporter):
    if _AXE_NOTES:
        terminalreporter.section("axe: violations of impact moderate or minor (not failing)")
        for line in _AXE_NOTES:
            terminalreporter.write_line(line)
