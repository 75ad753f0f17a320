#!/usr/bin/env python3
"""Validate pint reports against the committed JSON Schema.

usage: validate.py SCHEMA FILE...

Files that are not pint reports (no schema_version: task files, say)
are passed over; the outputs of pint compare and pint check ("schema":
"pint-compare" or "pint-check") are validated against their schema
beside SCHEMA. Exits 1 naming each file that does not validate.

Beyond the schema: every fingerprint field that is null (in host, the
properties the schema types with an fp_ definition; in each run's
conditions and energy, every one) has its reason in the same object's
null_reasons, and no reason is given for a field that is not null.
"""
import json
import os
import sys

import jsonschema


def fingerprint_keys(schema):
    host = schema["properties"]["host"]["properties"]
    return [k for k, v in host.items()
            if v.get("$ref", "").startswith("#/definitions/fp_")]


def check_reasons(obj, keys, where):
    """Messages for nulls without a reason and reasons without a null."""
    if not isinstance(obj, dict):
        return []
    why = obj.get("null_reasons", {})
    bad = [f"{where}/{k}: null without a reason in null_reasons"
           for k in keys if k in obj and obj[k] is None and not why.get(k)]
    bad += [f"{where}/null_reasons/{k}: a reason for a field that is "
            "not null" for k in why if obj.get(k) is not None]
    return bad


def reasons(schema, doc):
    bad = check_reasons(doc.get("host"), fingerprint_keys(schema), "host")
    for i, run in enumerate(doc.get("runs", [])):
        for part in ("conditions", "energy"):
            obj = run.get(part)
            if isinstance(obj, dict):
                keys = [k for k in obj if k != "null_reasons"]
                bad += check_reasons(obj, keys, f"runs/{i}/{part}")
    return bad


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    others = {}
    for name in ("pint-compare", "pint-check"):
        with open(os.path.join(os.path.dirname(sys.argv[1]),
                               name + ".schema.json")) as f:
            others[name] = jsonschema.Draft7Validator(json.load(f))
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict) or "schema_version" not in doc:
            continue
        v = others.get(doc.get("schema"), validator)
        for err in v.iter_errors(doc):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: {where}: {err.message}", file=sys.stderr)
            bad = 1
        for msg in reasons(schema, doc) if v is validator else []:
            print(f"{path}: {msg}", file=sys.stderr)
            bad = 1
    sys.exit(bad)


main()
