# Installs what building and testing need, skipping whatever is already present.
# Sourced by scripts/serve and scripts/test; safe to source twice.
#
#   ensure_build_tools   wasm32 target, Trunk, the matching wasm-bindgen CLI, wasm-opt,
#                        wasm-split-cli, esbuild
#   ensure_nightly       the pinned nightly with rust-src (the release site, fuzzing)
#   ensure_browser       Chromium and ChromeDriver (Debian packages)
#   ensure_firefox       Firefox ESR (Debian package) and geckodriver (crate)
#
# Tools that are not cargo-installed live in $MLOPS_TOOLS_DIR (outside the repository,
# so a fresh clone on the same machine reuses them).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MLOPS_TOOLS_DIR="${MLOPS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops-maturity/tools}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
WASM_SPLIT_VERSION="0.2.4"
ESBUILD_VERSION="0.28.2"
export PATH="$MLOPS_TOOLS_DIR/bin:$MLOPS_TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version the app is built against, read from Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# The exact Rust version rust-toolchain.toml names, with its components and the wasm
# target. Installed here rather than left to rustup, which may be told not to install
# toolchains on its own (RUSTUP_AUTO_INSTALL=0).
ensure_rust_toolchain() {
  local channel
  channel="$(awk -F'"' '/^channel/ {print $2}' "$ROOT/rust-toolchain.toml")"
  [ -n "$channel" ] || die "rust-toolchain.toml names no channel"
  if ! rustup run "$channel" rustc --version >/dev/null 2>&1 \
     || ! rustup +"$channel" target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
     || ! rustup +"$channel" component list --installed 2>/dev/null | grep -q '^clippy'; then
    say "installing Rust $channel with clippy, rustfmt and the wasm32 target"
    rustup toolchain install "$channel" --profile minimal \
      --component clippy --component rustfmt --target wasm32-unknown-unknown
  fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (10-16 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked \
      || cargo install trunk --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "could not read the wasm-bindgen version from Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ] \
     || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Not --locked: the lock file published with wasm-bindgen-cli $want names a
    # webpki-roots version the registry no longer serves, so a locked install cannot work.
    # Cargo resolves compatible versions instead; what matters is checked right after.
    cargo install wasm-bindgen-cli --version "$want" --force
    hash -r
    [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $want" ] \
      && command -v wasm-bindgen-test-runner >/dev/null \
      || die "wasm-bindgen-cli $want did not install (see the cargo output above)"
  fi
}

# Installs npm package $1 (name@version) into the tools folder, for $2.
npm_install() {
  command -v npm >/dev/null || die "npm is needed to install $1 (for $2)"
  say "installing $1 (npm, for $2) into $MLOPS_TOOLS_DIR"
  mkdir -p "$MLOPS_TOOLS_DIR"
  npm install --silent --no-audit --no-fund --prefix "$MLOPS_TOOLS_DIR" "$1"
  hash -r
}

# Debian's binaryen (108) corrupts current wasm; use the npm build.
ensure_wasm_opt() {
  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
    npm_install "binaryen@$BINARYEN_VERSION" "wasm-opt"
    [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = "$BINARYEN_VERSION" ] \
      || die "wasm-opt $BINARYEN_VERSION is still not on PATH after installing it"
  fi
}

# Minifies the release site's JS modules and CSS (scripts/finish-dist.py).
ensure_esbuild() {
  if [ "$(esbuild --version 2>/dev/null || true)" != "$ESBUILD_VERSION" ]; then
    npm_install "esbuild@$ESBUILD_VERSION" "minifying the site's JS and CSS"
    [ "$(esbuild --version 2>/dev/null || true)" = "$ESBUILD_VERSION" ] \
      || die "esbuild $ESBUILD_VERSION is still not on PATH after installing it"
  fi
}

ensure_build_tools() {
  ensure_rust_toolchain
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_wasm_split
  ensure_trunk
  ensure_esbuild
}

# The tool that cuts the release wasm at its `#[lazy]` functions into a first-load module
# and parts loaded when a view first opens (the same splitter cargo-leptos uses).
ensure_wasm_split() {
  # It has no --version; cargo's record of what it installed in the tools folder says.
  if ! [ -x "$MLOPS_TOOLS_DIR/bin/wasm-split-cli" ] \
     || ! grep -q "^\"wasm_split_cli_support $WASM_SPLIT_VERSION " "$MLOPS_TOOLS_DIR/.crates.toml" 2>/dev/null; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked \
      --features build-binary --root "$MLOPS_TOOLS_DIR"
  fi
}

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "$@"
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo apt-get install -y -qq "$@"
  else
    die "please install the Debian packages: $*"
  fi
}

# The major version of a Chrome or ChromeDriver binary ("" if it does not run).
major_version() {
  "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -1 | cut -d. -f1
}

# A browser and its driver of the same major version. A working pair already on the
# machine is used as it is (GitHub's Ubuntu runners ship Google Chrome with a matching
# chromedriver, while apt's chromium there is a snap that does not run in CI); otherwise
# Debian's chromium and chromium-driver are installed.
ensure_browser() {
  local pairs=("${CHROME_BIN:-}:${CHROMEDRIVER:-}" "/usr/bin/chromium:/usr/bin/chromedriver"
               "$(command -v google-chrome || true):$(command -v chromedriver || true)")
  local pair browser driver
  for pair in "${pairs[@]}"; do
    browser="${pair%%:*}"; driver="${pair##*:}"
    [ -n "$browser" ] && [ -n "$driver" ] && [ -x "$browser" ] && [ -x "$driver" ] || continue
    if [ -n "$(major_version "$browser")" ] \
       && [ "$(major_version "$browser")" = "$(major_version "$driver")" ]; then
      export CHROME_BIN="$browser" CHROMEDRIVER="$driver"
      return
    fi
  done
  say "installing chromium and chromium-driver (Debian packages)"
  apt_install chromium chromium-driver
  [ "$(major_version /usr/bin/chromium)" = "$(major_version /usr/bin/chromedriver)" ] \
    || die "chromium and chromedriver were installed but their versions differ or do not run"
  export CHROME_BIN=/usr/bin/chromium CHROMEDRIVER=/usr/bin/chromedriver
}

# Firefox (Debian's firefox-esr) and geckodriver (a crate), for the second e2e run.
GECKODRIVER_VERSION="0.37.1"
ensure_firefox() {
  local browser="${FIREFOX_BIN:-}"
  if [ -z "$browser" ] || [ ! -x "$browser" ]; then
    # Debian's ESR, or a Firefox already on the machine (GitHub's Ubuntu runners ship one).
    browser="$(command -v firefox-esr || command -v firefox || true)"
  fi
  if [ -z "$browser" ]; then
    say "installing firefox-esr (Debian package)"
    apt_install firefox-esr
    browser=/usr/bin/firefox-esr
  fi
  if ! command -v geckodriver >/dev/null; then
    say "installing geckodriver $GECKODRIVER_VERSION (a few minutes, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
  "$browser" --version >/dev/null 2>&1 || die "$browser does not run"
  export FIREFOX_BIN="$browser"
  GECKODRIVER="$(command -v geckodriver)" || die "geckodriver is not on PATH after installing it"
  export GECKODRIVER
}

# axe-core, injected by the e2e tests to audit accessibility.
ensure_axe() {
  local axe="$MLOPS_TOOLS_DIR/node_modules/axe-core/axe.min.js"
  if [ ! -f "$axe" ]; then
    npm_install "axe-core@4" "accessibility audits"
    [ -f "$axe" ] || die "axe-core is still missing after installing it"
  fi
  export AXE_CORE_JS="$axe"
}

# Lighthouse, for scripts/bench only (the test command never runs it).
LIGHTHOUSE_VERSION="13.5.0"
ensure_lighthouse() {
  if [ "$(lighthouse --version 2>/dev/null || true)" != "$LIGHTHOUSE_VERSION" ]; then
    npm_install "lighthouse@$LIGHTHOUSE_VERSION" "the benchmark"
  fi
}

# The pinned nightly (fuzz/rust-toolchain.toml names it): cargo-fuzz needs it, and the
# release site is built with it (-Zbuild-std with immediate-abort panics: about 40 KB gzip
# less wasm than the stable build; see scripts/build).
NIGHTLY_TOOLCHAIN="$(awk -F'"' '/^channel/ {print $2}' "$ROOT/fuzz/rust-toolchain.toml")"
FUZZ_TOOLCHAIN="$NIGHTLY_TOOLCHAIN"
CARGO_FUZZ_VERSION="0.13.2"
ensure_nightly() {
  if ! rustup run "$NIGHTLY_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
     || ! rustup +"$NIGHTLY_TOOLCHAIN" target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
     || ! rustup +"$NIGHTLY_TOOLCHAIN" component list --installed 2>/dev/null | grep -q '^rust-src'; then
    say "installing the $NIGHTLY_TOOLCHAIN toolchain with rust-src and the wasm32 target (about a minute, once)"
    rustup toolchain install "$NIGHTLY_TOOLCHAIN" --profile minimal \
      --component rust-src --target wasm32-unknown-unknown
  fi
}

ensure_fuzz_tools() {
  ensure_nightly
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes, once)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
}
