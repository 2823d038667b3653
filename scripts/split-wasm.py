"""Cuts the release wasm in dist/ into the part the first screen needs and parts that load
when a view first opens (the app's `part!` views: the library, Setup, Results, Progress,
the respondent's Send page).

Trunk builds the app with the `split` feature, so its wasm imports each part's loader
from a placeholder module that only this step provides. From the wasm cargo linked (with
`--emit-relocs`), this:

1. runs wasm-split-cli, which writes the main module, one module per part (plus shared
   chunks) and `__wasm_split.js`, the loader that fetches and instantiates them;
2. runs wasm-bindgen on the main module under Trunk's file name (keeping the exports the
   parts link against), drops what the app never calls (wasm-streams' exports and their
   function-table entries) and runs wasm-opt -Oz on every module;
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
    # 40 bits tell one deploy's file from another's; each name is written in the first
    # load twice (the loader and the service worker's list), so longer ones cost bytes.
    digest = hashlib.sha256(content).hexdigest()[:10]
    base, dot, ext = name.rpartition(".")
    return f"{base}-{digest}.{ext}"


def leb(data, at):
    """The unsigned LEB128 number at `at` in `data`, and where it ends."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def to_leb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


# Exports of wasm-streams' JS classes. Leptos always builds its client for server
# functions, which brings them; this app has no server and never creates one, but as
# exports they would keep their code (about 10 KB before -Oz) in the first load.
UNUSED_EXPORT = re.compile(r"(__wbg_)?intounderlying(bytesource|sink|source)_")
# The names wasm-bindgen gives the exports that call Rust closures: a type signature of a
# few hundred characters each, written in the wasm and again in the JS.
LONG_EXPORT = re.compile(r"wasm_bindgen_[0-9a-f]+___convert__closures_\w+")


def trim_exports(wasm_path, js_path):
    """Drops the unused exports from the wasm and their classes from the JS, and gives the
    closure exports short names in both. Fails if the JS then asks the wasm for an export
    it no longer has."""
    data = wasm_path.read_bytes()
    out, renamed = bytearray(data[:8]), {}
    for section, start, body, end in sections(data):
        if section == 7:
            count, cursor = leb(data, body)
            kept = []
            for _ in range(count):
                length, cursor = leb(data, cursor)
                name = data[cursor:cursor + length].decode()
                cursor += length
                kind = data[cursor:cursor + 1]
                index, cursor = leb(data, cursor + 1)
                if UNUSED_EXPORT.match(name):
                    continue
                if LONG_EXPORT.fullmatch(name):
                    renamed[name] = f"closure{len(renamed)}"
                    name = renamed[name]
                kept.append(to_leb(len(name)) + name.encode() + kind + to_leb(index))
            content = to_leb(len(kept)) + b"".join(kept)
            out += bytes([7]) + to_leb(len(content)) + content
        else:
            out += data[start:end]
    wasm_path.write_bytes(bytes(out))

    js = js_path.read_text()
    js = re.sub(r"export class (IntoUnderlying\w+) \{\n.*?\n\}\n"
                r"if \(Symbol\.dispose\) \1\.prototype\[Symbol\.dispose\] = [^;]*;\n",
                "", js, flags=re.S)
    js = re.sub(r"const IntoUnderlying\w+Finalization = [^;]*;\n", "", js)
    js = re.sub(r"\bwasm\.(\w+)", lambda m: "wasm." + renamed.get(m.group(1), m.group(1)), js)
    exported = set(exports_of(wasm_path.read_bytes()))
    missing = sorted(set(re.findall(r"\bwasm\.(\w+)", js)) - exported)
    if missing:
        sys.exit(f"{js_path.name} asks the wasm for exports it does not have: {missing}")
    js_path.write_text(js)


# The closures and destructors of those classes: the linker put them in the function
# table, which wasm-opt keeps whole, so they and what they call stayed in the first load
# after the exports were gone (6.5 KB of wasm-streams' code before -Oz).
UNUSED_TABLE_ENTRY = re.compile(r"wasm_streams")


def retire_table_entries(wasm_path):
    """Points every function-table entry whose function is named by UNUSED_TABLE_ENTRY at
    the smallest function instead, so that wasm-opt can drop them. Nothing calls them: only
    the dropped exports made the values those entries belong to."""
    data = wasm_path.read_bytes()
    names = function_index_names(data)
    if not names:
        sys.exit(f"{wasm_path.name} has no function names: its table cannot be checked")
    retired = {index for index, name in names.items() if UNUSED_TABLE_ENTRY.search(name)}
    imported, bodies = 0, []
    for section, _, body, _ in sections(data):
        if section == 2:
            imported = sum(entry[2][0] == 0 for entry in import_entries(data, body))
        elif section == 10:
            count, cursor = leb(data, body)
            for index in range(count):
                size, cursor = leb(data, cursor)
                bodies.append((size, imported + index))
                cursor += size
    stand_in = min(b for b in bodies if b[1] not in retired)[1]
    out, changed = bytearray(data[:8]), 0
    for section, start, body, end in sections(data):
        if section != 9:
            out += data[start:end]
            continue
        count, cursor = leb(data, body)
        content = bytearray(to_leb(count))
        for _ in range(count):
            # Kind 0 lists function indices, kind 4 an expression for each entry (both
            # active, in table 0).
            flag, at = leb(data, cursor)
            if flag not in (0, 4):
                sys.exit(f"{wasm_path.name}: element segment of kind {flag}, not read here")
            # The offset: `i32.const n` or `global.get g`, then `end`.
            opcode = data[at]
            if opcode not in (0x41, 0x23):
                sys.exit(f"{wasm_path.name}: element segment offset not read here")
            at += 1
            while data[at] & 0x80:
                at += 1
            if data[at + 1] != 0x0B:
                sys.exit(f"{wasm_path.name}: element segment offset not read here")
            at += 2
            content += data[cursor:at]
            entries, at = leb(data, at)
            content += to_leb(entries)
            for _ in range(entries):
                if flag == 4 and data[at] != 0xD2:
                    # `ref.null func`: no function to retire.
                    if data[at:at + 3] != b"\xd0\x70\x0b":
                        sys.exit(f"{wasm_path.name}: element expression not read here")
                    content += data[at:at + 3]
                    at += 3
                    continue
                index, at = leb(data, at + (flag == 4))
                if index in retired:
                    index, changed = stand_in, changed + 1
                if flag == 4:
                    if data[at] != 0x0B:
                        sys.exit(f"{wasm_path.name}: element expression not read here")
                    content += b"\xd2" + to_leb(index) + b"\x0b"
                    at += 1
                else:
                    content += to_leb(index)
            cursor = at
        out += bytes([9]) + to_leb(len(content)) + content
    wasm_path.write_bytes(bytes(out))
    print(f"{wasm_path.name}: {changed} table entries of unused code retired")


def import_entries(data, body):
    """Each import in the import section whose content starts at `body`: its module, its
    name and the bytes that describe it (kind first)."""
    count, cursor = leb(data, body)
    for _ in range(count):
        names = []
        for _ in range(2):
            length, cursor = leb(data, cursor)
            names.append(data[cursor:cursor + length].decode())
            cursor += length
        start, kind = cursor, data[cursor]
        cursor += 1
        if kind == 0:
            _, cursor = leb(data, cursor)
        elif kind in (1, 2):
            cursor += kind == 1  # a table's element type
            flags, cursor = leb(data, cursor)
            for _ in range(2 if flags & 1 else 1):
                _, cursor = leb(data, cursor)
        elif kind == 3:
            cursor += 2
        else:
            sys.exit(f"an import of kind {kind}, not read here")
        yield names[0], names[1], data[start:cursor]


# What the wasm calls the module of wasm-bindgen's JS functions (see `shorten_imports`).
SHORT_MODULE = "m"


def shorten_imports(wasm_path, js_path, module):
    """Gives the wasm's imports from `module` (the functions wasm-bindgen's JS hands it)
    short names, in the wasm and in the JS object that provides them. Their names carry a
    hash of 16 hex digits each, written twice: about 170 imports. The module's own name
    (the bindings' file name, with the build's hash) is written once per import in the
    wasm: it becomes `m` in both files (0.2 KB gzip). Fails unless every one is renamed on
    both sides."""
    data = wasm_path.read_bytes()
    out, renamed = bytearray(data[:8]), {}
    for section, start, body, end in sections(data):
        if section != 2:
            out += data[start:end]
            continue
        entries = []
        for source, name, description in import_entries(data, body):
            if source == module:
                name = renamed.setdefault(name, f"i{len(renamed):x}")
                source = SHORT_MODULE
            entries.append(to_leb(len(source)) + source.encode()
                           + to_leb(len(name)) + name.encode() + description)
        content = to_leb(len(entries)) + b"".join(entries)
        out += bytes([2]) + to_leb(len(content)) + content
    js = js_path.read_text()
    js = re.sub(
        r"^(        )(\w+)(: function\()",
        lambda m: m.group(1) + renamed[m.group(2)] + m.group(3)
        if m.group(2) in renamed else m.group(0),
        js, flags=re.M)
    key = f'        "{module}": import0,\n'
    if js.count(key) != 1 or f'"{SHORT_MODULE}"' in js:
        sys.exit(f"{js_path.name}: the imports object does not name {module} once as expected")
    js = js.replace(key, f'        "{SHORT_MODULE}": import0,\n')
    unmatched = [name for name in renamed if name in js]
    keys = set(re.findall(r"^        (\w+): function\(", js, flags=re.M))
    if unmatched or not set(renamed.values()) <= keys:
        sys.exit(f"{js_path.name}: the imports of {module} are not where expected "
                 f"({unmatched[:3]} left, {sorted(set(renamed.values()) - keys)[:3]} missing)")
    wasm_path.write_bytes(bytes(out))
    js_path.write_text(js)
    print(f"{wasm_path.name}: {len(renamed)} imports from {module} renamed")


def function_index_names(data):
    """Function index to name, from the wasm's `name` section."""
    found = {}
    for section, _, body, end in sections(data):
        if section == 0:
            length, cursor = leb(data, body)
            if data[cursor:cursor + length] == b"name":
                cursor += length
                while cursor < end:
                    kind, (sub_size, sub) = data[cursor], leb(data, cursor + 1)
                    if kind == 1:
                        count, item = leb(data, sub)
                        for _ in range(count):
                            index, item = leb(data, item)
                            length, item = leb(data, item)
                            found[index] = data[item:item + length].decode(errors="replace")
                            item += length
                    cursor = sub + sub_size
    return found


def sections(data):
    """Each section of the wasm module `data`: its id, where it starts, where its content
    starts, and where it ends."""
    at = 8
    while at < len(data):
        size, body = leb(data, at + 1)
        yield data[at], at, body, body + size
        at = body + size


def exports_of(data):
    for section, _, body, _ in sections(data):
        if section == 7:
            count, cursor = leb(data, body)
            for _ in range(count):
                length, cursor = leb(data, cursor)
                yield data[cursor:cursor + length].decode()
                _, cursor = leb(data, cursor + length + 1)


# The standard library's stable sort costs the wasm a few kilobytes for each element type
# it sorts, and collecting into a BTreeMap or BTreeSet sorts: the app's code uses
# domain::order instead (a tidy test refuses the sort calls, but not a collect()). The
# first load must hold none of it.
names = list(function_index_names((work / f"{stem}.wasm").read_bytes()).values())
sorts = sorted({name for name in names
                if "4core5slice4sort6stable" in name or "core::slice::sort::stable" in name})
if not names:
    sys.exit(f"{stem}.wasm has no function names: the first load's sort check cannot run")
if sorts:
    sys.exit("the first load's code holds the standard library's stable sort (build maps and "
             "sets with domain::order's SortedMap, map_of or set_of, not collect()):\n  "
             + "\n  ".join(sorts[:10]))

# Reading a saved assessment (the entry's reader, the assessment's and the JSON reader
# under them) is the reader's part (domain::questionnaire::Reader): a first visit reads
# none, and it was about 15 KB gzip of the first load. A direct call of Entry::decode or
# plain_json::parse from the first screen's code would bring it all back. So would one of
# Workspace::set_reader, which the part brings as well (app::ReaderPart: 0.4 KB gzip).
readers = sorted({name for name in names
                  if "5Entry6decode" in name or "10plain_json5parse" in name
                  or name.endswith(("9Workspace10set_reader", "Workspace>::set_reader"))
                  or "Entry::decode" in name or "plain_json::parse" in name})
if readers:
    sys.exit("the first load's code reads saved assessments itself (read them through the "
             "workspace's Reader):\n  " + "\n  ".join(readers[:10]))

loader = (work / "__wasm_split.js").read_text()
# Each module is fetched in a task of its own. The generated loader calls fetch() for a
# part and for every chunk the part needs in one go, about 30 calls for Results; at 4× CPU
# each call costs about 6 ms, so the background fetch of the parts made a task of 190 ms,
# the longest after start-up, and more than half of the page's blocking time. Waiting for
# a zero timeout before each fetch spreads the calls over as many short tasks; the
# downloads still run side by side, and a view opened by hand waits no longer than the
# sum of the same calls.
fetch_at_once = "        const instantiate = fetcher();\n"
if loader.count(fetch_at_once) != 1:
    sys.exit("__wasm_split.js: makeLoad no longer calls `const instantiate = fetcher();` once; "
             "spread its fetches over tasks some other way")
loader = loader.replace(
    fetch_at_once,
    "        await new Promise((resolve) => setTimeout(resolve, 0));\n" + fetch_at_once)
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
trim_exports(work / "bindgen" / f"{stem}_bg.wasm", dist / f"{stem}.js")
retire_table_entries(work / "bindgen" / f"{stem}_bg.wasm")
shorten_imports(work / "bindgen" / f"{stem}_bg.wasm", dist / f"{stem}.js", f"./{stem}_bg.js")
optimise(work / "bindgen" / f"{stem}_bg.wasm", dist / f"{stem}_bg.wasm")


def integrity(match):
    content = (dist / match.group(1)).read_bytes()
    return (f'href="./{match.group(1)}"{match.group(2)}integrity="sha384-'
            + base64.b64encode(hashlib.sha384(content).digest()).decode() + '"')


html, count = re.subn(r'href="\./([^"]+)"([^>]*?)integrity="sha384-[^"]*"', integrity, html)
index.write_text(html)
print(f"split {stem}: main {(dist / f'{stem}_bg.wasm').stat().st_size} bytes, "
      f"{len(parts)} part(s), loader {loader_name}; {count} integrity hash(es) rewritten")
