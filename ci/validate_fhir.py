"""Validates FHIR R4 bundles exported by the API with the `fhir.resources` package.

Usage: python validate_fhir.py DIR   (every *.json file in DIR must be a valid R4 Bundle)
"""
import json
import pathlib
import sys

from fhir.resources.bundle import Bundle  # fhir.resources 6.x: FHIR R4

files = sorted(pathlib.Path(sys.argv[1]).glob("*.json"))
if not files:
    sys.exit("no bundles to validate")
for path in files:
    data = json.loads(path.read_text())
    bundle = Bundle.parse_obj(data)  # raises on any violation of the R4 resource models
    kinds = sorted({e.resource.resource_type for e in bundle.entry})
    print(f"{path.name}: valid R4 Bundle, {len(bundle.entry)} entries: {', '.join(kinds)}")
