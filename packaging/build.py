"""Build a stand-alone desktop bundle with PyInstaller.

    python packaging/build.py --profile lite|full [--weights-dir DIR | --random-weights]
                              [--models NAME ...] [--dist DIR]
                              [--precision fp32|int8|both [--calibration DIR]]
                              [--no-openvino]

lite: onnxruntime only (no torch): the networks ship as ONNX exports with every block output,
      made here at build time (this step needs torch in the build environment, not in the app).
full: with torch: full fine-tuning, Grad-CAM and export too; the weights ship as the original
      checkpoint files.

Weights come from the app's cache (`inception-desktop weights download all`) or --weights-dir
(the cache's layout `<network>/<file>`, or the files side by side), and are checked against
their published sha256 first. --random-weights makes untrained networks instead (for tests);
the app then says so in its window and self-test. Writes a build report: total size and the
largest components.

--precision int8 (lite) ships int8 exports instead of fp32 (a quarter of the size; `both`
ships the two), quantized here on --calibration DIR (typical photos; generated images with
--random-weights); the bundle then runs int8 by default. The lite bundle carries OpenVINO's
CPU plugin and ONNX front end (about 90 MB) unless --no-openvino.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inception_desktop import __version__  # noqa: E402
from inception_desktop.models import get_spec, list_models  # noqa: E402

FORBIDDEN_IN_LITE = ("torch", "triton", "nvidia", "cudnn", "cublas", "libcuda", "functorch")


class BuildError(Exception):
    pass


def find_weights(network: str, weights_dir: Path | None) -> Path:
    from inception_desktop.fileio import file_sha256
    from inception_desktop.paths import weights_dir as cache_dir
    from inception_desktop.weights.store import expected_hash_text, hash_matches, official_source

    source = official_source(network)
    roots = [weights_dir] if weights_dir else [cache_dir()]
    for root in roots:
        for candidate in (root / network / source.filename, root / source.filename):
            if candidate.is_file():
                sha = file_sha256(candidate)
                if not hash_matches(source, sha):
                    raise BuildError(f"{candidate} failed its checksum: expected "
                                     f"{expected_hash_text(source)}, got {sha}")
                return candidate
    raise BuildError(f"no weights for {network} in {roots[0]}: run `inception-desktop weights "
                     f"download {network}`, pass --weights-dir, or build with --random-weights")


def generated_calibration(folder: Path, n: int = 24) -> Path:
    """Photo-like images for quantizing untrained test networks (never for real weights)."""
    import numpy as np
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        small = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
        img = Image.fromarray(small).resize((320, 240), Image.Resampling.BICUBIC)
        img.save(folder / f"{i:03d}.jpg", quality=90)
    return folder


def stage_int8(choice, fp32_file: Path, calibration: Path, out_folder: Path) -> None:
    """Quantize the staged fp32 export (in a scratch data folder) and stage its files."""
    import tempfile

    from inception_desktop.engine.quantize import quantize_export
    from inception_desktop.weights.exports import read_export_info

    fp32 = read_export_info(fp32_file.with_suffix(".json"))
    with tempfile.TemporaryDirectory() as scratch:
        old = os.environ.get("INCEPTION_DESKTOP_DATA_DIR")
        os.environ["INCEPTION_DESKTOP_DATA_DIR"] = scratch
        try:
            info, report = quantize_export(fp32, choice, get_spec(choice.network),
                                           str(calibration), images=100)
        finally:
            if old is None:
                del os.environ["INCEPTION_DESKTOP_DATA_DIR"]
            else:
                os.environ["INCEPTION_DESKTOP_DATA_DIR"] = old
        for src in (info.onnx_path, info.head_path, info.meta_path):
            shutil.copy2(src, out_folder / src.name)
    print(f"  int8: top-1 agreement {report['top1_agreement'] * 100:.1f}% on "
          f"{report['check_images']} held-out images, {report['speedup']:.2f}x, "
          f"{report['size_mb']['fp32']:.0f} -> {report['size_mb']['int8']:.0f} MB", flush=True)


def stage(profile: str, models: list[str], weights_dir: Path | None, random_weights: bool,
          staging: Path, precision: str = "fp32", calibration: Path | None = None) -> dict:
    from inception_desktop.engine.export import export_onnx
    from inception_desktop.engine.torch_backend import build_torch_model
    from inception_desktop.fileio import file_sha256
    from inception_desktop.weights.exports import export_key
    from inception_desktop.weights.resolve import WeightsChoice

    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shipped = []
    for network in models:
        if random_weights:
            choice = WeightsChoice(network, "untrained", None, None, untrained=True)
        else:
            path = find_weights(network, weights_dir)
            choice = WeightsChoice(network, network, path, file_sha256(path))
        if profile == "lite":
            print(f"exporting {get_spec(network).display_name} to ONNX "
                  f"({choice.describe()})", flush=True)
            model, names = build_torch_model(choice)
            key = export_key(network, choice.sha256)
            exports = staging / "onnx-exports"
            exports.mkdir(exist_ok=True)  # the export's output lock holds its folder
            fp32_file = exports / f"{key}.onnx"
            export_onnx(model, fp32_file, choice, names)
            if precision in ("int8", "both"):
                if calibration is None:
                    calibration = generated_calibration(staging.parent / "calibration")
                stage_int8(choice, fp32_file, calibration, exports)
            if precision == "int8":
                for suffix in (".onnx", ".head.npz", ".json"):
                    fp32_file.with_suffix(suffix).unlink()
        elif choice.path is not None:
            from inception_desktop.weights.store import write_provenance

            dest = staging / "weights" / network / choice.path.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(choice.path, dest)
            # The app trusts this record (size-checked) instead of re-hashing at every start.
            write_provenance(dest, choice.sha256, f"bundled by build.py from {choice.path.name}",
                             network=network, format="official")
        shipped.append({"network": network, "weights": choice.name, "sha256": choice.sha256,
                        "untrained": choice.untrained})
    precisions = {"fp32": ["fp32"], "int8": ["int8"], "both": ["fp32", "int8"]}[precision] \
        if profile == "lite" else ["fp32"]
    info = {"name": "inception-desktop", "version": __version__, "profile": profile,
            "untrained": random_weights, "models": shipped, "precisions": precisions,
            "default_precision": precisions[0],
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (staging / "BUILD-INFO.json").write_text(json.dumps(info, indent=2))
    return info


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def report(bundle: Path, profile: str, top: int = 15) -> dict:
    internal = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    parts = sorted(((du(p), p.name) for p in internal.iterdir()), reverse=True)
    total = du(bundle)
    payload = du(internal / "onnx-exports") if (internal / "onnx-exports").exists() else 0
    payload += du(internal / "weights") if (internal / "weights").exists() else 0
    found = sorted({p.name for p in bundle.rglob("*")
                    if any(f in p.name.lower() for f in FORBIDDEN_IN_LITE)})
    return {"bundle": str(bundle), "profile": profile, "total_bytes": total,
            "networks_bytes": payload, "without_networks_bytes": total - payload,
            "largest": [{"name": n, "bytes": s} for s, n in parts[:top]],
            "torch_files": found}


def compile_translations() -> None:
    """The window's translations (.ts) as the .qm files the bundle ships, built now so a
    bundle never carries stale or missing ones."""
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) \
        or shutil.which("pyside6-lrelease")
    if lrelease is None:
        raise BuildError("pyside6-lrelease not found (it comes with PySide6)")
    for ts in sorted((ROOT / "resources" / "i18n").glob("*.ts")):
        done = subprocess.run([lrelease, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"{ts.name}: pyside6-lrelease failed: {done.stderr.strip()[:300]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["lite", "full"], default="lite")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--weights-dir", type=Path)
    group.add_argument("--random-weights", action="store_true")
    parser.add_argument("--models", nargs="+", default=list_models(), choices=list_models())
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--precision", choices=["fp32", "int8", "both"], default="fp32",
                        help="lite: the exports to ship (int8 is a quarter of the size)")
    parser.add_argument("--calibration", type=Path,
                        help="typical images to quantize on (with --precision int8 or both)")
    parser.add_argument("--no-openvino", action="store_true",
                        help="lite: leave OpenVINO out (about 90 MB smaller; no bf16)")
    args = parser.parse_args(argv)
    if args.precision != "fp32" and args.profile != "lite":
        parser.error("--precision int8/both is for --profile lite (full ships weight files)")
    if args.precision != "fp32" and args.calibration is None and not args.random_weights:
        parser.error("--precision int8 needs --calibration DIR (typical photos)")
    started = time.monotonic()
    staging = ROOT / "build" / f"staging-{args.profile}"
    try:
        info = stage(args.profile, args.models, args.weights_dir, args.random_weights, staging,
                     args.precision, args.calibration)
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    try:
        compile_translations()
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    env = dict(os.environ, INCEPTION_DESKTOP_PROFILE=args.profile,
               INCEPTION_DESKTOP_STAGING=str(staging),
               INCEPTION_DESKTOP_OPENVINO="0" if args.no_openvino else "1")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(args.dist), "--workpath", str(ROOT / "build" / f"work-{args.profile}"),
           str(ROOT / "packaging" / "inception-desktop.spec")]
    print("running PyInstaller…", flush=True)
    if subprocess.run(cmd, env=env).returncode != 0:
        print("build.py: error: PyInstaller failed (see above)", file=sys.stderr)
        return 1
    bundle = args.dist / f"inception-desktop-{args.profile}"
    result = report(bundle, args.profile)
    result.update(build_seconds=round(time.monotonic() - started, 1), build_info=info)
    (args.dist / f"build-report-{args.profile}.json").write_text(json.dumps(result, indent=2))
    mb = 1e6
    print(f"\n{bundle}: {result['total_bytes'] / mb:.0f} MB in all, "
          f"{result['without_networks_bytes'] / mb:.0f} MB without the networks "
          f"({result['networks_bytes'] / mb:.0f} MB); built in {result['build_seconds']:.0f} s")
    for part in result["largest"]:
        print(f"  {part['bytes'] / mb:8.1f} MB  {part['name']}")
    if args.profile == "lite" and result["torch_files"]:
        print(f"build.py: error: torch files in the lite bundle: {result['torch_files'][:10]}",
              file=sys.stderr)
        return 1
    exe = bundle / ("inception-desktop.exe" if sys.platform == "win32" else "inception-desktop")
    print(f"run it: {exe}   (self-test: {exe} --self-test)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
