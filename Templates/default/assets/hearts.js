// hearts.js: the heart buttons, live. Loaded (deferred) only on a site with a backend
// (backend.url in hush.yml). Every button is a plain form that posts to the backend and works
// without this script; with it, a heart is sent with fetch and its count updated in place, and
// every count on the page is refreshed from the backend's /hearts.json. When the backend cannot
// be reached, nothing happens: the counts stay as the build baked them. Text only (textContent):
// the script never builds HTML.
(function () {
  "use strict";

  var forms = Array.prototype.slice.call(document.querySelectorAll("form.heart-form"));
  if (forms.length === 0 || typeof window.fetch !== "function") return;

  // A form's action is <backend.url>hearts/<id>; the backend's totals are <backend.url>hearts.json.
  var HEART_PATH = /hearts\/([^\/?#]+)$/;

  function storyId(form) {
    var match = HEART_PATH.exec(form.action);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function isCount(value) {
    return typeof value === "number" && isFinite(value) && value >= 0 && Math.floor(value) === value;
  }

  // Writes `count` into the form's visible count and its live region (a screen reader hears it).
  function show(form, count) {
    var text = String(count);
    var places = form.querySelectorAll(".heart-count, .heart-total");
    for (var i = 0; i < places.length; i++) {
      if (places[i].textContent !== text) places[i].textContent = text;
    }
  }

  function json(response) {
    if (!response.ok) throw new Error("the backend answered " + response.status);
    return response.json();
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.getAttribute("aria-busy") === "true") return;
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json" },
        credentials: "omit",
        cache: "no-store",
        redirect: "error",
      })
        .then(json)
        .then(function (answer) {
          if (answer && isCount(answer.hearts)) {
            show(form, answer.hearts);
            form.classList.add("heart-given");
          }
        })
        .catch(function () {
          // The backend is down or refused: the baked count stays, the page goes on working.
        })
        .then(function () {
          form.removeAttribute("aria-busy");
        });
    });
  });

  // Fresh counts for every button on the page, in one request.
  var first = forms[0].action;
  if (!HEART_PATH.test(first)) return;
  fetch(first.replace(HEART_PATH, "hearts.json"), { headers: { Accept: "application/json" }, credentials: "omit" })
    .then(json)
    .then(function (answer) {
      var totals = answer && answer.totals;
      if (!totals || typeof totals !== "object") return;
      // A form just given a heart has the backend's newest count already; totals may be seconds old.
      forms.forEach(function (form) {
        var id = storyId(form);
        if (id !== null && !form.classList.contains("heart-given") && Object.prototype.hasOwnProperty.call(totals, id) && isCount(totals[id])) {
          show(form, totals[id]);
        }
      });
    })
    .catch(function () {
      // No fresh counts: the baked ones stay.
    });
})();
