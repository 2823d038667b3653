"""Cuts the release wasm in dist/ into the part the first screen needs and parts that load
when a view first opens (the app's `part!` views: the library, Setup, Results, Progress,
the respondent's Send page).

Trunk builds the app with the `split` feature, so its wasm imports each part's loader
from a placeholder module that only this step provides. From the wasm cargo linked (with
`--emit-relocs`), this:

1. runs wasm-split-cli, which writes the main module, one module per part (plus shared
   chunks) and `__wasm_split.js`, the loader that fetches and instantiates them;
2. runs wasm-bindgen on the main module under Trunk's file name (keeping the exports the
   parts link against) and wasm-opt -Oz on every module;
3. names each part and the loader by a hash of its content, so a new deploy never mixes
   with parts an HTTP cache kept;
4. puts them into dist/, replacing Trunk's JS and wasm, and writes the new integrity
   hashes into index.html.

usage: split-wasm.py DIST LINKED_WASM
"""
import base64
import hashlib
import pathlib
import re
import shutil
import subprocess
import sys

dist = pathlib.Path(sys.argv[1])
linked = pathlib.Path(sys.argv[2])
index = dist / "index.html"
html = index.read_text()

stem = re.search(r"from '\./(mlops-maturity-[0-9a-f]+)\.js'", html)
if not stem:
    sys.exit(f"{index}: no Trunk loader importing ./mlops-maturity-<hash>.js")
stem = stem.group(1)

work = linked.parent / "split"
shutil.rmtree(work, ignore_errors=True)
(work / "bindgen").mkdir(parents=True)


def run(*command):
    subprocess.run([str(c) for c in command], check=True)


run("wasm-split-cli", linked, work, "--out-name", stem)
run("wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
    "--out-dir", work / "bindgen", "--out-name", stem, work / f"{stem}.wasm")

# The features wasm-bindgen's output uses; wasm-opt must be told (the same as Trunk's).
features = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int",
            "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types",
            "--enable-multivalue"]


def optimise(source, target):
    run("wasm-opt", "-Oz", *features, source, "-o", target)


def hashed(name, content):
    digest = hashlib.sha256(content).hexdigest()[:16]
    base, dot, ext = name.rpartition(".")
    return f"{base}-{digest}.{ext}"


loader = (work / "__wasm_split.js").read_text()
parts = sorted(p for p in work.glob("*.wasm") if p.name != f"{stem}.wasm")
if not parts:
    sys.exit("wasm-split-cli found no split points: was the wasm built with --features split?")
for part in parts:
    optimised = work / "bindgen" / part.name
    optimise(part, optimised)
    name = hashed(part.name, optimised.read_bytes())
    if f'"./{part.name}"' not in loader:
        sys.exit(f"__wasm_split.js does not load {part.name}")
    loader = loader.replace(f'"./{part.name}"', f'"./{name}"')
    shutil.copy(optimised, dist / name)
    print(f"part {name}: {optimised.stat().st_size} bytes")

loader_name = hashed("__wasm_split.js", loader.encode())
(dist / loader_name).write_text(loader)
bindings = (work / "bindgen" / f"{stem}.js").read_text()
# Only the import statement's path changes: the imports object keeps the module name the
# wasm itself asks for.
if 'from "./__wasm_split.js"' not in bindings:
    sys.exit("wasm-bindgen's output does not import ./__wasm_split.js")
(dist / f"{stem}.js").write_text(
    bindings.replace('from "./__wasm_split.js"', f'from "./{loader_name}"'))
optimise(work / "bindgen" / f"{stem}_bg.wasm", dist / f"{stem}_bg.wasm")


def integrity(match):
    content = (dist / match.group(1)).read_bytes()
    return (f'href="./{match.group(1)}"{match.group(2)}integrity="sha384-'
            + base64.b64encode(hashlib.sha384(content).digest()).decode() + '"')


html, count = re.subn(r'href="\./([^"]+)"([^>]*?)integrity="sha384-[^"]*"', integrity, html)
index.write_text(html)
print(f"split {stem}: main {(dist / f'{stem}_bg.wasm').stat().st_size} bytes, "
      f"{len(parts)} part(s), loader {loader_name}; {count} integrity hash(es) rewritten")
