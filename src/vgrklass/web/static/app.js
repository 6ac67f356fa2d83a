/* vgrklass serve: results as you type on the search page, and arrow keys between them.
   Progressive enhancement only: without this file the form submits and the server
   renders the same results. No inline script anywhere (Content-Security-Policy). */
(function () {
  "use strict";
  const form = document.querySelector("form[data-live]");
  if (!form || !window.fetch || !window.DOMParser) {
    return;
  }
  const input = form.querySelector("#q");
  const date = form.querySelector("#datum");
  const results = document.getElementById("resultat");
  const status = document.getElementById("sokstatus");
  const DELAY_MS = 200; // wait this long after the last keystroke
  const MIN_CHARS = 2;
  let timer = null;
  let controller = null;
  let shown = query().toString(); // what the page shows now (rendered by the server)

  function query() {
    const params = new URLSearchParams();
    const q = input.value.trim();
    if (q) {
      params.set("q", q);
    }
    if (date && date.value) {
      params.set("datum", date.value);
    }
    return params;
  }

  function show(html) {
    const doc = new DOMParser().parseFromString(html, "text/html"); // inert: no scripts run
    results.replaceChildren(...doc.body.childNodes);
    const section = results.querySelector("[data-status]");
    status.textContent = section ? section.dataset.status : "";
  }

  function update() {
    const params = query();
    const key = params.toString();
    const q = params.get("q") || "";
    if (key === shown || (q && q.length < MIN_CHARS)) {
      return;
    }
    shown = key;
    history.replaceState(null, "", form.getAttribute("action") + (key ? "?" + key : ""));
    if (controller) {
      controller.abort();
    }
    if (!q) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    controller = new AbortController();
    fetch(form.dataset.live + "?" + key, { signal: controller.signal })
      .then((response) => response.text())
      .then(show)
      .catch((error) => {
        if (error.name !== "AbortError") {
          shown = null; // try again on the next keystroke; Enter still works
        }
      });
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, DELAY_MS);
  });
  if (date) {
    date.addEventListener("change", update);
  }

  // Arrow down from the search box to the hits, up and down between them, Escape back.
  function hitLinks() {
    return Array.from(results.querySelectorAll("a.hit-link"));
  }
  input.addEventListener("keydown", (event) => {
    const first = hitLinks()[0];
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  results.addEventListener("keydown", (event) => {
    const links = hitLinks();
    const at = links.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    if (event.key === "ArrowDown" && at + 1 < links.length) {
      event.preventDefault();
      links[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? links[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      input.focus();
    }
  });
})();
