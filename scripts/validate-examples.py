#!/usr/bin/env python3
"""Checks response examples against their operation's schema in an OpenAPI 3.1 document.

Usage: validate-examples.py SPEC FAILURES.json
FAILURES.json lists {"operation", "kind" ("json" or "events"), "payload"}. For each, prints one line,
"valid" or "invalid: <first error>", so that a decoding failure can be told apart from an example that
breaks its own spec. Exits 2 when PyYAML or jsonschema is missing.
"""
import json
import sys

try:
    import yaml
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError as error:
    print(f"missing Python module: {error}", file=sys.stderr)
    sys.exit(2)

spec_path, failures_path = sys.argv[1], sys.argv[2]
with open(spec_path) as handle:
    spec = yaml.safe_load(handle)
BASE = "urn:spec"


def success_schema(operation_id, kind):
    wanted = "text/event-stream" if kind == "events" else "application/json"
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or operation.get("operationId") != operation_id:
                continue
            for status, response in sorted(operation.get("responses", {}).items()):
                if not str(status).startswith("2"):
                    continue
                if "$ref" in response:
                    name = response["$ref"].split("/")[-1]
                    response = spec["components"]["responses"][name]
                media = response.get("content", {}).get(wanted)
                if media:
                    return media.get("itemSchema") or media.get("schema")
    return None


with open(failures_path) as handle:
    failures = json.load(handle)
for failure in failures:
    schema = success_schema(failure["operation"], failure["kind"])
    try:
        instance = json.loads(failure["payload"])
    except json.JSONDecodeError as error:
        print(f"invalid: not JSON ({error})")
        continue
    if schema is None:
        print("valid: no schema to check against")
        continue
    try:
        # The schema is placed in the document, so that its `#/components/...` references resolve.
        document = dict(spec, __target__=schema)
        root = Registry().with_resource(BASE, Resource(contents=document, specification=DRAFT202012))
        errors = list(Draft202012Validator({"$ref": BASE + "#/__target__"}, registry=root).iter_errors(instance))
    except Exception as error:  # an unresolvable reference or a schema jsonschema cannot read
        print(f"valid: schema not checkable ({type(error).__name__})")
        continue
    if errors:
        best = min(errors, key=lambda error: len(list(error.path)))
        location = "/".join(str(part) for part in best.path)
        print(f"invalid: {location}: {best.message[:200]}")
    else:
        print("valid")
