"""What the JSON Schema tests (validate_samples.py, validate_project.py) share: YAML as
schemashift reads it, and the check that every property carries a description."""
import re

import yaml

# * `created: 2024-01-15T14:30:22Z` stays a string (PyYAML would make it a datetime; the
#   tool, yaml-cpp and editors' YAML 1.2 parsers see a string).
# * Only `true` / `false` are booleans (YAML 1.2, like schemashift): `yes`, `on`, `True`
#   stay strings, so the schema rejects them where a boolean is expected.
# * A key given twice is an error, not "last one wins".
class SpecLoader(yaml.SafeLoader):
    pass


SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SpecLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


SpecLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text):
    return yaml.load(text, Loader=SpecLoader)




def undescribed_properties(schema):
    """Paths of the properties without a description (editors show them), anywhere in `schema`."""
    out = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                if not (isinstance(sub, dict) and sub.get("description")):
                    out.append(f"{path}/properties/{key}")
            for key, sub in node.items():
                walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}/{i}")

    walk(schema, "#")
    return out
