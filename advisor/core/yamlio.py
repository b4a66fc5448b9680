"""Reading the knowledge's YAML files (question bank, registries, rule records).

PyYAML's pure-Python parser needs about 0.5 s for questions.yaml on a CI-class machine, most of a
command's start-up; libyaml's C parser, shipped in PyYAML's wheels, reads it in 0.04 s and gives the
same data (both are safe loaders: no Python tags). Where PyYAML was built without libyaml the
pure-Python one is used.

Parsing the ~90 files still cost every command about 0.13 s of CPU; reading back what an earlier
run parsed costs 0.008 s. So each file's parsed document is kept in the user's cache folder under
the hash of the file's bytes: an edited file has a new hash, so a cached document is never stale,
and a cache that cannot be read or written is simply not used. Only the knowledge's own files come
through here, never a user's input (advisor/core/limits.py reads those, bounded).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CACHE_ENV = "BMI_ADVISOR_CACHE"  # a folder for the cache, or "off"


def _cache_dir() -> Path | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bmi-advisor" / "yaml"


def read_yaml(path: Path) -> Any:
    """The parsed document of a UTF-8 YAML file (from the cache when this content was read before)."""
    raw = path.read_bytes()
    folder = _cache_dir()
    if folder is None:
        return _parse(raw)
    # The parser's version is part of the key: another libyaml could read the same bytes otherwise.
    key = hashlib.sha256(raw + yaml.__version__.encode() + _SAFE_LOADER.__name__.encode()).hexdigest()
    cached = folder / f"{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError):
        return pickle.loads(cached.read_bytes())
    data = _parse(raw)
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = folder / f".{key}.{os.getpid()}.tmp"
        temp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        temp.chmod(0o600)
        temp.replace(cached)  # atomic: a reader sees the whole document or none
    return data


def _parse(raw: bytes) -> Any:
    return yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
