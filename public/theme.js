// The colour theme, applied before the page is drawn so it never flashes: "light", "dark"
// or "projector" as chosen in the header's switch (kept in localStorage), else the
// system's light or dark, followed as it changes. The page always carries the theme in
// force as `data-theme`, so the CSS describes each theme once. Plain script, not wasm: it
// must run before the app loads.
(function () {
  var key = "mlops-maturity/theme";
  var themes = ["light", "dark", "projector"];
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function stored() {
    try {
      var value = localStorage.getItem(key);
      return themes.indexOf(value) >= 0 ? value : "";
    } catch (e) {
      return "";
    }
  }
  function apply(choice) {
    var theme = choice || (system && system.matches ? "dark" : "light");
    document.documentElement.setAttribute("data-theme", theme);
  }
  apply(stored());
  if (system && system.addEventListener) {
    system.addEventListener("change", function () {
      apply(stored());
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("theme");
    if (!select) {
      return;
    }
    select.value = stored();
    select.addEventListener("change", function () {
      var theme = themes.indexOf(select.value) >= 0 ? select.value : "";
      try {
        if (theme) {
          localStorage.setItem(key, theme);
        } else {
          localStorage.removeItem(key);
        }
      } catch (e) {
        // Storage refused (private mode, a full quota): the theme holds for this page.
      }
      apply(theme);
    });
  });
})();
