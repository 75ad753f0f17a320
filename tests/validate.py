#!/usr/bin/env python3
"""Validate pint reports against the committed JSON Schema.

usage: validate.py SCHEMA FILE...

Files that are not pint reports (no schema_version: task files, say)
are passed over; pint compare's outputs ("schema": "pint-compare") are
validated against pint-compare.schema.json beside SCHEMA. Exits 1
naming each file that does not validate.
"""
import json
import os
import sys

import jsonschema


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    with open(os.path.join(os.path.dirname(sys.argv[1]),
                           "pint-compare.schema.json")) as f:
        compare = jsonschema.Draft7Validator(json.load(f))
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict) or "schema_version" not in doc:
            continue
        v = compare if doc.get("schema") == "pint-compare" else validator
        for err in v.iter_errors(doc):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: {where}: {err.message}", file=sys.stderr)
            bad = 1
    sys.exit(bad)


main()
