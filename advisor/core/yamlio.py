"""Reading the knowledge's YAML files (question bank, registries, rule records).

PyYAML's pure-Python parser needs about 0.5 s for questions.yaml on a CI-class machine, most of a
command's start-up; libyaml's C parser, shipped in PyYAML's wheels, reads it in 0.04 s and gives the
same data (both are safe loaders: no Python tags). Where PyYAML was built without libyaml the
pure-Python one is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The parsed document of a UTF-8 YAML file."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
