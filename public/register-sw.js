// Registers the service worker and tells the app when a new version is ready.
// The app shows a banner on "mlops-update-ready" and sends "mlops-apply-update" when the
// user chooses to reload.
(function () {
  if (!("serviceWorker" in navigator)) {
    return;
  }
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (!reloading && window.__mlopsUpdating) {
      reloading = true;
      window.location.reload();
    }
  });
  function announce(registration) {
    window.__mlopsWaiting = registration.waiting;
    window.dispatchEvent(new CustomEvent("mlops-update-ready"));
  }
  window.addEventListener("mlops-apply-update", function () {
    if (window.__mlopsWaiting) {
      window.__mlopsUpdating = true;
      window.__mlopsWaiting.postMessage("apply-update");
    }
  });
  // Once the app has started (the loader's event), not at "load": the page now asks for
  // its wasm after the first paint, which can be after "load", and the worker's download
  // of the whole site must not compete with it on a slow connection.
  window.addEventListener("TrunkApplicationStarted", function () {
    navigator.serviceWorker.register("./sw.js").then(function (registration) {
      if (registration.waiting && navigator.serviceWorker.controller) {
        announce(registration);
      }
      registration.addEventListener("updatefound", function () {
        const worker = registration.installing;
        if (!worker) {
          return;
        }
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) {
            announce(registration);
          }
        });
      });
    }).catch(function (error) {
      console.warn("Offline use is not available:", error);
    });
    // A page can load past a worker that is in place: a reload while the first visit's
    // worker was still installing (its claim came before this page existed), or a hard
    // reload. Such a page asks the worker to take it, so that the views' parts it fetches
    // later come from the cache when the connection goes.
    navigator.serviceWorker.ready.then(function (registration) {
      if (!navigator.serviceWorker.controller && registration.active) {
        registration.active.postMessage("claim");
      }
    });
  });
})();
