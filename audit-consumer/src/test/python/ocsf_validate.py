"""Validates OCSF events (NDJSON on stdin) against the official OCSF schema.

The class schema, with the profiles each event's metadata.profiles names, is generated from the
OCSF schema that the PyPI package ocsf-json-schema ships (no network), then every event is
checked with jsonschema (draft 2020-12). Prints one line per error; exit 1 if there is any.
Usage: ocsf_validate.py <ocsf version> < events.ndjson
"""
import json
import sys

from jsonschema import Draft202012Validator
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema


def main() -> int:
    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version=sys.argv[1]))
    validators = {}
    errors = 0
    count = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        event = json.loads(line)
        count += 1
        class_name = schema.lookup_class_name_from_uid(event["class_uid"])
        profiles = tuple(sorted(event.get("metadata", {}).get("profiles", [])))
        key = (class_name, profiles)
        if key not in validators:
            validators[key] = Draft202012Validator(schema.get_class_schema(class_name, list(profiles)))
        for error in validators[key].iter_errors(event):
            errors += 1
            path = "/".join(str(p) for p in error.absolute_path)
            print(f"event {number} ({class_name}) at /{path}: {error.message}")
    print(f"{count} events checked, {errors} errors")
    return 1 if errors or not count else 0


if __name__ == "__main__":
    sys.exit(main())
