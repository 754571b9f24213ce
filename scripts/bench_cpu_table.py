"""The README's "Faster on a CPU" table (issue 24): `bench` for every network at batch 1 and 8,
onnxruntime and OpenVINO in fp32, bf16 and int8, each against onnxruntime fp32 with the same
weights, with the CPU named.

    python scripts/bench_cpu_table.py [--models all] [--batches 1,8] [--out table.md]

Weights: the reference implementations (torchvision, timm: test dependencies) with random
but well-scaled weights, imported as each network's weights, so agreement figures mean
something without the published files; int8 exports made by `quantize` on generated photos.
A private data folder unless INCEPTION_DESKTOP_DATA_DIR is set. Run it on a quiet machine:
the numbers are measurements, not assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_line() -> str:
    from inception_desktop.cpu import cpu_has_native_bf16

    flags: set[str] = set()
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    shown = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "avx512_fp16",
                         "avx_vnni", "amx_tile", "amx_bf16", "amx_int8") if f in flags]
    return (f"{model}, {os.cpu_count()} cores; flags: {', '.join(shown) or 'none read'}; "
            f"native bf16: {'yes' if cpu_has_native_bf16() else 'no'}")


def prepare(network: str, work: Path) -> str:
    """Well-scaled reference weights imported as `<network>-reference`, and their int8 export."""
    from inception_desktop.cli import main
    from inception_desktop.weights.importer import import_weights
    from tests.helpers.images import calibration_folder
    from tests.helpers.reference import FORMATS, make_checkpoint

    name = f"{network}-reference"
    file = make_checkpoint(network, FORMATS[network][0], work / network)
    import_weights(str(file), model=network, name=name)
    photos = calibration_folder(work / f"photos-{network}", n=16)
    main(["quantize", "--model", network, "--weights", name, "--calibration", str(photos),
          "--images", "16"])
    return name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="all")
    parser.add_argument("--batches", default="1,8")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-table-"))
    os.environ.setdefault("INCEPTION_DESKTOP_DATA_DIR", str(work / "data"))
    from inception_desktop.engine.bench import run_bench_grid
    from inception_desktop.models import get_spec, list_models

    models = list_models() if args.models == "all" else args.models.split(",")
    batches = [int(b) for b in args.batches.split(",")]
    lines = [f"CPU: {cpu_line()}", "",
             "| network | batch | ORT fp32 | OV fp32 | OV bf16 | ORT int8 | OV int8 | fastest "
             "| its top-1 agreement with fp32 |",
             "|---|---|---|---|---|---|---|---|---|"]
    try:
        for network in models:
            weights = prepare(network, work)
            _, rows, skipped = run_bench_grid([network], ["onnxruntime", "openvino"], batches,
                                              random_weights=False, weights=weights,
                                              precisions=("fp32", "bf16", "int8"))
            for batch in batches:
                cells = {(r.backend, r.precision): r for r in rows if r.batch == batch}
                base = cells.get(("onnxruntime", "fp32"))
                shown = []
                for key in (("onnxruntime", "fp32"), ("openvino", "fp32"), ("openvino", "bf16"),
                            ("onnxruntime", "int8"), ("openvino", "int8")):
                    row = cells.get(key)
                    shown.append(f"{row.median_ms:.1f} ms" if row else "-")
                best = min(cells.values(), key=lambda r: r.median_ms)
                agreement = "-" if best.top1_agreement is None else f"{best.top1_agreement:.0%}"
                speedup = base.median_ms / best.median_ms if base else float("nan")
                label = "ORT" if best.backend == "onnxruntime" else "OV"
                lines.append(f"| {get_spec(network).display_name} | {batch} | "
                             f"{' | '.join(shown)} | {label} {best.precision} "
                             f"{speedup:.2f}x | {agreement} |")
                print(lines[-1], flush=True)
            for s in skipped:
                lines.append(f"<!-- skipped {s.model} {s.backend} {s.precision}: {s.why} -->")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
