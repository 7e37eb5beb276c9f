#!/usr/bin/env python3
"""Generate a compact service model for Trent's request validator.

Reads a botocore service model (service-2.json or service-2.json.gz) and writes
a compact JSON file that trent-server loads at startup
(dev.trent.server.protocol.ServiceModel). Documentation is dropped; what is
kept is what request validation and the wire protocols (AWS JSON, AWS Query
with its XML responses) need:

  * metadata: targetPrefix, jsonVersion, xmlNamespace, signatureVersion,
    globalEndpoint (plus apiVersion, protocol, endpointPrefix, serviceId),
    each when present;
  * operations: input / output shape names, error shape names, and when
    present the output's "resultWrapper" (Query), the HTTP "method" (only
    when it is not POST, the default) and "authtype": "none" for operations
    called without a signature (botocore's authtype/auth "smithy.api#noAuth");
  * shapes: type, members, required, min, max, enum, pattern, sensitive,
    list member, map key / value, and the exception / fault / error / union
    markers; the serialization traits flattened, timestampFormat,
    xmlNamespace and locationName; a list member's locationName as
    "memberName", a map key's and value's as "keyName" / "valueName";
  * members: the target shape and, when present, "sensitive" and the
    serialization traits locationName, queryName, xmlNamespace, xmlAttribute,
    flattened and timestampFormat.

Optional keys are written only when the source model has them, so a model
without Query/XML traits (KMS) comes out as before.

Member order and enum order are kept exactly as in the source model (the
validator reports violations in member declaration order and lists enum
values in model order).

Usage:
  tools/gen-service-model.py                        # kms 2014-11-01 -> default output
  tools/gen-service-model.py --service ssm --api-version 2014-11-06 \\
      --out trent-server/src/main/resources/dev/trent/server/protocol/ssm-model.json
  tools/gen-service-model.py --model path/to/service-2.json.gz --out out.json

Needs botocore installed unless --model is given. The generated file is
committed, so a build never needs botocore.
"""

import argparse
import gzip
import json
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCE_DIR = os.path.join(
    REPO_ROOT, "trent-server", "src", "main", "resources", "dev", "trent", "server", "protocol")

METADATA_KEYS = ("apiVersion", "endpointPrefix", "globalEndpoint", "jsonVersion", "protocol", "serviceId",
                 "signatureVersion", "targetPrefix", "xmlNamespace")
SHAPE_KEYS = ("min", "max", "pattern", "sensitive", "exception", "fault", "union")
# Serialization traits of the Query and XML protocols, kept where botocore has them.
SHAPE_WIRE_KEYS = ("flattened", "timestampFormat", "xmlNamespace", "locationName")
MEMBER_WIRE_KEYS = ("locationName", "queryName", "xmlNamespace", "xmlAttribute", "flattened", "timestampFormat")


def load_model(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def botocore_model_path(service, api_version):
    try:
        import botocore
    except ImportError:
        sys.exit("botocore is not installed; pass --model PATH instead")
    base = os.path.join(os.path.dirname(botocore.__file__), "data", service, api_version)
    for name in ("service-2.json.gz", "service-2.json"):
        candidate = os.path.join(base, name)
        if os.path.exists(candidate):
            return candidate, botocore.__version__
    sys.exit("no service model under " + base)


def compact_shape(shape):
    out = {"type": shape["type"]}
    if "required" in shape:
        out["required"] = list(shape["required"])
    if "members" in shape:
        members = {}
        for name, member in shape["members"].items():
            m = {"shape": member["shape"]}
            if member.get("sensitive"):
                m["sensitive"] = True
            for key in MEMBER_WIRE_KEYS:
                if key in member:
                    m[key] = member[key]
            members[name] = m
        out["members"] = members
    for key in SHAPE_KEYS:
        if key in shape:
            out[key] = shape[key]
    if "enum" in shape:
        out["enum"] = list(shape["enum"])
    if "member" in shape:
        out["member"] = shape["member"]["shape"]
    if "key" in shape:
        out["key"] = shape["key"]["shape"]
    if "value" in shape:
        out["value"] = shape["value"]["shape"]
    if "error" in shape:
        out["error"] = {k: v for k, v in shape["error"].items() if k in ("code", "httpStatusCode", "senderFault")}
    for key in SHAPE_WIRE_KEYS:
        if key in shape:
            out[key] = shape[key]
    for ref, name in (("member", "memberName"), ("key", "keyName"), ("value", "valueName")):
        if ref in shape and "locationName" in shape[ref]:
            out[name] = shape[ref]["locationName"]
    return out


def compact_operation(op):
    out = {}
    if "input" in op:
        out["input"] = op["input"]["shape"]
    if "output" in op:
        out["output"] = op["output"]["shape"]
    out["errors"] = [e["shape"] for e in op.get("errors", [])]
    if "output" in op and "resultWrapper" in op["output"]:
        out["resultWrapper"] = op["output"]["resultWrapper"]
    method = op.get("http", {}).get("method", "POST")
    if method != "POST":
        out["method"] = method
    if op.get("authtype") == "none" or op.get("auth") == ["smithy.api#noAuth"]:
        out["authtype"] = "none"
    return out


def check_references(model):
    shapes = model["shapes"]
    missing = set()
    for shape in shapes.values():
        refs = [m["shape"] for m in shape.get("members", {}).values()]
        refs += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
        missing.update(r for r in refs if r not in shapes)
    for op in model["operations"].values():
        refs = [op[k]["shape"] for k in ("input", "output") if k in op]
        refs += [e["shape"] for e in op.get("errors", [])]
        missing.update(r for r in refs if r not in shapes)
    if missing:
        sys.exit("model references undefined shapes: " + ", ".join(sorted(missing)))


def render(origin, metadata, operations, shapes):
    # One operation / shape per line: compact, yet reviewable in a diff.
    def dumps(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{", '"origin":' + dumps(origin) + ",", '"metadata":' + dumps(metadata) + ",", '"operations":{']
    items = list(operations.items())
    for i, (name, op) in enumerate(items):
        lines.append(dumps(name) + ":" + dumps(op) + ("," if i < len(items) - 1 else ""))
    lines.append("},")
    lines.append('"shapes":{')
    items = list(shapes.items())
    for i, (name, shape) in enumerate(items):
        lines.append(dumps(name) + ":" + dumps(shape) + ("," if i < len(items) - 1 else ""))
    lines.append("}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--service", default="kms", help="botocore service name (default: kms)")
    parser.add_argument("--api-version", default="2014-11-01", help="API version (default: 2014-11-01)")
    parser.add_argument("--model", help="explicit path to a service-2.json(.gz); skips the botocore lookup")
    parser.add_argument("--out", help="output file (default: <resources>/<service>-model.json)")
    args = parser.parse_args()

    if args.model:
        path, botocore_version = args.model, None
    else:
        path, botocore_version = botocore_model_path(args.service, args.api_version)
    model = load_model(path)
    check_references(model)

    src_meta = model.get("metadata", {})
    metadata = {k: src_meta[k] for k in METADATA_KEYS if k in src_meta}
    api_version = src_meta.get("apiVersion", args.api_version)
    origin = ("Generated by tools/gen-service-model.py from botocore's %s %s service model%s. "
              "botocore: Copyright Amazon.com, Inc. or its affiliates; licensed under the "
              "Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0). "
              "Documentation stripped. Do not edit by hand; regenerate instead."
              % (args.service, api_version,
                 " (botocore %s)" % botocore_version if botocore_version else ""))

    operations = {name: compact_operation(op) for name, op in model["operations"].items()}
    shapes = {name: compact_shape(shape) for name, shape in model["shapes"].items()}

    out = args.out or os.path.join(RESOURCE_DIR, args.service + "-model.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    text = render(origin, metadata, operations, shapes)
    json.loads(text)  # sanity check: the output parses
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s: %d operations, %d shapes" % (out, len(operations), len(shapes)))


if __name__ == "__main__":
    main()
