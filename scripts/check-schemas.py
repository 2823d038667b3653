"""Checks every questionnaire file and valid fixture against questionnaires/questionnaire.schema.json,
so the schema editors use stays in step with what the app accepts. Broken fixtures must fail it."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "questionnaires/questionnaire.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
must_pass = [p for p in (root / "questionnaires").glob("*.json") if not p.name.endswith(".schema.json")]
must_pass += [root / "tests/fixtures/questionnaires/three-areas.json",
              root / "tests/fixtures/questionnaires/hostile-markup.json"]
must_fail = [root / "tests/fixtures/questionnaires/broken.json"]

failed = False
for path in must_pass:
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    for error in errors:
        print(f"{path.relative_to(root)}: {'/'.join(map(str, error.path))}: {error.message}")
    failed |= bool(errors)
for path in must_fail:
    if validator.is_valid(json.loads(path.read_text())):
        print(f"{path.relative_to(root)}: expected schema errors, found none")
        failed = True
print(f"schema check: {len(must_pass)} valid file(s), {len(must_fail)} broken file(s): {'FAILED' if failed else 'ok'}")
sys.exit(1 if failed else 0)
