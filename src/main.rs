//! Browser entry point: install the panic hook and mount the app, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    mlops_maturity::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mlops-maturity runs in the browser: build it with `trunk build` (see README).");
    std::process::exit(2);
}
