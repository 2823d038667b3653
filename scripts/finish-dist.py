"""Finishes a Trunk build in dist/ for static hosting:

1. writes the Content-Security-Policy into index.html, allowing only the site's own origin
   plus the sha256 of each inline script Trunk generated (its wasm loader);
2. copies index.html to 404.html, so a mistyped or reloaded path on GitHub Pages still
   opens the app;
3. fills the service worker with this build's exact file list and a version derived from
   their contents, so a new deploy replaces the cache cleanly.
"""
import base64
import hashlib
import json
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
index = dist / "index.html"
html = index.read_text()

placeholder = "__CONTENT_SECURITY_POLICY__"
if placeholder not in html:
    sys.exit(f"{index}: no {placeholder} placeholder to replace")
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
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
html = html.replace(placeholder, policy)
index.write_text(html)
(dist / "404.html").write_text(html)

worker = dist / "sw.js"
template = worker.read_text()
if "__FILES__" not in template:
    sys.exit(f"{worker}: already filled in; rebuild with scripts/build")
skip = {"sw.js", "404.html", "index.html"}
files = sorted(p.name for p in dist.iterdir() if p.is_file() and p.name not in skip)
digest = hashlib.sha256()
for name in ["index.html"] + files:
    digest.update(name.encode() + b"\0" + (dist / name).read_bytes())
version = digest.hexdigest()[:16]
worker.write_text(
    template.replace("__VERSION__", version).replace("__FILES__", json.dumps(["./"] + files))
)
print(f"finished {dist}: CSP with {len(inline)} inline script hash(es), 404.html, "
      f"service worker {version} precaching {len(files) + 1} files")
