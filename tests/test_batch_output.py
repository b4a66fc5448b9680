"""A batch output folder is always consistent (reliability review M5, M6, L6, L7): a real batch killed
at random moments leaves the old set, the new set, or a folder marked incomplete that readers
refuse and the next run repairs; no temp files or workers stay; nothing the batch did not write is
deleted or written through a link."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import firm_row, write_csv
from conftest import ROOT

from advisor.core.assessment import AssessmentError
from advisor.portfolio.batch import run_batch
from advisor.portfolio.index import RUNNING, iter_entries, read_manifest

CLI = [sys.executable, "-m", "advisor.cli.main"]


def rounds(tmp_path: Path, bank, firms: int) -> tuple[Path, Path]:
    """Two rounds of the same firms whose findings differ (a large partner's share of 80 % and 10 %)."""
    paths = []
    for name, share in (("round1.csv", "80"), ("round2.csv", "10")):
        rows = [
            firm_row(
                bank,
                f"k-{i:04d}",
                nw_large_partner="yes",
                nw_largest_partner_share=share,
                bm_value_chain_position="component_inside_partner_product",
            )
            for i in range(firms)
        ]
        paths.append(write_csv(tmp_path / name, rows))
    return paths[0], paths[1]


def consistent(out: Path) -> None:
    """Manifest, index, summary and reports describe one run; no temp file is left."""
    manifest = read_manifest(out)
    entries = list(iter_entries(out))
    assert manifest.firms_scored == len(entries)
    named = set()
    for entry in entries:
        report = json.loads((out / entry.report_json).read_text())
        assert sorted(f["rule_id"] for f in report["findings"]) == sorted(f.rule_id for f in entry.findings)
        named |= {Path(entry.report_json).name, Path(entry.report_md).name}
    assert {p.name for p in (out / "firms").iterdir()} == named
    summary_firms = {line.split(",")[0] for line in (out / "summary.csv").read_text().splitlines()[1:]}
    assert summary_firms == {e.firm_id for e in entries}
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def processes_writing(out: Path) -> list[int]:
    """Processes whose command line names the output folder (the batch and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(out).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def holds_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False  # the process has gone


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_let_go_of_the_runs_lock_so_it_ends_with_the_batch_process(tmp_path, bank):
    """An flock lasts while any process holds the file: a forked worker still exiting after its
    batch was killed made the folder read as "being written" rather than "interrupted" (CI, once)."""
    first, _ = rounds(tmp_path, bank, 3000)
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [*CLI, "batch", str(first), "-o", str(out), "--workers", "2", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while not workers and batch.poll() is None and time.monotonic() < deadline:
            workers = [pid for pid in processes_writing(out) if pid != batch.pid]
            time.sleep(0.02)
        assert workers, "the batch finished before its workers could be looked at; give it more firms"
        assert holds_open(batch.pid, out / RUNNING)
        settle = time.monotonic() + 10  # a worker lets go as it starts, before its first task
        while True:
            alive = [w for w in workers if Path(f"/proc/{w}").exists()]
            holding = [w for w in alive if holds_open(w, out / RUNNING)]
            if (alive and not holding) or batch.poll() is not None or time.monotonic() > settle:
                break
            time.sleep(0.05)
        assert batch.poll() is None, "workers held RUNNING open for as long as the batch ran"
        assert alive and not holding, f"workers {holding} hold RUNNING open"
    finally:
        batch.kill()
        batch.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_batch_killed_at_random_moments_leaves_a_consistent_or_flagged_folder(tmp_path, bank):
    first, second = rounds(tmp_path, bank, 300)
    out = tmp_path / "out"
    run_batch(first, out)
    consistent(out)
    rng = random.Random(15)
    flagged = 0
    for attempt in range(5):
        source = (second, first)[attempt % 2]
        batch = subprocess.Popen(
            [*CLI, "batch", str(source), "-o", str(out), "--workers", "2", "--quiet"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()  # kill it at a random moment once it has begun writing
        while not (out / RUNNING).exists() and batch.poll() is None and time.monotonic() - started < 120:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 1.5))
        batch.send_signal(signal.SIGKILL)
        batch.wait()
        deadline = time.monotonic() + 5
        while processes_writing(out) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not processes_writing(out), "workers outlived the killed batch"
        if (out / RUNNING).exists():
            flagged += 1
            with pytest.raises(AssessmentError, match="was interrupted"):
                read_manifest(out)
        else:
            consistent(out)
    assert flagged, "no kill landed while the batch was writing; the test proved nothing"
    run_batch(second, out, workers=2)
    consistent(out)
    fresh = tmp_path / "fresh"
    run_batch(second, fresh)
    for path in sorted((fresh / "firms").iterdir()):
        assert (out / "firms" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (out / "portfolio.jsonl").read_bytes() == (fresh / "portfolio.jsonl").read_bytes()


def test_files_the_batch_did_not_write_are_never_deleted_or_written_through_a_link(tmp_path, bank):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "thesis-data.json").write_text('{"precious": true}')
    out = tmp_path / "out"
    out.mkdir()
    (out / "firms").symlink_to(shared)
    source = write_csv(tmp_path / "in.csv", [firm_row(bank, "a")])
    with pytest.raises(AssessmentError, match="firms: is a link"):
        run_batch(source, out)
    assert [p.name for p in shared.iterdir()] == ["thesis-data.json"]
    (out / "firms").unlink()
    run_batch(source, out)
    (out / "firms" / "notes.md").write_text("# mine")  # a user's file among the reports
    (out / "firms" / "b_2024-05-01.json").write_text("{}")  # named like a report, not indexed
    run_batch(write_csv(tmp_path / "other.csv", [firm_row(bank, "c")]), out)
    left = sorted(p.name for p in (out / "firms").iterdir())
    assert left == ["b_2024-05-01.json", "c_2024-05-01.json", "c_2024-05-01.md", "notes.md"]


def test_an_interrupted_run_is_flagged_for_readers_and_repaired_by_the_next(tmp_path, bank):
    source = write_csv(tmp_path / "in.csv", [firm_row(bank, "a"), firm_row(bank, "b")])
    out = tmp_path / "out"
    run_batch(source, out)
    (out / RUNNING).write_text('{"earlier_reports": ["b_2024-05-01.json"]}\n')  # as a kill leaves it
    (out / ".summary.csv.tmp-4242").write_text("half")
    with pytest.raises(AssessmentError, match="interrupted"):
        read_manifest(out)
    run_batch(write_csv(tmp_path / "a.csv", [firm_row(bank, "a")]), out)
    consistent(out)
    assert not (out / RUNNING).exists()


def test_previous_round_is_checked_whole_before_scoring(tmp_path, bank):
    """Review L6: a --previous whose index was missing failed only after everything was scored."""
    source = write_csv(tmp_path / "in.csv", [firm_row(bank, "a")])
    run_batch(source, tmp_path / "first")
    (tmp_path / "first" / "portfolio.jsonl").unlink()
    with pytest.raises(AssessmentError, match=r"portfolio\.jsonl: cannot be read"):
        run_batch(source, tmp_path / "next", previous=tmp_path / "first")
    assert not (tmp_path / "next").exists()


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (4_000, 4_000))


def test_unwritable_output_gives_a_message_not_a_traceback(tmp_path, bank):
    """Review L7: a file in the path, `firms` being a file, a full disk (here: a file size limit)."""
    source = write_csv(tmp_path / "in.csv", [firm_row(bank, f"f-{i}") for i in range(40)])
    (tmp_path / "afile").write_text("")
    (tmp_path / "out2").mkdir()
    (tmp_path / "out2" / "firms").write_text("")
    for out, expected in (
        (tmp_path / "afile" / "out", "cannot be written"),
        (tmp_path / "out2", "firms: is not a folder"),
    ):
        done = subprocess.run(
            [*CLI, "batch", str(source), "-o", str(out)], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 1 and expected in done.stderr and "Traceback" not in done.stderr, (
            done.stderr
        )
    full = tmp_path / "full"
    done = subprocess.run(
        [*CLI, "batch", str(source), "-o", str(full), "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "cannot be written (File too large)" in done.stderr and "run the batch again" in done.stderr
    assert (full / RUNNING).exists()
    run_batch(source, full)
    consistent(full)
