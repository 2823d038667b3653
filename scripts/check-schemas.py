"""Checks the questionnaire files and fixtures against questionnaires/questionnaire.schema.json and the
assessment fixtures against questionnaires/assessment.schema.json, so the schemas editors use stay in
step with what the app accepts. Broken fixtures must fail."""
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
assessment_validator = jsonschema.Draft202012Validator(
    json.loads((root / "questionnaires/assessment.schema.json").read_text()))
assessments = sorted((root / "tests/fixtures/assessments").glob("*.json"))
for path in assessments:
    for error in assessment_validator.iter_errors(json.loads(path.read_text())):
        print(f"{path.relative_to(root)}: {'/'.join(map(str, error.path))}: {error.message}")
        failed = True
# The weight rule (greater than 0, at most 1000, three decimals) in both schemas, as in the app.
weight_schemas = {
    "questionnaire": {**schema["$defs"]["weight"], "$schema": schema.get("$schema")},
    "assessment": json.loads((root / "questionnaires/assessment.schema.json").read_text())
    ["properties"]["area_weights"]["additionalProperties"],
}
for name, weight_schema in weight_schemas.items():
    weight = jsonschema.Draft202012Validator(weight_schema)
    for value in [0.001, 0.37, 1, 999.999, 1000]:
        if not weight.is_valid(value):
            print(f"{name} schema refuses the weight {value}")
            failed = True
    for value in [0, -1, 0.0001, 2.0005, 1000.001, 1e308]:
        if weight.is_valid(value):
            print(f"{name} schema accepts the weight {value}")
            failed = True
print(f"schema check: {len(must_pass)} questionnaire(s) and {len(assessments)} assessment(s) valid, "
      f"{len(must_fail)} broken file(s) refused: {'FAILED' if failed else 'ok'}")
sys.exit(1 if failed else 0)
