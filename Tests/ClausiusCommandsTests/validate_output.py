#!/usr/bin/env python3
"""Validates Clausius JSON documents (docs/output-format.md) independently of the Swift code.

Usage: validate_output.py SCHEMA FILE...   (exit 0 when every file passes; one line per problem otherwise)

Checks per file: strict RFC 8259 JSON (no NaN/Infinity literals, no duplicate keys), the JSON Schema
(draft 2020-12, jsonschema's Draft202012Validator), and the non-finite convention beyond what a schema can
say: every "<key>_nonfinite" partner has a "<key>" beside it that is null (a string reason) or an array
whose elements at the partner's JSON Pointers are null (an object of pointers).
"""
import json
import sys

from jsonschema import Draft202012Validator


def strict_pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key among %s" % keys)
    return dict(pairs)


def reject_constant(name):
    raise ValueError("non-JSON number literal %s" % name)


def at_pointer(value, pointer):
    for part in pointer.split("/")[1:]:
        value = value[int(part)]
    return value


def partner_problems(node, path="$"):
    problems = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_nonfinite"):
                base = key[: -len("_nonfinite")]
                if base not in node:
                    problems.append("%s.%s: no key %r beside it" % (path, key, base))
                elif isinstance(value, str):
                    if node[base] is not None:
                        problems.append("%s.%s: %r is %r, not null" % (path, key, base, node[base]))
                else:
                    for pointer in value:
                        try:
                            if at_pointer(node[base], pointer) is not None:
                                problems.append("%s.%s%s is not null" % (path, base, pointer))
                        except (IndexError, TypeError, ValueError, KeyError):
                            problems.append("%s.%s: pointer %s does not exist" % (path, key, pointer))
            else:
                problems += partner_problems(value, "%s.%s" % (path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            problems += partner_problems(value, "%s[%d]" % (path, i))
    return problems


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    failures = 0
    for name in sys.argv[2:]:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f, object_pairs_hook=strict_pairs, parse_constant=reject_constant)
        except Exception as e:  # not JSON at all
            print("%s: not strict JSON: %s" % (name, e))
            failures += 1
            continue
        problems = ["%s: schema: %s at %s" % (name, e.message[:300], "/".join(str(p) for p in e.absolute_path))
                    for e in validator.iter_errors(doc)]
        problems += ["%s: %s" % (name, p) for p in partner_problems(doc)]
        for p in problems[:20]:
            print(p)
        failures += bool(problems)
    print("validated %d file(s), %d failed" % (len(sys.argv) - 2, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
