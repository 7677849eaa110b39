internal import Crypto
internal import Foundation

/// The script `hush serve` puts into every HTML page it serves, and only there: `hush build`
/// output never has it (the generator knows nothing of it). It opens the event stream, reloads
/// keeping the scroll position, goes to the story just saved, swaps a changed stylesheet
/// without a reload, and shows a failed build's diagnostics over the page.
///
/// It is inline, so the page's Content-Security-Policy is rewritten to allow exactly it, by
/// its hash (`ContentSecurityPolicy.allowing`), and never `'unsafe-inline'`. The diagnostics
/// reach the page as JSON and are shown with `textContent`: never parsed as HTML.
enum ReloadScript {
    /// Where the page opens the event stream: same origin, outside any base path.
    static let eventsPath = "/__hush/events"

    /// The script's text, the same for every page (its hash is in the CSP), so the page's
    /// build number travels in a `data-build` attribute instead.
    static let source = """
        (() => {
          "use strict";
          const build = document.currentScript ? document.currentScript.dataset.build : "";
          const scrollKey = "hush-serve-scroll:" + location.pathname;
          const saved = sessionStorage.getItem(scrollKey);
          if (saved !== null) {
            sessionStorage.removeItem(scrollKey);
            const [x, y] = saved.split(",").map(Number);
            const restore = () => window.scrollTo(x, y);
            if (document.readyState === "complete") restore(); else addEventListener("load", restore, { once: true });
          }
          function reload() {
            sessionStorage.setItem(scrollKey, Math.round(scrollX) + "," + Math.round(scrollY));
            location.reload();
          }
          function show(url) {
            if (url && url !== location.pathname) location.assign(url); else reload();
          }
          async function swapStylesheets() {
            try {
              const response = await fetch(location.href, { cache: "no-store" });
              const page = new DOMParser().parseFromString(await response.text(), "text/html");
              const fresh = [...page.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.getAttribute("href"));
              const current = [...document.querySelectorAll('link[rel="stylesheet"]')];
              if (!response.ok || fresh.length !== current.length) return reload();
              current.forEach((link, index) => {
                if (link.getAttribute("href") === fresh[index]) return;
                const next = link.cloneNode();
                next.setAttribute("href", fresh[index]);
                next.addEventListener("load", () => link.remove(), { once: true });
                next.addEventListener("error", reload, { once: true });
                link.after(next);
              });
              clearOverlay();
            } catch (error) {
              reload();
            }
          }
          let overlay = null;
          function clearOverlay() {
            if (overlay) overlay.remove();
            overlay = null;
          }
          function element(name, text, style) {
            const node = document.createElement(name);
            if (text !== undefined) node.textContent = text;
            Object.assign(node.style, style || {});
            return node;
          }
          function showErrors(report) {
            clearOverlay();
            overlay = element("div", undefined, {
              position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", padding: "2rem",
              background: "rgba(24, 24, 27, 0.96)", color: "#fafafa", font: "15px/1.5 ui-monospace, Menlo, Consolas, monospace",
            });
            overlay.id = "hush-serve-errors";
            overlay.setAttribute("role", "alert");
            overlay.append(element("h2", "hush serve: the site did not build", { font: "bold 1.25rem/1.3 system-ui, sans-serif", margin: "0 0 1rem" }));
            for (const d of report.diagnostics) {
              const item = element("div", undefined, { margin: "0 0 1rem", whiteSpace: "pre-wrap" });
              item.className = "hush-serve-diagnostic";
              item.dataset.file = d.file;
              item.dataset.line = String(d.line);
              const place = d.file + (d.line > 0 ? ":" + d.line + (d.column > 0 ? ":" + d.column : "") : "");
              item.append(
                element("span", place, { color: "#93c5fd" }), ": ",
                element("span", d.severity + "[" + d.code + "]", { color: d.severity === "error" ? "#fca5a5" : "#fde68a" }),
                ": ", element("span", d.message));
              overlay.append(item);
            }
            overlay.append(element("p", "The last good build is still served underneath. This goes away when the site builds again.", { opacity: "0.75" }));
            const close = element("button", "Close", { font: "inherit", padding: "0.25rem 0.75rem" });
            close.type = "button";
            close.addEventListener("click", clearOverlay);
            overlay.append(close);
            document.body.append(overlay);
          }
          const events = new EventSource("\(eventsPath)");
          events.addEventListener("hello", (event) => {
            const state = JSON.parse(event.data);
            if (build && state.build && state.build !== build) reload();
          });
          events.addEventListener("reload", (event) => show(JSON.parse(event.data).url));
          events.addEventListener("stylesheet", () => swapStylesheets());
          events.addEventListener("build-error", (event) => showErrors(JSON.parse(event.data)));
        })();
        """

    /// The CSP source that allows exactly `source`: `'sha256-…'`.
    static let hashSource: String = {
        let digest = SHA256.hash(data: Data(source.utf8))
        return "'sha256-" + Data(digest).base64EncodedString() + "'"
    }()

    /// `html` with the script before `</body>` (at the end when there is none), marked with
    /// the build it was served from, and the page's CSP rewritten to allow it and the stream.
    /// `origin` (`http://127.0.0.1:8080`) names the stream in the CSP when the page's
    /// `connect-src` does not already allow the page's own origin.
    static func inject(into html: String, build: Int, origin: String?) -> String {
        let tag = "<script data-build=\"\(build)\">" + source + "</script>\n"
        var page = ContentSecurityPolicy.rewriteMeta(in: html) { policy in
            policy.allowing(script: hashSource, connection: origin.map { $0 + eventsPath })
        }
        if let end = page.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            page.insert(contentsOf: tag, at: end.lowerBound)
        } else {
            page += tag
        }
        return page
    }
}
