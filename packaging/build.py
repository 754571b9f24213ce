"""Build a stand-alone desktop bundle with PyInstaller.

    python packaging/build.py --profile lite|full [--weights-dir DIR | --random-weights]
                              [--models NAME ...] [--dist DIR]

lite: onnxruntime only (no torch): the networks ship as ONNX exports with every block output,
      made here at build time (this step needs torch in the build environment, not in the app).
full: with torch: full fine-tuning, Grad-CAM and export too; the weights ship as the original
      checkpoint files.

Weights come from the app's cache (`inception-desktop weights download all`) or --weights-dir
(the cache's layout `<network>/<file>`, or the files side by side), and are checked against
their published sha256 first. --random-weights makes untrained networks instead (for tests);
the app then says so in its window and self-test. Writes a build report: total size and the
largest components.
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


def stage(profile: str, models: list[str], weights_dir: Path | None, random_weights: bool,
          staging: Path) -> dict:
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
            export_onnx(model, staging / "onnx-exports" / f"{key}.onnx", choice, names)
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
    info = {"name": "inception-desktop", "version": __version__, "profile": profile,
            "untrained": random_weights, "models": shipped,
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["lite", "full"], default="lite")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--weights-dir", type=Path)
    group.add_argument("--random-weights", action="store_true")
    parser.add_argument("--models", nargs="+", default=list_models(), choices=list_models())
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    started = time.monotonic()
    staging = ROOT / "build" / f"staging-{args.profile}"
    try:
        info = stage(args.profile, args.models, args.weights_dir, args.random_weights, staging)
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    env = dict(os.environ, INCEPTION_DESKTOP_PROFILE=args.profile,
               INCEPTION_DESKTOP_STAGING=str(staging))
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
