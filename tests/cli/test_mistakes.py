"""Every user mistake of the command line ends in one line (no traceback) with exit 2 for a
usage mistake or 1 for a failure, and writes nothing: a table of the mistakes found when the
product was tried as a new user and as an adversary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inception_desktop.cli import main
from tests.helpers.datasets import make_dataset

# (arguments, exit status, words the one line must contain). {data} is a small class folder,
# {tmp} an empty folder, {img} an image, {dir} an existing folder.
MISTAKES = [
    # fine-tuning options, checked before any work
    ("finetune {data} --mode full --freeze-until NO_SUCH_BLOCK", 2, "has no block"),
    ("finetune {data} --freeze-until Mixed_6e", 2, "--freeze-until is for --mode full"),
    ("finetune {data} --input-size 200", 2, "--input-size is for --mode full"),
    ("finetune {data} --resume {tmp}/x.pt", 2, "--resume"),
    ("finetune {data} --mode full --views 3", 2, "--views is for --mode head"),
    ("finetune {data} --epochs -1", 2, "must be from 1"),
    ("finetune {data} --epochs 0", 2, "must be from 1"),
    ("finetune {data} --lr nan", 2, "finite number"),
    ("finetune {data} --lr 0", 2, "above 0"),
    ("finetune {data} --patience 0", 2, "must be from 1"),
    ("finetune {data} --batch-size 0", 2, "must be from 1"),
    ("finetune {data} --mode full --accumulate 0", 2, "must be from 1"),
    ("finetune {data} --mode full --input-size 10", 2, "must be from 15"),
    ("finetune {data} --mode full --model inception_v3 --input-size 50", 2,
     "between 75 and 1024 pixels for Inception-v3"),
    ("finetune {data} --val-split 1.5", 2, "at most 0.95"),
    ("finetune {data} --views 0", 2, "must be from 1"),
    ("finetune {data} --seed -3", 2, "must be from 0"),
    ("finetune {data} --mode full --precision fp8", 2, "invalid choice"),
    ("finetune {data} --out {tmp}/m.json", 2, "must end in .safetensors"),
    ("finetune {data} --out {tmp}/model", 2, "must end in .safetensors"),
    ("finetune {data} --out {dir}", 2, "is a folder"),
    ("finetune {data} --out {tmp}/m.safetensors --report {tmp}/m.safetensors", 2,
     "must end in .json"),
    ("finetune {data} --out {tmp}/a.safetensors --report {tmp}/no-such-folder/r.json", 2,
     "does not exist"),
    ("finetune {data} --weights {tmp}/w.pth --random-weights", 2, "not allowed with"),
    ("finetune {tmp}/no-such-folder", 1, "not a folder"),
    ("finetune {dir}", 1, "class folder"),
    ("finetune {data} --device cuda --random-weights --out {tmp}/a.safetensors", 1,
     "device 'cuda' is not available"),
    ("finetune {data} --mode full --device cuda --random-weights --out {tmp}/a.safetensors",
     1, "device 'cuda' is not available"),
    # inference
    ("classify {img} --top-k 0", 2, "must be from 1"),
    ("classify {img} --top-k -1", 2, "must be from 1"),
    ("classify {img} --batch-size 0", 2, "must be from 1"),
    ("classify {img} --model vgg16", 2, "unknown network 'vgg16'"),
    ("classify {img} --weights a.pth --random-weights", 2, "not allowed with"),
    ("classify {img} --device tpu", 2, "invalid choice"),
    ("classify {img} --device cuda --random-weights", 1, "device 'cuda' is not available"),
    ("classify {tmp}/missing.jpg --random-weights", 1, "no such file"),
    ("classify '{tmp}/two\nlines.jpg' --random-weights", 1, "two\\nlines.jpg"),
    ("classify {img} --weights {tmp}/no-weights.pth", 1, "no such file or installed weights"),
    ("classify {img} --weights {dir}", 1, "is a folder"),
    ("classify {img} --model inception_v4", 1, "weights download inception_v4"),
    ("summary --model inception_v3 --input-size -5", 2, "must be from 15"),
    ("summary --model inception_v3 --input-size 10", 2, "must be from 15"),
    ("summary --model inception_v3 --input-size 50", 2,
     "between 75 and 1024 pixels for Inception-v3"),
    ("summary --model inception_v3 --input-size 100000", 2, "to 1024"),
    ("summary --model resnet", 2, "unknown network"),
    ("bench --batch 0", 2, "must be from 1"),
    ("bench --batch 1,x", 2, "not a whole number"),
    ("bench --backends tensorflow", 2, "choose from"),
    ("bench --folder {tmp}/no-such-folder", 2, "--folder"),
    ("bench --folder {img}", 2, "is a file, not a folder"),
    # input folders are checked before weights are resolved or exported
    ("evaluate {tmp}/no-such-folder", 1, "no such folder"),
    ("evaluate {img} --random-weights", 1, "is a file, not a folder"),
    ("evaluate {data} --models v3,foo --random-weights", 2, "--models v3: not a network"),
    ("top-images {tmp}/no-such-folder --block Mixed_5b", 1, "no such folder"),
    ("top-images {data} --block Mixed_5b --random-weights --crops {img}/crops", 1,
     "cannot use the --crops folder"),
    ("quantize --model inception_v3 --calibration {tmp}/no-such-folder", 2,
     "--calibration"),
    ("quantize --model inception_v3 --random-weights --calibration {dir}", 2,
     "0 image file(s); give at least 8"),
    ("export-onnx --random-weights --out {tmp}/x.onnx", 2, "choose a network"),
    ("export-onnx --model inception_v3 --random-weights --out {tmp}/x.json", 2,
     "must end in .onnx"),
    ("export-onnx --model inception_v3 --random-weights --out {tmp}/model", 2,
     "must end in .onnx"),
    ("export-onnx --model inception_v3 --random-weights --out {dir}", 2, "is a folder"),
    ("export-onnx --model inception_v3 --random-weights --out {tmp}/x.onnx --opset 99", 2,
     "from 13 to 20"),
    # weights
    ("weights download inception_v3 --timeout 0", 2, "above 0"),
    ("weights download inception_v3 --timeout nan", 2, "finite number"),
    ("weights download inception_v3 --mirror ftp://x", 2, "http:// or https://"),
    ("weights download vgg", 2, "invalid choice"),
    ("weights import {dir}", 1, "is a folder"),
    ("weights import {tmp}/missing.pth", 1, "no such file"),
    ("weights import {img}", 1, "not a weight file"),
    ("weights import {img} --name 'bad name!'", 1, "invalid name"),
    ("weights import {img} --name all", 1, "'all' stands for every network in --models"),
    ("weights import {img} --name con.v2", 1, "Windows keeps that name for a device"),
    ("finetune {data} --name LPT1 --random-weights", 1, "Windows keeps that name"),
    ("weights remove nothing-here", 1, "no installed weights named"),
    ("weights", 2, "required"),
    # an unknown option points at the help of the command it was given to
    ("evaluate {data} --random-weights --out {tmp}/r.json", 2,
     "evaluate: error: unrecognized arguments: --out"),
    ("cache prune --bogus", 2, "(see inception-desktop cache prune --help)"),
    ("--bogus", 2, "(see inception-desktop --help)"),
    ("no-such-command", 2, "invalid choice"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("mistakes")
    data = make_dataset(root / "data", per_class=3, size=64)
    folder = root / "a-folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("no classes here")
    img = root / "photo.png"
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 40, 40)).save(img)
    return {"data": str(data), "dir": str(folder), "img": str(img)}


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize(("command", "status", "words"), MISTAKES,
                         ids=[m[0].split(" {")[0] + f" [{i}]" for i, m in enumerate(MISTAKES)])
def test_mistake_is_one_line(command, status, words, places, tmp_path, capsys, monkeypatch,
                             _private_data_dir):
    import shlex

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(tmp=out, **places) for a in shlex.split(command)]
    before_data = listing(_private_data_dir)
    code = main(args)
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == status, captured.err
    assert len(lines) == 1, captured.err
    assert words in lines[0], lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert listing(out) == set()  # nothing written where outputs would go
    assert listing(tmp_path) == {"out"}
    assert listing(_private_data_dir) - before_data <= {"weights", "onnx"}


def test_an_internal_error_is_one_line_and_a_report(monkeypatch, capsys, _private_data_dir):
    """A bug still ends in one line, naming the log file with the full traceback."""
    from inception_desktop.cli import inference

    def broken(args):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(inference, "cmd_summary", broken)
    code = main(["summary", "--model", "inception_v3"])
    err = capsys.readouterr().err
    assert code == 70 and len(err.strip().splitlines()) == 1
    assert "internal error: RuntimeError: something nobody expected" in err
    log = Path(err.rsplit("written to ", 1)[1].rstrip(")\n"))
    assert log.is_file() and "Traceback" in log.read_text() and \
        log.parent == _private_data_dir / "logs"


def test_output_piped_into_head_ends_quietly(places, shared_data_dir):
    """`classify ... | head -1`: the reader goes away; no BrokenPipeError traceback."""
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(shared_data_dir))
    cmd = (f"{sys.executable} -m inception_desktop classify {places['img']} {places['img']} "
           f"{places['img']} --random-weights --format csv --top-k 5 | head -1")
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.stdout.strip() == "file,rank,index,label,probability,error"
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
