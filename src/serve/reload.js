(function () {
  "use strict";
  // Injected by `rubricate serve` into served copies only; never on disk.
  var served = __RUBRICATE_GENERATION__;
  var overlay = null;
  var shownAt = null;
  var dismissedAt = null;

  function showError(text, generation) {
    if (generation === dismissedAt) return;
    shownAt = generation;
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.setAttribute("role", "alert");
      overlay.title = "Click to dismiss until the next rebuild";
      var s = overlay.style;
      s.position = "fixed";
      s.top = "0";
      s.left = "0";
      s.right = "0";
      s.maxHeight = "100%";
      s.boxSizing = "border-box";
      s.overflow = "auto";
      s.margin = "0";
      s.padding = "16px 20px";
      s.zIndex = "2147483647";
      s.background = "rgba(28, 25, 23, 0.96)";
      s.color = "#fecaca";
      s.borderBottom = "4px solid #dc2626";
      s.font = "13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      s.whiteSpace = "pre-wrap";
      s.cursor = "pointer";
      overlay.addEventListener("click", function () {
        dismissedAt = shownAt;
        hideError();
      });
      (document.body || document.documentElement).appendChild(overlay);
    }
    overlay.textContent =
      "rubricate: the last rebuild failed; fix the input and save to rebuild.\n\n" + text;
  }

  function hideError() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  // Returns the generation to wait past next, or null after a reload.
  function handle(state) {
    if (typeof state.error === "string") {
      showError(state.error, state.generation);
      return state.generation;
    }
    if (state.generation !== served) {
      location.reload();
      return null;
    }
    hideError();
    return state.generation;
  }

  function poll(since, backoff) {
    var url = "/__rubricate/poll" + (since === null ? "" : "?since=" + since);
    fetch(url, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(
        function (state) {
          var next = handle(state);
          if (next !== null) poll(next, 500);
        },
        function () {
          // Server gone or restarting: retry, slowly.
          setTimeout(function () {
            poll(since, Math.min(backoff * 2, 5000));
          }, backoff);
        }
      );
  }

  poll(null, 500);
})();
