#!/usr/bin/env python3
"""Validate pint reports against the committed JSON Schema.

usage: validate.py SCHEMA FILE...

Files that are not pint reports (no schema_version: task files, say)
are passed over. Exits 1 naming each report that does not validate.
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict) or "schema_version" not in doc:
            continue
        for err in validator.iter_errors(doc):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: {where}: {err.message}", file=sys.stderr)
            bad = 1
    sys.exit(bad)


main()
