"""Special files are refused, never read (issue 23, item 10); user conditions are one line
and the right exit status, never exit 70 (item 12); smaller ones of item 13: a file `weights
verify` found corrupt stays corrupt in `weights list`; JSON lines stay valid UTF-8 for file
names that are not. Commands that could hang run as processes with a time limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inception_desktop.cli import main
from tests.helpers.images import photo

CLI = [sys.executable, "-m", "inception_desktop"]
V1 = ["--model", "inception_v1", "--random-weights"]


def run(args: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, timeout=timeout,
                          env=dict(os.environ), **kwargs)


def one_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines()
             if line.startswith("inception-desktop:")]
    assert len(lines) == 1 and "Traceback" not in stderr.decode("utf-8", "replace"), stderr
    return lines[0]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.jpg"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "large"])
def test_token_file_must_be_a_small_regular_file(tmp_path, fifo, kind):
    if kind == "large":
        path = tmp_path / "token.txt"
        path.write_text("x" * 100_000)
    else:
        path = fifo if kind == "fifo" else Path(kind)
    done = run(["serve", "--random-weights", "--token-file", str(path)], timeout=60)
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert ("larger than" if kind == "large" else "not a regular file") in line


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo"])
def test_weights_from_special_files_are_refused(fifo, kind):
    path = fifo if kind == "fifo" else Path(kind)
    done = run(["weights", "import", str(path)], timeout=60)
    assert done.returncode == 1 and "not a regular file" in one_line(done.stderr)
    done = run(["classify", str(path), "--model", "inception_v1", "--weights", str(path)],
               timeout=60)
    assert done.returncode == 1 and "not a regular file" in one_line(done.stderr)


def test_labels_from_a_pipe_are_refused(tmp_path, fifo):
    data = tmp_path / "data" / "cat"
    data.mkdir(parents=True)
    photo(40, 30).save(data / "a.jpg")
    done = run(["evaluate", str(tmp_path / "data"), *V1, "--labels", str(fifo)], timeout=60)
    assert done.returncode == 2 and "not a regular file" in one_line(done.stderr)


def test_json_lines_stay_valid_for_any_file_name_and_special_files(tmp_path, fifo):
    """A name that is not UTF-8 comes out as JSON escapes that read back as the same name;
    a pipe among the inputs is that file's error, never a hang."""
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.png"))
    photo(80, 60).save(odd, format="PNG")
    done = run(["classify", str(odd), str(fifo), *V1, "--format", "json"], timeout=300)
    assert done.returncode == 1  # one file could not be classified
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert os.fsencode(rows[0]["file"]) == os.fsencode(odd) and rows[0].get("predictions")
    assert "not a regular file" in rows[1]["error"]


def test_a_full_disk_under_the_output_is_one_line(tmp_path):
    photo(80, 60).save(tmp_path / "a.png")
    with open("/dev/full", "w") as full:
        done = subprocess.run([*CLI, "classify", str(tmp_path / "a.png"), *V1],
                              stdout=full, stderr=subprocess.PIPE, timeout=300,
                              env=dict(os.environ))
    assert done.returncode == 1 and "disk is full" in one_line(done.stderr)


def test_a_folder_that_cannot_be_read_is_the_files_error(tmp_path, monkeypatch, capsys):
    """Tests run as root, where permissions do not stop reading: the refusal is injected."""
    folder = tmp_path / "perm"
    folder.mkdir()
    photo(80, 60).save(folder / "r.png")
    real_stat = Path.stat

    def denied(self, *args, **kwargs):
        if "perm" in self.parts:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", denied)
    assert main(["classify", str(folder / "r.png"), *V1]) == 1
    said = capsys.readouterr()
    assert "permission denied" in said.out + said.err and "internal error" not in said.err


def test_a_link_loop_named_directly_says_what_it_is(tmp_path, capsys):
    """A symbolic-link loop is there, but cannot be read: not 'no such file'."""
    (tmp_path / "a.jpg").symlink_to(tmp_path / "b.jpg")
    (tmp_path / "b.jpg").symlink_to(tmp_path / "a.jpg")
    assert main(["classify", str(tmp_path / "a.jpg"), *V1]) == 1
    said = capsys.readouterr()
    assert "a.jpg in " in said.out and "symbolic links" in said.out, said
    assert "no such file" not in said.out + said.err


def test_weights_list_remembers_what_verify_found(capsys):
    from inception_desktop.fileio import atomic_write_bytes
    from inception_desktop.paths import weights_dir
    from inception_desktop.weights.store import provenance_path, write_provenance

    path = weights_dir() / "custom" / "mine.safetensors"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, b"the bytes as they are now")
    # recorded when the bytes were others, with today's signature: rot under the record
    write_provenance(path, "0" * 64, "test", network="inception_v1", name="mine")
    assert main(["weights", "verify"]) == 1
    capsys.readouterr()
    assert main(["weights", "list", "--format", "json"]) == 0
    entries = {e["name"]: e for e in json.loads(capsys.readouterr().out)}
    assert entries["mine"]["status"] == "corrupt" and "verify" in entries["mine"]["problem"]
    assert json.loads(provenance_path(path).read_text())["corrupt"]["sha256"] != "0" * 64
