/* Hush — search, for the search page of a theme.
 *
 * Needs on the page (see search.mustache):
 *   form[data-index]      the search form; data-index is the URL of the index's entry file
 *                         (search/index.json); starts hidden
 *   input[type=search]    inside the form
 *   #search-count         the count line (aria-live="polite")
 *   #search-results       the list the results go into
 *   #search-fallback      what the page shows without JavaScript; hidden when this runs
 *
 * The index is split so that a query fetches only what it needs (docs/themes.md, Search):
 *   index.json            {format: 1, version, stories, stories_per_file, chunks: [first word]}
 *   words/<n>.json        {word: [posting, …]}: chunk n holds the words from chunks[n] to
 *                         chunks[n + 1] (UTF-16 order); a posting is gap × 4 + where (bit 0 the
 *                         title, bit 1 a tag), the gap from the story before (the first: its number)
 *   stories/<g>.json      [{id, url, title, excerpt, tags, cw?, lang?, hue, draft?}, …]: stories
 *                         g × stories_per_file onwards, in the site's order (newest first)
 * Files other than the entry are fetched as "…?v=<version>", so a browser never mixes two builds.
 * A result with cw shows its excerpt only behind a "Content warning: … — show story" toggle,
 * as on the list pages. Each result is <li class="card result hue-N">, N the story's hue.
 * Matching ignores case and accents, with the same folding and word splitting as hush's
 * index (SearchIndex+Text.swift; keep the two the same): every word of the query must begin a
 * word of the story (one letter: be one), and text without spaces (Chinese, Japanese, Thai…)
 * matches anywhere, as pairs of characters. Stories whose title matches come first, then
 * those whose tags match, then the newest. At most 50 results are shown.
 * Results are built with createElement and textContent only: nothing from the index is
 * ever parsed as HTML. The messages come from the page, in the site's language: the data-text-*
 * attributes of the form (the theme's string table, docs/themes.md, Translating); a count takes
 * the form of its CLDR plural category (data-text-count-one, -few, -other…), chosen with
 * Intl.PluralRules for the page's lang.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var DELAY_MS = 120;
  /* How long a query may wait for its files before the count line says so. */
  var LOADING_MS = 300;
  var FORMAT = 1;

  var form = document.querySelector("form[data-index]");
  if (!form || !window.fetch || !String.prototype.normalize || !Array.from || !window.URL) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var count = document.getElementById("search-count");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  if (!input || !count || !list) {
    return;
  }

  function text(name, fallback) {
    var value = form.getAttribute("data-text-" + name);
    return value === null ? fallback : value;
  }

  var messages = {
    none: text("none", "No stories match."),
    one: text("one", "1 story"),
    many: text("many", "{count} stories"),
    capped: text("capped", "{count} stories, showing the first {shown}"),
    cw: form.getAttribute("data-text-cw") || "Content warning: {cw}",
    cwShow: form.getAttribute("data-text-cw-show") || " — show story",
    cwHide: form.getAttribute("data-text-cw-hide") || " — hide story",
    draft: form.getAttribute("data-text-draft") || "Draft",
    untitled: form.getAttribute("data-text-untitled") || "Untitled story",
    loading: form.getAttribute("data-text-loading") || "Loading the stories…",
    failed:
      form.getAttribute("data-text-failed") || "Search is not available right now. Browse the tags below instead."
  };

  /* The plural category of a count in the page's language (CLDR's rules, as the browser has
     them): zero, one, two, few, many or other. */
  var pluralRules = null;
  try {
    pluralRules = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch (error) {
    /* no Intl.PluralRules, or a lang it does not know: one and other, as in English */
  }

  /* The message of a count: data-text-<name>-<category>, else its -other form, else the
     older data-text-one / data-text-many (or data-text-capped) and English. */
  function counted(name, number, fallback) {
    var category = pluralRules ? pluralRules.select(number) : number === 1 ? "one" : "other";
    var chosen = form.getAttribute("data-text-" + name + "-" + category);
    if (chosen === null) {
      chosen = form.getAttribute("data-text-" + name + "-other");
    }
    return chosen === null ? fallback : chosen;
  }

  /* --- Text: the same steps as SearchIndex.fold and SearchIndex.words(inFolded:) --- */

  var COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var LETTER_OR_DIGIT = /[^\s\u0000-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf\u00d7\u00f7\u2000-\u2bff\u3000-\u3004\u3008-\u3020\ufe30-\ufe4f\uff00-\uff0f\uff1a-\uff20]/;
  try {
    COMBINING_MARKS = new RegExp("\\p{M}", "gu");
    LETTER_OR_DIGIT = new RegExp("[\\p{L}\\p{N}]", "u");
  } catch (error) {
    /* an older browser without Unicode property escapes: the approximations above */
  }

  /* Blocks of scripts written without spaces: SearchIndex.unspacedRanges. */
  var UNSPACED = [
    [0x0e00, 0x0eff],
    [0x1000, 0x109f],
    [0x1780, 0x17ff],
    [0x2e80, 0x2fdf],
    [0x3005, 0x303c],
    [0x3040, 0x30ff],
    [0x31f0, 0x31ff],
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
    [0xff66, 0xff9f],
    [0x1b000, 0x1b16f],
    [0x20000, 0x323af]
  ];

  function isUnspaced(character) {
    var code = character.codePointAt(0);
    for (var i = 0; i < UNSPACED.length; i++) {
      if (code >= UNSPACED[i][0] && code <= UNSPACED[i][1]) {
        return true;
      }
    }
    return false;
  }

  /* Case- and accent-insensitive form of a text: NFD, without combining marks, lowercased,
     and final sigma as sigma. */
  function fold(text) {
    return String(text == null ? "" : text)
      .normalize("NFD")
      .replace(COMBINING_MARKS, "")
      .toLowerCase()
      .replace(/\u03c2/g, "\u03c3");
  }

  /* The terms of a query: [{text, prefix}]. A word of two letters or more finds the words it
     begins, a word of one letter only itself; a run of text without spaces is cut into pairs
     of characters (one character alone finds the pairs it begins). */
  function terms(query) {
    var found = [];
    var seen = Object.create(null);
    var word = "";
    var run = [];
    function add(text, prefix) {
      var key = (prefix ? "^" : "=") + text;
      if (!seen[key]) {
        seen[key] = true;
        found.push({ text: text, prefix: prefix });
      }
    }
    function endWord() {
      if (word) {
        add(word, Array.from(word).length >= 2);
        word = "";
      }
    }
    function endRun() {
      if (run.length === 1) {
        add(run[0], true);
      }
      for (var i = 0; i + 1 < run.length; i++) {
        add(run[i] + run[i + 1], false);
      }
      run = [];
    }
    Array.from(fold(query)).forEach(function (character) {
      if (!LETTER_OR_DIGIT.test(character)) {
        endWord();
        endRun();
      } else if (isUnspaced(character)) {
        endWord();
        run.push(character);
      } else {
        endRun();
        word += character;
      }
    });
    endWord();
    endRun();
    return found;
  }

  /* --- The index: the entry, chunks of words and fragments, each fetched once --- */

  function safeURL(value, base) {
    try {
      var url = new URL(String(value), base || window.location.href);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.origin === window.location.origin) {
        return url;
      }
    } catch (error) {
      /* not a URL */
    }
    return null;
  }

  var entryURL = safeURL(form.getAttribute("data-index"));
  var files = Object.create(null);

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  /* One fetch a file; a failed one is tried again by the next query. */
  function load(url) {
    if (!files[url]) {
      files[url] = { ready: false, promise: null };
      var file = files[url];
      file.promise = getJSON(url, { credentials: "same-origin" }).then(
        function (value) {
          file.ready = true;
          return value;
        },
        function (error) {
          delete files[url];
          throw error;
        }
      );
    }
    return files[url].promise;
  }

  function isEntry(value) {
    return (
      value &&
      value.format === FORMAT &&
      typeof value.version === "string" &&
      /^[0-9a-f]{1,64}$/.test(value.version) &&
      Array.isArray(value.chunks) &&
      value.chunks.every(function (word) {
        return typeof word === "string";
      }) &&
      typeof value.stories === "number" &&
      typeof value.stories_per_file === "number" &&
      value.stories_per_file >= 1
    );
  }

  /* The entry is revalidated on every visit (it is small): it names the version of the rest. */
  var entry = entryURL
    ? getJSON(entryURL.href, { credentials: "same-origin", cache: "no-cache" }).then(function (value) {
        if (!isEntry(value)) {
          throw new Error("not a search index of format " + FORMAT);
        }
        return value;
      })
    : Promise.reject(new Error("no index"));

  function fileURL(index, folder, number) {
    return new URL(folder + "/" + number + ".json?v=" + index.version, entryURL).href;
  }

  /* The chunks that can hold the term's words: the last chunk starting at or before the term,
     and, for a prefix, the chunks after it whose first word still begins with it. */
  function chunksFor(index, term) {
    var first = index.chunks;
    if (first.length === 0) {
      return [];
    }
    var low = 0;
    var high = first.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (first[middle] <= term.text) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    var found = [low];
    for (var next = low + 1; term.prefix && next < first.length && first[next].slice(0, term.text.length) === term.text; next++) {
      found.push(next);
    }
    return found;
  }

  var FOUND = 4;

  /* marks[n]: FOUND | where, for every story n one of the postings names. */
  function decode(postings, marks) {
    if (!Array.isArray(postings)) {
      return;
    }
    var number = 0;
    for (var i = 0; i < postings.length; i++) {
      var value = postings[i];
      if (typeof value !== "number" || value < 0) {
        return;
      }
      number += Math.floor(value / 4);
      if (number < marks.length) {
        marks[number] |= FOUND | (value & 3);
      }
    }
  }

  function marksOf(index, term, chunks) {
    var marks = new Uint8Array(index.stories);
    var own = Object.prototype.hasOwnProperty;
    chunks.forEach(function (chunk) {
      if (!chunk || typeof chunk !== "object") {
        return;
      }
      if (!term.prefix) {
        if (own.call(chunk, term.text)) {
          decode(chunk[term.text], marks);
        }
        return;
      }
      for (var word in chunk) {
        if (own.call(chunk, word) && word.slice(0, term.text.length) === term.text) {
          decode(chunk[word], marks);
        }
      }
    });
    return marks;
  }

  /* Every story all terms find, best first: more terms in the title, then in the tags,
     then the site's order (newest first). */
  function match(index, wanted, chunksByTerm) {
    var marks = wanted.map(function (term, position) {
      return marksOf(index, term, chunksByTerm[position]);
    });
    var found = [];
    for (var number = 0; number < index.stories; number++) {
      var titleHits = 0;
      var tagHits = 0;
      var all = true;
      for (var i = 0; i < marks.length; i++) {
        var mark = marks[i][number];
        if (!(mark & FOUND)) {
          all = false;
          break;
        }
        titleHits += mark & 1;
        tagHits += (mark >> 1) & 1;
      }
      if (all) {
        found.push({ number: number, titleHits: titleHits, tagHits: tagHits });
      }
    }
    found.sort(function (a, b) {
      return b.titleHits - a.titleHits || b.tagHits - a.tagHits || a.number - b.number;
    });
    return found;
  }

  /* What a result shows, from its fragment, or null when the fragment is not usable. */
  function prepare(item) {
    if (!item || typeof item !== "object") {
      return null;
    }
    var href = safeURL(item.url);
    if (!href) {
      return null;
    }
    var hue = item.hue;
    return {
      href: href.href,
      hue: typeof hue === "number" && hue >= 0 && hue <= 350 && hue % 10 === 0 ? hue : 0,
      lang: typeof item.lang === "string" && /^[A-Za-z0-9-]{1,35}$/.test(item.lang) ? item.lang : null,
      title: item.title == null ? "" : String(item.title),
      excerpt: item.excerpt == null ? "" : String(item.excerpt),
      tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
      cw: item.cw == null || item.cw === "" ? null : String(item.cw),
      draft: item.draft === true
    };
  }

  /* --- The page --- */

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
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

  /* Languages written right to left: PageContext.isRightToLeft. */
  var RIGHT_TO_LEFT = ["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"];
  var pageDirection = document.documentElement.dir === "rtl" ? "rtl" : "ltr";

  function isRightToLeft(lang) {
    return RIGHT_TO_LEFT.indexOf(String(lang).split("-")[0].toLowerCase()) !== -1;
  }

  function resultItem(entry) {
    var item = document.createElement("li");
    item.className = "card result hue-" + entry.hue;
    if (entry.lang) {
      item.lang = entry.lang;
      /* as a card: its own direction when it is not the page's (an English story on an
         Arabic site, an Arabic story on a French one) */
      var direction = isRightToLeft(entry.lang) ? "rtl" : "ltr";
      if (direction !== pageDirection) {
        item.dir = direction;
      }
    }

    var heading = document.createElement("h2");
    heading.className = "card-title";
    if (entry.draft) {
      /* as the cards mark a draft in a build with --drafts */
      var mark = document.createElement("span");
      mark.className = "draft-mark";
      mark.textContent = messages.draft;
      heading.appendChild(mark);
      heading.appendChild(document.createTextNode(" "));
    }
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
    var characters = Array.from(text);
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

  function render(results, total) {
    if (fallback) {
      fallback.hidden = true; /* a failed query may have shown it */
    }
    clear(list);
    var fragment = document.createDocumentFragment();
    results.forEach(function (result) {
      fragment.appendChild(resultItem(result));
    });
    list.appendChild(fragment);
    if (total === 0) {
      count.textContent = messages.none;
    } else if (total > results.length) {
      count.textContent = format(counted("capped", total, messages.capped), { count: total, shown: results.length });
    } else {
      count.textContent = format(counted("count", total, total === 1 ? messages.one : messages.many), { count: total });
    }
  }

  function fail() {
    count.textContent = messages.failed;
    if (fallback) {
      fallback.hidden = false;
    }
  }

  /* Fetches the files a list of URLs names, saying "Loading…" if that takes a while. */
  function loadAll(urls, isCurrent) {
    var pending = urls.some(function (url) {
      return !files[url] || !files[url].ready;
    });
    var timer = pending
      ? window.setTimeout(function () {
          if (isCurrent()) {
            count.textContent = messages.loading;
          }
        }, LOADING_MS)
      : null;
    return Promise.all(urls.map(load)).then(
      function (values) {
        window.clearTimeout(timer);
        return values;
      },
      function (error) {
        window.clearTimeout(timer);
        throw error;
      }
    );
  }

  var generation = 0;

  function show(query) {
    var current = ++generation;
    function isCurrent() {
      return current === generation;
    }
    if (!query.trim()) {
      clear(list);
      count.textContent = "";
      return;
    }
    var wanted = terms(query);
    entry
      .then(function (index) {
        if (!isCurrent()) {
          return null;
        }
        var chunkNumbers = wanted.map(function (term) {
          return chunksFor(index, term);
        });
        var urls = [];
        chunkNumbers.forEach(function (numbers) {
          numbers.forEach(function (number) {
            var url = fileURL(index, "words", number);
            if (urls.indexOf(url) === -1) {
              urls.push(url);
            }
          });
        });
        return loadAll(urls, isCurrent).then(function (chunks) {
          if (!isCurrent()) {
            return null;
          }
          var byTerm = chunkNumbers.map(function (numbers) {
            return numbers.map(function (number) {
              return chunks[urls.indexOf(fileURL(index, "words", number))];
            });
          });
          var found = wanted.length > 0 ? match(index, wanted, byTerm) : [];
          var shown = found.slice(0, MAX_RESULTS);
          var groups = [];
          shown.forEach(function (result) {
            var url = fileURL(index, "stories", Math.floor(result.number / index.stories_per_file));
            if (groups.indexOf(url) === -1) {
              groups.push(url);
            }
          });
          return loadAll(groups, isCurrent).then(function (fragments) {
            if (!isCurrent()) {
              return null;
            }
            var results = [];
            shown.forEach(function (result) {
              var group = Math.floor(result.number / index.stories_per_file);
              var items = fragments[groups.indexOf(fileURL(index, "stories", group))];
              var prepared = Array.isArray(items) ? prepare(items[result.number % index.stories_per_file]) : null;
              if (prepared) {
                results.push(prepared);
              }
            });
            render(results, found.length - (shown.length - results.length));
            return null;
          });
        });
      })
      .catch(function () {
        if (isCurrent()) {
          clear(list);
          fail();
        }
      });
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

  entry.catch(fail);
  if (input.value) {
    count.textContent = messages.loading;
    show(input.value);
  }
})();
