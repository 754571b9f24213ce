"""The `inception-desktop` command line: every capability of the app, headless.

Sub-commands import torch only when they need it, so `--help` and the torch-free build stay
fast. User mistakes end in one clear line on stderr and exit status 2 (usage) or 1 (failure),
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from inception_desktop import __version__
from inception_desktop.models import get_spec, list_models
from inception_desktop.weights.errors import WeightsError


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def _model_arg(value: str) -> str:
    if value not in list_models():
        raise argparse.ArgumentTypeError(
            f"unknown model {value!r}; choose one of: {', '.join(list_models())}")
    return value


def cmd_summary(args: argparse.Namespace) -> int:
    from inception_desktop.models import create_model
    from inception_desktop.models.summary import format_summary, summarize

    spec = get_spec(args.model)
    summary = summarize(create_model(args.model), args.input_size)
    print(format_summary(summary, spec.display_name))
    return 0


# ----------------------------------------------------------------------------- weights

def _entry_row(e) -> list[str]:
    from inception_desktop.terminal import human_bytes

    status = e.status + (" (bundled)" if e.bundled else "")
    return [e.network, e.name, status, human_bytes(e.size) if e.size else "-",
            e.short_sha256 or "-", str(e.path)]


def _print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def cmd_weights_list(args: argparse.Namespace) -> int:
    import json

    from inception_desktop.weights.store import list_entries

    entries = list_entries()
    if args.format == "json":
        print(json.dumps([e.to_json() for e in entries], indent=2))
    else:
        _print_table(["NETWORK", "NAME", "STATUS", "SIZE", "SHA256", "PATH"],
                     [_entry_row(e) for e in entries])
        for e in entries:
            if e.problem:
                print(f"{e.name}: {e.problem}", file=sys.stderr)
    return 0


def cmd_weights_download(args: argparse.Namespace) -> int:
    from inception_desktop.terminal import ProgressBar, human_bytes
    from inception_desktop.weights.download import download_weights, source_url
    from inception_desktop.weights.store import list_entries

    names = list_models() if args.name == "all" else [args.name]
    if args.mirror:
        import os

        os.environ["INCEPTION_DESKTOP_MIRROR"] = args.mirror
    failed = 0
    installed = {e.name for e in list_entries() if e.status == "installed"}
    for name in names:
        if name in installed:
            print(f"{name}: already installed")
            continue
        print(f"{name}: downloading {source_url(name)}", file=sys.stderr)
        bar = ProgressBar(name)

        def show(p, bar=bar):
            bar.update(p.done, p.total, f"{human_bytes(p.done)} at {human_bytes(p.speed)}/s")

        try:
            path = download_weights(name, progress=show, timeout=args.timeout)
        except WeightsError as exc:
            bar.close()
            print(f"inception-desktop: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        bar.close()
        print(f"{name}: installed {path}")
    return 1 if failed else 0


def cmd_weights_verify(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import list_entries

    entries = [e for e in list_entries(rehash=True) if e.status != "missing"]
    corrupt = [e for e in entries if e.status == "corrupt"]
    for e in entries:
        print(f"{e.name}: {'CORRUPT: ' + (e.problem or '') if e.status == 'corrupt' else 'ok'}"
              f"  {e.path}")
    if not entries:
        print("no weights installed")
    if corrupt:
        print(f"{len(corrupt)} corrupt file(s): remove them with `inception-desktop weights "
              "remove NAME` and download or import them again", file=sys.stderr)
        return 1
    return 0


def cmd_weights_path(args: argparse.Namespace) -> int:
    from inception_desktop.paths import bundled_weights_dirs, weights_dir

    print(weights_dir())
    for folder in bundled_weights_dirs():
        print(f"{folder} (bundled, read-only)")
    return 0


def cmd_weights_remove(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import remove_entry

    entry = remove_entry(args.name)
    print(f"removed {entry.name} ({entry.path})")
    return 0


def cmd_weights_import(args: argparse.Namespace) -> int:
    from inception_desktop.weights.importer import import_weights

    entry = import_weights(args.file, model=args.model, name=args.name)
    what = ", ".join(entry.class_names[:8]) if entry.class_names else "ImageNet"
    print(f"imported {args.file} as {entry.name!r} ({get_spec(entry.network).display_name}, "
          f"{entry.num_classes} classes: {what}) -> {entry.path}")
    return 0


# ----------------------------------------------------------------------------- inference

def _make_classifier(args: argparse.Namespace):
    from inception_desktop.engine.backend import BackendError
    from inception_desktop.engine.classifier import Classifier

    try:
        return Classifier(args.model if args.model or args.weights else "inception_v3",
                          weights=args.weights, random_weights=args.random_weights,
                          backend=args.backend, device=args.device,
                          threads=getattr(args, "threads", None),
                          on_export=lambda message: print(message, file=sys.stderr))
    except BackendError as exc:
        raise UserError(str(exc)) from None


def _csv_rows(result, top: int) -> list[list[str]]:
    if not result.ok:
        return [[result.file, "", "", "", "", result.error]]
    return [[result.file, str(p.rank), str(p.index), p.label, f"{p.probability:.6f}", ""]
            for p in result.predictions[:top]]


def cmd_classify(args: argparse.Namespace) -> int:
    import csv
    import json

    from inception_desktop.engine.images import expand_paths
    from inception_desktop.terminal import ProgressBar

    files = expand_paths(args.paths, recursive=args.recursive)
    if not files:
        raise UserError("no image files found in " + ", ".join(args.paths))
    clf = _make_classifier(args)
    if clf.choice.untrained:
        print("warning: untrained (random) weights: the predictions are meaningless",
              file=sys.stderr)
    writer = csv.writer(sys.stdout) if args.format == "csv" else None
    if writer:
        writer.writerow(["file", "rank", "index", "label", "probability", "error"])
    bar = ProgressBar("classifying", total=len(files))
    failed = done = 0
    for result in clf.classify_files(files, top=args.top_k, batch_size=args.batch_size):
        done += 1
        bar.update(done)
        failed += not result.ok
        if args.format == "json":
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        elif writer:
            writer.writerows(_csv_rows(result, args.top_k))
            sys.stdout.flush()
        else:
            if bar.enabled:
                bar.stream.write("\r\033[K")
            _print_result_table(result, clf)
    bar.close()
    if failed:
        print(f"{failed} of {len(files)} file(s) could not be classified", file=sys.stderr)
    return 1 if failed else 0


def _print_result_table(result, clf) -> None:
    if not result.ok:
        print(f"error: {result.error}", flush=True)
        return
    mark = "  [UNTRAINED]" if clf.choice.untrained else ""
    print(f"{result.file}  ({clf.spec.display_name}, {clf.backend_name}/{clf.device}, "
          f"{result.timing_ms['inference']:.0f} ms){mark}")
    for p in result.predictions:
        print(f"  {p.rank}. {p.probability * 100:6.2f}%  {p.label}  ({p.index})")
    sys.stdout.flush()


def cmd_export_onnx(args: argparse.Namespace) -> int:
    import numpy as np

    from inception_desktop.engine.classifier import resolve_choice
    from inception_desktop.engine.export import OPSET, export_onnx
    from inception_desktop.engine.onnx_backend import OnnxBackend
    from inception_desktop.engine.torch_backend import TorchBackend, build_torch_model
    from inception_desktop.terminal import human_bytes

    if args.model is None and args.weights is None:
        raise UserError("choose a network with --model (or give --weights)")
    choice = resolve_choice(args.model, args.weights, args.random_weights)
    model, class_names = build_torch_model(choice)
    info = export_onnx(model, args.out, choice, class_names, args.opset or OPSET)
    # Parity report on a test image: a smooth gradient with texture, 299 x 299.
    rng = np.random.default_rng(0)
    size = model.spec.input_size
    x = (np.linspace(-1, 1, size, dtype=np.float32)[None, None, :, None]
         + 0.3 * rng.standard_normal((1, 3, size, size)).astype(np.float32))
    blocks = [b.path for b in model.spec.blocks] if args.with_blocks else []
    ref = TorchBackend(model).run(x, blocks)
    got = OnnxBackend(info).run(x, blocks)
    diff = float(np.abs(ref.logits - got.logits).max())
    scale = float(np.abs(ref.logits).max())
    agree = bool((ref.logits.argmax(1) == got.logits.argmax(1)).all())
    print(f"wrote {info.onnx_path} ({human_bytes(info.onnx_path.stat().st_size)}), opset "
          f"{info.opset}, outputs: logits, features, {len(info.blocks)} blocks")
    print(f"parity vs torch: max |logit difference| {diff:.3g} (max |logit| {scale:.3g}); "
          f"top-1 {'agrees' if agree else 'DIFFERS'}")
    if blocks:
        worst = max(float(np.abs(ref.blocks[p] - got.blocks[p]).max()) for p in blocks)
        print(f"block outputs: max |difference| {worst:.3g} over {len(blocks)} blocks")
    if choice.untrained:
        print("note: exported with untrained (random) weights", file=sys.stderr)
    return 0 if agree and diff <= 1e-3 * max(scale, 1.0) else 1


def cmd_bench(args: argparse.Namespace) -> int:
    import json

    from inception_desktop.engine.bench import rows_to_json, run_bench

    def progress(text: str) -> None:
        if sys.stderr is not None and sys.stderr.isatty():
            sys.stderr.write(f"\r\033[Kbenchmarking {text}")
            sys.stderr.flush()

    models = args.models.split(",") if args.models else list_models()
    for m in models:
        _model_arg(m)
    backends = args.backends.split(",")
    try:
        batches = [int(b) for b in args.batch.split(",")]
    except ValueError:
        raise UserError(f"--batch takes numbers such as 1,8, not {args.batch!r}") from None
    from inception_desktop.engine.backend import BackendError

    try:
        rate, rows = run_bench(models, backends, batches, args.threads,
                               random_weights=True, progress=progress)
    except BackendError as exc:
        raise UserError(str(exc)) from None
    if sys.stderr is not None and sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    if args.format == "json":
        print(json.dumps(rows_to_json(rate, rows), indent=2))
        return 0
    print(f"fp32 matrix multiply on this machine: {rate:.0f} GFLOP/s")
    _print_table(
        ["MODEL", "BACKEND", "BATCH", "MEDIAN MS", "IMAGES/S", "EFFICIENCY", "PEAK RSS MB"],
        [[r.model, r.backend, str(r.batch), f"{r.median_ms:.1f}", f"{r.images_per_s:.1f}",
          f"{r.efficiency:.2f}", f"{r.peak_rss_mb:.0f}"] for r in rows])
    by = {(r.model, r.backend, r.batch): r for r in rows}
    for model in models:
        for batch in batches:
            t, o = by.get((model, "torch", batch)), by.get((model, "onnxruntime", batch))
            if t and o:
                print(f"{model} batch {batch}: onnxruntime {t.median_ms / o.median_ms:.2f}x "
                      "faster than torch")
    return 0


def cmd_finetune(args: argparse.Namespace) -> int:
    import os

    from inception_desktop.terminal import ProgressBar
    from inception_desktop.training.dataset import DatasetError
    from inception_desktop.training.finetune import (
        FinetuneCancelled,
        FinetuneConfig,
        per_class_table,
        run_finetune,
    )

    rank = int(os.environ.get("RANK", "0"))
    config = FinetuneConfig(
        data_dir=args.data_dir, model=args.model, weights=args.weights,
        random_weights=args.random_weights, mode=args.mode, epochs=args.epochs,
        batch_size=args.batch_size, lr=args.lr, val_split=args.val_split, seed=args.seed,
        views=args.views, out=args.out, report=args.report, name=args.name,
        backend=args.backend, device=args.device, freeze_until=args.freeze_until,
        optimizer=args.optimizer, accumulate=args.accumulate, input_size=args.input_size,
        resume=args.resume, patience=args.patience)
    if config.model is None and config.weights is None:
        config.model = "inception_v3"
    if args.mode == "head" and args.input_size:
        raise UserError("--input-size is for --mode full")
    bars: dict[str, ProgressBar] = {}

    def show(event) -> None:
        if rank != 0:
            return
        if event.kind == "scan":
            print(event.message, file=sys.stderr)
        elif event.kind == "features":
            bar = bars.setdefault("features", ProgressBar("features"))
            bar.update(event.data["done"], event.data["total"],
                       f"{event.data['images_per_s']:.1f} img/s")
        elif event.kind in ("epoch", "batch") and "loss" in event.data:
            d = event.data
            bar = bars.setdefault("train", ProgressBar("training"))
            extra = (f"epoch {d['epoch']}/{d['epochs']} loss {d['loss']:.4f} "
                     f"train {d['train_accuracy']:.3f}")
            if d.get("val_accuracy") is not None:
                extra += f" val {d['val_accuracy']:.3f}"
            extra += f" {d['images_per_s']:.0f} img/s ETA {d['eta_s']:.0f}s"
            bar.update(d["epoch"] - 1 + (d["batch"] / d["batches"] if "batch" in d else 1),
                       d["epochs"], extra)
            quiet_epoch = d["epoch"] % 10 and d["epoch"] not in (1, d["epochs"])
            if not bar.enabled and event.kind == "epoch" and not quiet_epoch:
                print(extra, file=sys.stderr)
        elif event.kind == "epoch" and event.message:
            print(event.message, file=sys.stderr)

    try:
        result = run_finetune(config, progress=show)
    except DatasetError as exc:
        raise UserError(str(exc)) from None
    except FinetuneCancelled as exc:
        raise UserError(str(exc) or "cancelled") from None
    finally:
        for bar in bars.values():
            bar.close()
    if rank != 0:
        return 0
    report = result.report
    if not report:
        raise UserError("training stopped before a model could be saved")
    print(per_class_table(report))
    val = report["val_accuracy"]
    print(f"train accuracy {report['train_accuracy']:.3f}" +
          (f", validation accuracy {val:.3f}" if val is not None else "") +
          f" after {report['epochs_run']} epoch(s)")
    print(f"model: {result.checkpoint}\nreport: {result.report_path}")
    print(f"use it: inception-desktop classify IMAGE --weights {result.checkpoint}   or   "
          f"inception-desktop weights import {result.checkpoint}")
    return 0


def _add_weights_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", type=_model_arg, metavar="NAME",
                   help=f"one of: {', '.join(list_models())} (default: inception_v3, or the "
                        "network the --weights file holds)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--weights", metavar="FILE",
                       help="a weight file or the name of installed weights")
    group.add_argument("--random-weights", action="store_true",
                       help="run untrained (for demos and tests): predictions are meaningless")


def _add_inference_options(p: argparse.ArgumentParser) -> None:
    _add_weights_options(p)
    p.add_argument("--backend", choices=["auto", "torch", "onnxruntime"], default="auto",
                   help="auto: onnxruntime on a CPU, torch with a GPU")
    p.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="auto")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inception-desktop",
        description="Classify images with, and look inside, Inception-v3, Inception-v4 and "
                    "Inception-ResNet-v2.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--startup-time", action="store_true",
                        help="open the window, print the time from process start to window "
                             "shown, and quit")
    parser.add_argument("--self-test", action="store_true",
                        help="check every network, backend and the window (offscreen-capable);"
                             " exit 0 when all works")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("summary", help="each block's output shape, parameters and FLOPs")
    p.add_argument("--model", type=_model_arg, required=True, metavar="NAME",
                   help=f"one of: {', '.join(list_models())}")
    p.add_argument("--input-size", type=int, default=None, metavar="PIXELS",
                   help="square input size (default: the network's, 299)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("classify", help="top-k labels of images and folders")
    p.add_argument("paths", nargs="+", metavar="PATH", help="image files and folders")
    _add_inference_options(p)
    p.add_argument("--top-k", type=int, default=5, metavar="K")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="json: one object per line")
    p.add_argument("--recursive", action="store_true", help="look inside sub-folders too")
    p.add_argument("--batch-size", type=int, default=8, metavar="N")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("export-onnx", help="export a network to ONNX and check it against torch")
    _add_weights_options(p)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--with-blocks", action="store_true",
                   help="also compare every block output (all exports carry them)")
    p.add_argument("--opset", type=int, default=None, help="ONNX opset (default 17)")
    p.set_defaults(func=cmd_export_onnx)

    p = sub.add_parser("finetune", help="train on a folder with one sub-folder per class")
    p.add_argument("data_dir", metavar="DATA_DIR")
    _add_inference_options(p)
    p.add_argument("--mode", choices=["head", "full"], default="head",
                   help="head: train a new classifier on cached features (fast, any backend); "
                        "full: fine-tune the network with torch")
    p.add_argument("--epochs", type=int, default=None, metavar="N",
                   help="default 100 (head, stops early) or 10 (full)")
    p.add_argument("--batch-size", type=int, default=None, metavar="N")
    p.add_argument("--lr", type=float, default=None, metavar="X")
    p.add_argument("--val-split", type=float, default=0.2, metavar="F")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--views", type=int, default=1, metavar="N",
                   help="head mode: features of N views per training image (2: + mirror, "
                        "3+: + random crops)")
    p.add_argument("--patience", type=int, default=None, metavar="N",
                   help="stop after N epochs without improvement")
    p.add_argument("--freeze-until", metavar="BLOCK",
                   help="full mode: train only the blocks after this module path")
    p.add_argument("--optimizer", choices=["adamw", "sgd"], default="adamw")
    p.add_argument("--accumulate", type=int, default=1, metavar="N",
                   help="full mode: gradient accumulation steps")
    p.add_argument("--input-size", type=int, default=None, metavar="PIXELS",
                   help="full mode: train at a smaller input size (quick experiments)")
    p.add_argument("--out", metavar="FILE", help="checkpoint (.safetensors)")
    p.add_argument("--report", metavar="FILE.json")
    p.add_argument("--name", metavar="NAME", help="the name the model is listed under")
    p.add_argument("--resume", metavar="FILE", help="full mode: continue from OUT.resume.pt")
    p.set_defaults(func=cmd_finetune)

    p = sub.add_parser("bench", help="latency, throughput and efficiency of each backend")
    p.add_argument("--models", metavar="A,B", help="comma-separated (default: all three)")
    p.add_argument("--backends", default="torch,onnxruntime", metavar="A,B")
    p.add_argument("--batch", default="1,8", metavar="N,M")
    p.add_argument("--threads", type=int, default=None, metavar="N")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_bench)

    w = sub.add_parser("weights", help="list, download, verify, import and remove weights")
    wsub = w.add_subparsers(dest="weights_command", metavar="ACTION", required=True)
    p = wsub.add_parser("list", help="every network's weights and what is installed")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_weights_list)
    p = wsub.add_parser("download", help="download and verify the published weights")
    p.add_argument("name", choices=[*list_models(), "all"], metavar="NAME|all",
                   help=f"{', '.join(list_models())} or all")
    p.add_argument("--mirror", metavar="URL",
                   help="fetch <URL>/<network>/<file> instead (as INCEPTION_DESKTOP_MIRROR)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="give up when the server sends nothing for this long (default 30)")
    p.set_defaults(func=cmd_weights_download)
    p = wsub.add_parser("verify", help="re-hash every installed file; exit 1 if any is corrupt")
    p.set_defaults(func=cmd_weights_verify)
    p = wsub.add_parser("path", help="print the weight cache folder (and bundled folders)")
    p.set_defaults(func=cmd_weights_path)
    p = wsub.add_parser("remove", help="delete installed weights by name")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_weights_remove)
    p = wsub.add_parser("import", help="check a weight file and copy it into the cache")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--model", type=_model_arg, metavar="NAME",
                   help="the network it must hold (worked out from the file otherwise)")
    p.add_argument("--name", metavar="NAME", help="the name to list it under")
    p.set_defaults(func=cmd_weights_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from inception_desktop.terminal import ensure_streams

    ensure_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if args.self_test:
            from inception_desktop.gui.selftest import run_self_test

            return run_self_test()
        from inception_desktop.gui.app import run

        return run(print_startup=args.startup_time)
    try:
        return args.func(args)
    except (UserError, WeightsError) as exc:
        print(f"inception-desktop: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("inception-desktop: interrupted", file=sys.stderr)
        return 130


def gui_main() -> int:
    """Entry point for launchers without a console."""
    return main([])
