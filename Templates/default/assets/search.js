/* Hush — search, for the search page of a theme.
 *
 * Needs on the page (see search.mustache):
 *   form[data-index]      the search form; data-index is the URL of search.json; starts hidden
 *   input[type=search]    inside the form
 *   #search-count         the count line (aria-live="polite")
 *   #search-results       the list the results go into
 *   #search-fallback      what the page shows without JavaScript; hidden when this runs
 *
 * search.json is an array of {id, url, title, excerpt, tags: [string], text}, and, when the
 * index carries them, cw (a story's content warning: its excerpt is then shown only behind a
 * "Content warning: … — show story" toggle, as on the list pages), lang and hue.
 * Each result is <li class="card result hue-N">: N is the story's hue, the one its card has
 * (search.json's hue, which hush computes as it does for the cards), for themes that colour stories.
 * Matching ignores case and accents; every word of the query must appear somewhere in the
 * story (a query without spaces, e.g. Chinese or Japanese, matches as a substring).
 * Stories whose title matches come first. At most 50 results are shown.
 * Results are built with createElement and textContent only: nothing from the index is
 * ever parsed as HTML. The optional data-* attributes on the form translate the messages.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var DELAY_MS = 120;

  var form = document.querySelector("form[data-index]");
  if (!form || !window.fetch || !String.prototype.normalize) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var count = document.getElementById("search-count");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  if (!input || !count || !list) {
    return;
  }

  var messages = {
    none: form.getAttribute("data-text-none") || "No stories match.",
    one: form.getAttribute("data-text-one") || "1 story",
    many: form.getAttribute("data-text-many") || "{count} stories",
    capped: form.getAttribute("data-text-capped") || "{count} stories, showing the first {shown}",
    cw: form.getAttribute("data-text-cw") || "Content warning: {cw}",
    cwShow: form.getAttribute("data-text-cw-show") || " — show story",
    cwHide: form.getAttribute("data-text-cw-hide") || " — hide story",
    untitled: form.getAttribute("data-text-untitled") || "Untitled story",
    loading: form.getAttribute("data-text-loading") || "Loading the stories…",
    failed:
      form.getAttribute("data-text-failed") || "Search is not available right now. Browse the tags below instead."
  };

  var COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  try {
    COMBINING_MARKS = new RegExp("\\p{M}", "gu");
  } catch (error) {
    /* an older browser without Unicode property escapes: the ranges above */
  }

  /* Case- and accent-insensitive form of a text: NFD, without combining marks, lowercased. */
  function fold(text) {
    return String(text == null ? "" : text)
      .normalize("NFD")
      .replace(COMBINING_MARKS, "")
      .toLowerCase();
  }

  function words(query) {
    return fold(query)
      .split(/\s+/)
      .filter(function (word) {
        return word.length > 0;
      });
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  /* Only links into this site: a same-origin http(s) URL, else null. */
  function safeURL(value) {
    try {
      var url = new URL(String(value), window.location.href);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.origin === window.location.origin) {
        return url.href;
      }
    } catch (error) {
      /* not a URL */
    }
    return null;
  }

  function isHue(value) {
    return typeof value === "number" && value >= 0 && value <= 350 && value % 10 === 0;
  }

  /* The summary of a content warning, as the templates' cw_summary makes it: the label with
     the warning itself isolated (a span with dir="auto" does what cw_summary's <bdi> does),
     then "show story" and "hide story", one of which the stylesheet hides (details[open]). */
  function cwSummary(cw) {
    var summary = document.createElement("summary");
    summary.dir = "auto";
    var label = document.createElement("span");
    label.className = "cw-label";
    messages.cw.split("{cw}").forEach(function (text, index) {
      if (index > 0) {
        var warning = document.createElement("span");
        warning.dir = "auto";
        warning.textContent = cw;
        label.appendChild(warning);
      }
      label.appendChild(document.createTextNode(text));
    });
    summary.appendChild(label);
    [
      ["cw-show", messages.cwShow],
      ["cw-hide", messages.cwHide]
    ].forEach(function (part) {
      var span = document.createElement("span");
      span.className = part[0];
      span.textContent = part[1];
      summary.appendChild(span);
    });
    return summary;
  }

  var entries = null;

  function prepare(items) {
    var prepared = [];
    if (!Array.isArray(items)) {
      return prepared;
    }
    items.forEach(function (item, position) {
      if (!item || typeof item !== "object") {
        return;
      }
      var href = safeURL(item.url);
      if (!href) {
        return;
      }
      var tags = Array.isArray(item.tags) ? item.tags.map(String) : [];
      var title = item.title == null ? "" : String(item.title);
      var excerpt = item.excerpt == null ? "" : String(item.excerpt);
      var cw = item.cw == null || item.cw === "" ? null : String(item.cw);
      prepared.push({
        position: position,
        href: href,
        hue: isHue(item.hue) ? item.hue : 0,
        lang: typeof item.lang === "string" && /^[A-Za-z0-9-]{1,35}$/.test(item.lang) ? item.lang : null,
        title: title,
        excerpt: excerpt,
        tags: tags,
        cw: cw,
        foldedTitle: fold(title),
        foldedTags: fold(tags.join(" ")),
        foldedAll: fold([title, tags.join(" "), excerpt, item.text == null ? "" : String(item.text)].join("\n"))
      });
    });
    return prepared;
  }

  function search(query) {
    var terms = words(query);
    if (terms.length === 0) {
      return null;
    }
    var found = [];
    entries.forEach(function (entry) {
      var titleHits = 0;
      var tagHits = 0;
      for (var i = 0; i < terms.length; i++) {
        if (entry.foldedAll.indexOf(terms[i]) === -1) {
          return;
        }
        if (entry.foldedTitle.indexOf(terms[i]) !== -1) {
          titleHits++;
        }
        if (entry.foldedTags.indexOf(terms[i]) !== -1) {
          tagHits++;
        }
      }
      found.push({ entry: entry, titleHits: titleHits, tagHits: tagHits });
    });
    found.sort(function (a, b) {
      return b.titleHits - a.titleHits || b.tagHits - a.tagHits || a.entry.position - b.entry.position;
    });
    return found;
  }

  function resultItem(entry) {
    var item = document.createElement("li");
    item.className = "card result hue-" + entry.hue;
    if (entry.lang) {
      item.lang = entry.lang;
    }

    var heading = document.createElement("h2");
    heading.className = "card-title";
    var link = document.createElement("a");
    link.href = entry.href;
    /* without a title: the first words of the excerpt, as the list pages do, unless a
       content warning hides the excerpt */
    link.textContent = entry.title || (entry.cw ? messages.untitled : firstWords(entry.excerpt)) || entry.href;
    heading.appendChild(link);
    item.appendChild(heading);

    if (entry.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "excerpt";
      excerpt.textContent = entry.excerpt;
      if (entry.cw) {
        var details = document.createElement("details");
        details.className = "cw";
        details.appendChild(cwSummary(entry.cw));
        details.appendChild(excerpt);
        item.appendChild(details);
      } else {
        item.appendChild(excerpt);
      }
    }
    if (entry.tags.length > 0) {
      var tags = document.createElement("p");
      tags.className = "result-tags";
      tags.textContent = entry.tags
        .map(function (tag) {
          return "#" + tag;
        })
        .join(" ");
      item.appendChild(tags);
    }
    return item;
  }

  function firstWords(text) {
    var parts = text.split(/\s+/).filter(function (part) {
      return part.length > 0;
    });
    if (parts.length > 8) {
      return parts.slice(0, 8).join(" ").replace(/[.,;:!?…]+$/, "") + "…";
    }
    var characters = Array.from ? Array.from(text) : text.split("");
    if (parts.length <= 1 && characters.length > 24) {
      return characters.slice(0, 20).join("") + "…";
    }
    return text;
  }

  function clear(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  function show(query) {
    if (!entries) {
      return;
    }
    var found = search(query);
    clear(list);
    if (found === null) {
      count.textContent = "";
      return;
    }
    var shown = found.slice(0, MAX_RESULTS);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (match) {
      fragment.appendChild(resultItem(match.entry));
    });
    list.appendChild(fragment);
    if (found.length === 0) {
      count.textContent = messages.none;
    } else if (found.length === 1) {
      count.textContent = messages.one;
    } else if (found.length > shown.length) {
      count.textContent = format(messages.capped, { count: found.length, shown: shown.length });
    } else {
      count.textContent = format(messages.many, { count: found.length });
    }
  }

  /* Keep ?q= in the address, so a search can be bookmarked, shared and reloaded. */
  function remember(query) {
    if (!window.history || !window.history.replaceState) {
      return;
    }
    try {
      var url = new URL(window.location.href);
      if (query) {
        url.searchParams.set("q", query);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.href);
    } catch (error) {
      /* file:// pages and old browsers: nothing to remember */
    }
  }

  var timer = null;
  function schedule() {
    if (timer !== null) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(function () {
      timer = null;
      show(input.value);
      remember(input.value.trim());
    }, DELAY_MS);
  }

  form.hidden = false;
  if (fallback) {
    fallback.hidden = true;
  }
  try {
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
    }
  } catch (error) {
    /* no URLSearchParams: start empty */
  }

  input.addEventListener("input", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    remember(input.value.trim());
  });

  if (input.value) {
    count.textContent = messages.loading;
  }
  fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (items) {
      entries = prepare(items);
      show(input.value);
    })
    .catch(function () {
      count.textContent = messages.failed;
      if (fallback) {
        fallback.hidden = false;
      }
    });
})();
