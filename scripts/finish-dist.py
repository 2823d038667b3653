"""Finishes a Trunk build in dist/ for static hosting:

1. puts the first screen first: the small scripts the page runs before the app
   (theme.js, startup-check.js, register-sw.js) are written into index.html instead of
   fetched, and Trunk's wasm loader is replaced by one that asks for the app's JS and wasm
   only after the prerendered first screen has been painted (no preload links), so that on
   a slow connection the 250 KB of wasm never competes with the HTML and CSS of the first
   screen;
   then writes the Content-Security-Policy into index.html, allowing only the site's own
   origin plus the sha256 of each inline script;
2. copies index.html to 404.html, so a mistyped or reloaded path on GitHub Pages still
   opens the app; 404.html first finds the site's folder, and goes there when the path is
   more than one folder below it (the app's files are named relative to the page);
3. fills the service worker with this build's exact file list and a version derived from
   their contents, so a new deploy replaces the cache cleanly;
4. writes the offline kit, mlops-maturity-offline.html: the whole app in one file (CSS,
   scripts and the wasm inlined) that works opened from disk, with a Content-Security-
   Policy as strict as the site's (inline code allowed only by its hash, nothing loaded
   from anywhere);
5. minifies the app's JS modules and its CSS with esbuild (no whitespace or comments,
   shorter local names): last, because the offline kit is made by reading those files'
   exact shape. The small scripts written into the page are minified the same way as
   they are written in (their comments are for people reading public/), and so is the
   service worker as step 3 fills it in, and the wasm loader written in step 1; the notes
   in index.html's markup are left out of the site's page.
"""
import base64
import hashlib
import json
import pathlib
import re
import subprocess
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
index = dist / "index.html"
html = index.read_text()

placeholder = "__CONTENT_SECURITY_POLICY__"
if placeholder not in html:
    sys.exit(f"{index}: no {placeholder} placeholder to replace")


def minified(code, loader="js"):
    """`code` minified by esbuild (whitespace and comments out, local names shortened)."""
    done = subprocess.run(["esbuild", "--minify", f"--loader={loader}", "--log-level=warning"],
                          input=code.encode(), capture_output=True, check=False)
    if done.returncode != 0:
        sys.exit(f"esbuild could not minify a script:\n{done.stderr.decode()}")
    return done.stdout.decode().strip()


# Written into the page (the site's and the offline kit's), minified: their comments are
# for people reading public/, and every page load would carry them. They run before the
# first paint.
BEFORE_PAINT = {name: minified((dist / name).read_text())
                for name in ["theme.js", "startup-check.js"]}
SERVICE_WORKER_REGISTRATION = "register-sw.js"


def write_in(page, scripts, attributes=""):
    """`page` with each `<script src=NAME{attributes}>` replaced by the script's code."""
    for name, code in scripts.items():
        tag = f'<script src="{name}"{attributes}></script>'
        if tag not in page:
            sys.exit(f"index.html: no {tag} to write into the page")
        page = page.replace(tag, f"<script>{code}</script>")
    return page


def inline_before_paint(page):
    return write_in(page, BEFORE_PAINT)


def trunk_loader(page):
    """Trunk's module script and the file names of the JS and wasm it loads."""
    loader = re.search(r'<script type="module">(.*?)</script>', page, flags=re.S)
    bindings = re.search(r"from '\./([^']+\.js)'", loader.group(1)) if loader else None
    wasm = re.search(r"module_or_path: '\./([^']+\.wasm)'", loader.group(1)) if loader else None
    if not (bindings and wasm):
        sys.exit("index.html: not the wasm loader Trunk writes (run scripts/build)")
    return loader.group(0), bindings.group(1), wasm.group(1)


def paint_first(page):
    """The site's page with no preload of the JS or wasm and a loader that asks for them
    once the first screen has been painted: when the browser reports the first contentful
    paint (a frame and a task later where it cannot; at once in a hidden tab, which paints
    nothing; after three seconds at the latest)."""
    loader, bindings, wasm = trunk_loader(page)
    page = page.replace(loader, "<script type=\"module\">" + minified(f"""
await new Promise((go) => {{
  if (document.hidden) return go();
  document.addEventListener("visibilitychange", go, {{ once: true }});
  setTimeout(go, 3000);
  if (!(PerformanceObserver.supportedEntryTypes || []).includes("paint")) {{
    return requestAnimationFrame(() => setTimeout(go));
  }}
  new PerformanceObserver((list) => {{
    if (list.getEntriesByName("first-contentful-paint").length) go();
  }}).observe({{ type: "paint", buffered: true }});
}});
// Both downloads at once: the bindings are small, the wasm is most of the first load.
const download = fetch('./{wasm}');
const bindings = await import('./{bindings}');
const wasm = await bindings.default({{ module_or_path: download }});
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{ detail: {{ wasm }} }}));
""") + "</script>")
    # The notes in index.html are for people reading it in the repository; every visit
    # would carry them. (Leptos' empty markers, `<!---->`, stay: the static first screen is
    # the app's own markup.)
    page = re.sub(r"\s*<!--(?!-->).*?-->", "", page, flags=re.S)
    page, preloads = re.subn(r'<link rel="(?:modulepreload|preload)"[^>]*>', "", page)
    if preloads == 0:
        sys.exit("index.html: no preload links where Trunk writes them")
    # It only adds listeners (it registers the worker once the app has started): no reason
    # for a request of its own, nor to defer it.
    registration = {
        SERVICE_WORKER_REGISTRATION: minified((dist / SERVICE_WORKER_REGISTRATION).read_text())
    }
    page = write_in(page, registration, attributes=" defer")
    return inline_before_paint(page)


template_html = html
html = paint_first(html)
# The page carries them now; as files they would only be precached for nothing.
for name in [*BEFORE_PAINT, SERVICE_WORKER_REGISTRATION]:
    (dist / name).unlink()


def with_policy(page):
    """`page` with its Content-Security-Policy: the site's own origin, plus the sha256 of
    each inline script it carries."""
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in inline
    )
    policy = "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}".strip(),
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    return page.replace(placeholder, policy), len(inline)


# GitHub Pages serves 404.html for any missing path, however deep. The page names its files
# relative to itself, so two or more folders below the site they would be looked for where
# none exist. Before anything else loads, 404.html asks (synchronously, so that nothing of
# the page is fetched or shown first) whether its own folder has the site's manifest; if
# not, it looks in each folder up until one has, and goes there with the link's fragment.
# One folder deep (a mistyped page name) its own folder is the site's: it stays the app.
FIND_THE_SITE = minified("""
(() => {
  const hasManifest = (folder) => {
    const request = new XMLHttpRequest();
    request.open("HEAD", new URL("manifest.webmanifest", folder), false);
    try { request.send(); } catch { return false; }
    return request.status === 200;
  };
  let folder = new URL("./", location.href);
  if (hasManifest(folder)) return;
  while (folder.pathname !== "/") {
    folder = new URL("../", folder);
    if (hasManifest(folder)) {
      document.documentElement.hidden = true;
      location.replace(folder.href + location.hash);
      return;
    }
  }
})();
""")
policy_tag = f'<meta http-equiv="Content-Security-Policy" content="{placeholder}">'
if policy_tag not in html:
    sys.exit(f"{index}: no {policy_tag} to put 404.html's first script after")
not_found = html.replace(policy_tag, f"{policy_tag}\n  <script>{FIND_THE_SITE}</script>")
html, inline_count = with_policy(html)
index.write_text(html)
(dist / "404.html").write_text(with_policy(not_found)[0])

worker = dist / "sw.js"
template = worker.read_text()
if "__FILES__" not in template:
    sys.exit(f"{worker}: already filled in; rebuild with scripts/build")
KIT = "mlops-maturity-offline.html"
# The kit is a download, not part of the site a visitor needs offline.
skip = {"sw.js", "404.html", "index.html", KIT}
files = sorted(p.name for p in dist.iterdir() if p.is_file() and p.name not in skip)
digest = hashlib.sha256()
for name in ["index.html"] + files:
    digest.update(name.encode() + b"\0" + (dist / name).read_bytes())
version = digest.hexdigest()[:16]
# Minified too: the browser fetches it once the app has started, so it counts in the first
# load, and its comments are for people reading public/sw.js.
worker.write_text(minified(
    template.replace("__VERSION__", version).replace("__FILES__", json.dumps(["./"] + files))
))
print(f"finished {dist}: CSP with {inline_count} inline script hash(es), 404.html, "
      f"service worker {version} precaching {len(files) + 1} files")


def sha256(code):
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def inline_parts(bindings):
    """wasm-bindgen's module with the loader of the views' parts (scripts/split-wasm.py)
    written into it, each part's bytes inlined where the loader would fetch the file."""
    found = list(re.finditer(r'import \* as (\w+) from "\./(__wasm_split-[0-9a-f]+\.js)";?\n',
                             bindings))
    if not found or len({f.group(2) for f in found}) != 1:
        sys.exit("the wasm-bindgen module imports no single __wasm_split loader: run scripts/build")
    name, loader_file = found[0].groups()
    loader = (dist / loader_file).read_text()
    loader, imports = re.subn(r'^import \{ initSync \} from "[^"]+";?\n', "", loader, flags=re.M)

    def part_bytes(match):
        b64 = base64.b64encode((dist / match.group(1)).read_bytes()).decode()
        return ('Promise.resolve(new Response(Uint8Array.from(atob("' + b64 + '"), '
                '(c) => c.charCodeAt(0)), { headers: { "Content-Type": "application/wasm" } }))')

    loader, parts = re.subn(r'fetch\(new URL\("\./([^"]+\.wasm)", import\.meta\.url\)\)',
                            part_bytes, loader)
    if imports != 1 or parts == 0 or "import.meta" in loader or "fetch(" in loader:
        sys.exit(f"{loader_file}: not the loader shape the offline kit knows how to inline")
    exports = re.findall(r"^export const (\w+)", loader, flags=re.M)
    loader = re.sub(r"^export const ", "const ", loader, flags=re.M)
    # wasm-bindgen imports the loader once per part, under names of its own.
    for other in found[1:]:
        bindings = bindings.replace(other.group(0), f"const {other.group(1)} = {name};\n")
    return bindings.replace(
        found[0].group(0), f"{loader}\nconst {name} = {{ {', '.join(exports)} }};\n"
    )


def one_file(template):
    """The site as one HTML file: every file it loads inlined, the service worker left out
    (browsers do not run one from disk)."""
    kit = template
    loader, bindings, wasm = trunk_loader(kit)
    wasm_b64 = base64.b64encode((dist / wasm).read_bytes()).decode()
    module = inline_parts((dist / bindings).read_text()) + (
        "\n// Offline kit: the wasm is inlined below, instantiated from its bytes.\n"
        f'const bytes = Uint8Array.from(atob("{wasm_b64}"), (c) => c.charCodeAt(0));\n'
        "initSync({ module: bytes });\n"
    )
    kit = kit.replace(loader, f'<script type="module">{module}</script>')
    css_link = re.search(r'<link rel="stylesheet" href="\./([^"]+)"[^>]*>', kit)
    css = (dist / css_link.group(1)).read_text()
    kit = kit.replace(css_link.group(0), f"<style>{css}</style>")
    kit = inline_before_paint(kit)
    kit = kit.replace(f'<script src="{SERVICE_WORKER_REGISTRATION}" defer></script>', "")
    kit = re.sub(r'<link rel="(manifest|modulepreload|preload)"[^>]*>', "", kit)
    icon = re.search(r'<link rel="icon" href="\./([^"]+)"[^>]*>', kit)
    icon_b64 = base64.b64encode((dist / icon.group(1)).read_bytes()).decode()
    kit = kit.replace(icon.group(0), f'<link rel="icon" href="data:image/svg+xml;base64,{icon_b64}">')
    kit = kit.replace("<html lang=\"en\">", "<html lang=\"en\" data-kit>")
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", kit, flags=re.S)
    styles = re.findall(r"<style>(.*?)</style>", kit, flags=re.S)
    kit_policy = "; ".join([
        "default-src 'none'",
        "script-src 'wasm-unsafe-eval' " + " ".join(sha256(c) for c in scripts),
        "style-src " + " ".join(sha256(c) for c in styles),
        "img-src data: blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    return kit.replace(placeholder, kit_policy)


kit = one_file(template_html)
(dist / KIT).write_text(kit)
print(f"offline kit {KIT}: {len(kit.encode())} bytes")


def minify(path, loader):
    code = path.read_text()
    return len(code.encode()), minified(code, loader).encode()


def integrity(page):
    """`page` with each `integrity` attribute computed again from the file it names."""
    def attribute(match):
        content = (dist / match.group(1)).read_bytes()
        return (f'href="./{match.group(1)}"{match.group(2)}integrity="sha384-'
                + base64.b64encode(hashlib.sha384(content).digest()).decode() + '"')
    return re.sub(r'href="\./([^"]+)"([^>]*?)integrity="sha384-[^"]*"', attribute, page)


modules = sorted(p for p in dist.glob("*.js") if p.name != "sw.js")
styles = sorted(dist.glob("*.css"))
before = after = 0
for path, loader in [(p, "js") for p in modules] + [(p, "css") for p in styles]:
    size, small = minify(path, loader)
    path.write_bytes(small)
    before, after = before + size, after + len(small)
for page in [index, dist / "404.html"]:
    page.write_text(integrity(page.read_text()))
print(f"minified {len(modules)} JS module(s) and {len(styles)} stylesheet(s): "
      f"{before} -> {after} bytes")
