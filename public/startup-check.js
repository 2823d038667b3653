// The first screen arrives as static HTML (prerendered at build time) and the app takes it
// over once its WebAssembly has loaded. If the app cannot start (no WebAssembly in this
// browser, a damaged or blocked download), the static copy must not pass for a working
// app: this says so above it and disables its fields, so no answer is given that would be
// lost. Plain script, not wasm: it runs exactly when the wasm does not.
(function () {
  function failed(reason) {
    var app = document.getElementById("app");
    // No static copy left: the app is running, and its own errors are its business.
    if (!app || !app.hasAttribute("data-prerendered")) return;
    if (document.getElementById("startup-failed")) return;
    var box = document.createElement("p");
    box.id = "startup-failed";
    box.className = "startup-failed";
    box.setAttribute("role", "alert");
    box.textContent =
      "The assessment could not start in this browser (" + reason + "). " +
      "Nothing can be answered or saved on this page. Reload to try again, or open it in " +
      "a current Chrome, Edge, Firefox or Safari.";
    app.parentNode.insertBefore(box, app);
    var fields = app.querySelectorAll("input, textarea, button, select");
    for (var i = 0; i < fields.length; i++) fields[i].disabled = true;
  }
  function when_ready(reason) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { failed(reason); });
    } else {
      failed(reason);
    }
  }
  if (typeof WebAssembly !== "object") {
    when_ready("it does not run WebAssembly");
    return;
  }
  window.addEventListener("error", function (event) {
    when_ready(event.message || "a script failed");
  });
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    when_ready(String((reason && reason.message) || reason || "loading failed"));
  });
})();
