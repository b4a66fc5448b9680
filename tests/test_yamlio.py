"""The knowledge's YAML is parsed once per content: a cached document is never stale, and a cache
that cannot be used changes nothing but speed."""

from __future__ import annotations

import os

import pytest

from advisor.core import yamlio


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(yamlio.CACHE_ENV, str(folder))
    return folder


def test_a_document_read_twice_comes_from_the_cache_the_second_time(tmp_path, cache, monkeypatch):
    path = tmp_path / "rule.yaml"
    path.write_text("id: LK-04\nthresholds: [1, 2.5]\ndate: 2024-01-31\n", encoding="utf-8")
    first = yamlio.read_yaml(path)
    assert len(list(cache.glob("*.pickle"))) == 1
    monkeypatch.setattr(yamlio, "_parse", lambda raw: pytest.fail("parsed again"))
    assert yamlio.read_yaml(path) == first
    assert first["thresholds"] == [1, 2.5] and str(first["date"]) == "2024-01-31"


def test_an_edited_file_is_read_afresh(tmp_path, cache):
    path = tmp_path / "rule.yaml"
    path.write_text("severity: medium\n", encoding="utf-8")
    assert yamlio.read_yaml(path) == {"severity": "medium"}
    path.write_text("severity: low\n", encoding="utf-8")
    assert yamlio.read_yaml(path) == {"severity": "low"}
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_damaged_cache_entry_is_parsed_again(tmp_path, cache):
    path = tmp_path / "rule.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    yamlio.read_yaml(path)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert yamlio.read_yaml(path) == {"a": 1}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_an_unwritable_cache_changes_nothing_but_speed(tmp_path, cache):
    cache.mkdir()
    cache.chmod(0o500)
    path = tmp_path / "rule.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    assert yamlio.read_yaml(path) == {"a": [1, 2]}
    assert not list(cache.iterdir())


def test_a_cache_in_a_file_s_place_or_switched_off_changes_nothing_but_speed(tmp_path, monkeypatch):
    path = tmp_path / "rule.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(yamlio.CACHE_ENV, str(blocker))
    assert yamlio.read_yaml(path) == {"a": [1, 2]}
    monkeypatch.setenv(yamlio.CACHE_ENV, "off")
    assert yamlio.read_yaml(path) == {"a": [1, 2]}
    assert blocker.read_text(encoding="utf-8") == "x"


def test_cache_entries_are_private_to_their_owner(tmp_path, cache):
    path = tmp_path / "rule.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    yamlio.read_yaml(path)
    (entry,) = cache.glob("*.pickle")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700
