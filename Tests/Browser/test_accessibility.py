"""axe-core's WCAG 2.1 A and AA rules on every page kind of every built-in theme, light and dark.

A violation of impact serious or critical fails the page; the others are printed at the end
of the run. axe-core comes with axe-selenium-python (no network). The search page is checked
empty and with results on it, since search.js builds those.
"""

import pathlib
import urllib.parse

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import THEMES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The rule sets that must exist: axe-core 3.x (what axe-selenium-python 2.1.6 carries) has no
# rule tagged wcag21a yet, and asking for a tag no rule has is an error in axe.
AXE_REQUIRED_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
FAILING = ("serious", "critical")
SCHEMES = ("light", "dark")
PAGE_KINDS = (
    "home",
    "page-2",
    "top",
    "story",
    "story-cw",
    "tags",
    "tag",
    "search",
    "search-results",
    "404",
)


def _axe_source():
    import axe_selenium_python  # conftest says how to install it when it is missing
    path = pathlib.Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.fail("axe-selenium-python carries no axe-core at %s" % path, pytrace=False)
    return path.read_text(encoding="utf-8")


def _story_pages(out):
    """(a story without a content warning, a story with one): paths, the first of each by id."""
    plain = warned = None
    for page in sorted(out.glob("s/*/index.html")):
        has_cw = '<details class="cw"' in page.read_text(encoding="utf-8")
        if has_cw and warned is None:
            warned = page
        elif not has_cw and plain is None:
            plain = page
    assert plain and warned, "the example site needs a story with a content warning and one without (%s)" % out
    return tuple("/s/%s/" % p.parent.name for p in (plain, warned))


def _tag_page(out):
    """A tag page, preferably one that also lists its most hearted stories."""
    pages = sorted(p for p in out.glob("tags/*/index.html"))
    assert pages, "no tag page in %s" % out
    chosen = next((p for p in pages if "top-of-tag" in p.read_text(encoding="utf-8")), pages[0])
    return "/tags/%s/" % urllib.parse.quote(chosen.parent.name)


def page_path(out, kind):
    if kind == "story":
        return _story_pages(out)[0]
    if kind == "story-cw":
        return _story_pages(out)[1]
    if kind == "tag":
        return _tag_page(out)
    path = {
        "home": "/",
        "page-2": "/page/2/",
        "top": "/top/",
        "tags": "/tags/",
        "search": "/search/",
        "search-results": "/search/?q=a",  # most stories: a long list, also with content warnings
        "404": "/404.html",
    }[kind]
    if kind == "page-2":
        assert (out / "page" / "2" / "index.html").is_file(), "the example site has no second page"
    return path


@pytest.fixture(scope="module")
def axe(browser):
    source = _axe_source()

    def run():
        browser.execute_script(source)
        known = browser.execute_script(
            "var tags = {}; axe.getRules().forEach(function (r) { r.tags.forEach(function (t) { tags[t] = 1; }); });"
            "return arguments[0].filter(function (t) { return tags[t]; });",
            AXE_TAGS,
        )
        missing = [tag for tag in AXE_REQUIRED_TAGS if tag not in known]
        assert not missing, "this axe-core has no rules tagged %s" % missing
        return browser.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            ".then(function (r) { done({violations: r.violations, version: axe.version}); },"
            "      function (e) { done({error: String(e)}); });",
            known,
        )

    return run


def emulate(browser, scheme):
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )


def _describe(violation):
    lines = ["%s (%s): %s" % (violation["id"], violation["impact"], violation["help"])]
    for node in violation["nodes"][:8]:
        lines.append("    at %s: %s" % (" ".join(node["target"]), node["html"][:160]))
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        if summary:
            lines.append("       " + summary[:300])
    if len(violation["nodes"]) > 8:
        lines.append("    … and %d more" % (len(violation["nodes"]) - 8))
    return "\n".join(lines)


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_nothing_serious(browser, serve, theme_sites, axe, axe_notes, theme, scheme, kind):
    out = theme_sites[theme]
    server = serve(out)
    emulate(browser, scheme)
    browser.get(server.url(page_path(out, kind)))
    if kind == "search-results":
        WebDriverWait(browser, 5, poll_frequency=0.05).until(
            lambda d: d.execute_script("return document.querySelectorAll('#search-results > li').length") > 0,
            "the search page showed no results for ?q=a",
        )
    assert browser.execute_script("return matchMedia('(prefers-color-scheme: %s)').matches" % scheme)
    result = axe()
    assert "error" not in result, "axe failed: %s" % result.get("error")
    serious = [v for v in result["violations"] if v["impact"] in FAILING]
    for violation in result["violations"]:
        if violation["impact"] not in FAILING:
            axe_notes.append("%s %s %s: %s" % (theme, scheme, kind, _describe(violation)))
    if serious:
        pytest.fail(
            "axe %s, %s theme, %s, %s page (%s):\n%s"
            % (result["version"], theme, scheme, kind, browser.current_url, "\n".join(_describe(v) for v in serious)),
            pytrace=False,
        )


@pytest.mark.parametrize("theme", THEMES)
def test_dark_scheme_changes_the_colours(browser, serve, theme_sites, theme):
    """The dark runs above are only worth something if the theme's stylesheet answers the emulation."""
    server = serve(theme_sites[theme])
    colours = {}
    for scheme in SCHEMES:
        emulate(browser, scheme)
        browser.get(server.url("/"))
        colours[scheme] = browser.execute_script(
            "var b = getComputedStyle(document.body); return b.backgroundColor + ' on ' + b.color;"
        )
    emulate(browser, "light")
    assert colours["light"] != colours["dark"], "%s: the same colours light and dark: %s" % (theme, colours)
