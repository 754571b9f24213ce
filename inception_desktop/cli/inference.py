"""Commands that run a network: `summary`, `classify`, `export-onnx`, `bench`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from inception_desktop.cli.options import (
    add_backend_options,
    add_inference_options,
    add_weights_options,
    choice_list,
    int_in,
    int_list,
    network_list,
    network_name,
    network_or_default,
    require_folder,
)
from inception_desktop.cli.output import print_table, progress_state, say
from inception_desktop.cli.outputs import add_force_option
from inception_desktop.errors import BackendError, UsageError
from inception_desktop.models import (
    MAX_INPUT_SIZE,
    check_input_size,
    get_spec,
    list_models,
    smallest_input_size,
)

if TYPE_CHECKING:  # the engine is imported when a command runs
    from inception_desktop.engine.bench import Skipped


def cmd_summary(args: argparse.Namespace) -> int:
    from inception_desktop.models import create_model
    from inception_desktop.models.summary import format_summary, summarize

    spec = get_spec(args.model)
    if args.input_size is not None:
        check_input_size(args.input_size, args.model)
    summary = summarize(create_model(args.model), args.input_size)
    print(format_summary(summary, spec.display_name))
    return 0


def make_predictor(args: argparse.Namespace, state: Any = None, batch_size: int = 1) -> Any:
    from inception_desktop.engine.predictor import Predictor

    return Predictor(network_or_default(args), weights=args.weights,
                     random_weights=args.random_weights, backend=args.backend,
                     device=args.device, threads=getattr(args, "threads", None), state=state,
                     precision=getattr(args, "precision", "fp32"), batch_size=batch_size)


def _csv_rows(result: Any, top: int) -> list[list[str]]:
    if not result.ok:
        return [[result.file, "", "", "", "", result.error]]
    return [[result.file, str(p.rank), str(p.index), p.label, f"{p.probability:.6f}", ""]
            for p in result.predictions[:top]]


def _print_result_table(result: Any, predictor: Any) -> None:
    if not result.ok:
        print(f"error: {result.error}", flush=True)
        return
    mark = "  [UNTRAINED]" if predictor.choice.untrained else ""
    print(f"{result.file}  ({predictor.spec.display_name}, {predictor.backend_name} "
          f"{predictor.precision}/{predictor.device}, "
          f"{result.timing_ms['inference']:.0f} ms){mark}")
    for p in result.predictions:
        print(f"  {p.rank}. {p.probability * 100:6.2f}%  {p.label}  ({p.index})")
    sys.stdout.flush()


def cmd_classify(args: argparse.Namespace) -> int:
    import csv

    from inception_desktop.engine.images import expand_paths
    from inception_desktop.fileio import json_text
    from inception_desktop.terminal import ProgressBar

    unreadable: list[str] = []
    files = expand_paths(args.paths, recursive=args.recursive, unreadable=unreadable)
    for line in unreadable:
        say(f"warning: {line}")
    if not files:
        raise UsageError("no image files found in " + ", ".join(args.paths))
    if not any(_may_exist(f) for f in files):
        from inception_desktop.errors import ImageError

        missing = [str(f) for f in files]
        raise ImageError(f"{', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}: no "
                         f"such file")
    with progress_state("loading") as state:
        # `auto` measures at the batch the work runs: the folder's, never more than its files
        predictor = make_predictor(args, state, min(args.batch_size, len(files)))
    if args.backend == "auto" or args.precision == "auto":
        say(f"running {predictor.runs}")
    if predictor.choice.untrained:
        say("warning: untrained (random) weights: the predictions are meaningless")
    writer = csv.writer(sys.stdout) if args.format == "csv" else None
    if writer:
        writer.writerow(["file", "rank", "index", "label", "probability", "error"])
    bar = ProgressBar("classifying", total=len(files))
    failed = done = 0
    try:
        for result in predictor.classify_files(files, top=args.top_k,
                                               batch_size=args.batch_size):
            done += 1
            bar.update(done)
            failed += not result.ok
            if args.format == "json":
                print(json_text(result.to_json(), indent=None), flush=True)
            elif writer:
                writer.writerows(_csv_rows(result, args.top_k))
                sys.stdout.flush()
            else:
                if bar.enabled:
                    bar.stream.write("\r\033[K")
                _print_result_table(result, predictor)
    finally:
        bar.close()
        predictor.close()
    if failed:
        say(f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} could not be "
            "classified")
    return 1 if failed else 0


def _may_exist(path: Path) -> bool:
    """Whether a file may be there: a folder above it that cannot be read leaves the answer
    to the file's own one-line error, as does a link (a loop, or one pointing nowhere)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True


def cmd_export_onnx(args: argparse.Namespace) -> int:
    import numpy as np

    from inception_desktop.engine.export import export_onnx
    from inception_desktop.engine.onnx_backend import OnnxBackend
    from inception_desktop.engine.torch_backend import TorchBackend, build_torch_model
    from inception_desktop.fileio import check_output_path, clean_stale_partials
    from inception_desktop.terminal import human_bytes
    from inception_desktop.weights.resolve import resolve_weights

    if args.model is None and args.weights is None:
        raise UsageError("choose a network with --model (or give --weights)")
    if args.out is None and args.triton_repo is None:
        raise UsageError("give --out FILE.onnx, --triton-repo DIR, or both")
    if args.triton_repo is not None:
        from inception_desktop.serve.triton import check_repository_folder

        check_repository_folder(args.triton_repo)
    choice = resolve_weights(args.model, args.weights, args.random_weights)
    if args.triton_repo is not None:
        from inception_desktop.serve.triton import export_for_triton

        written = export_for_triton(choice, args.triton_repo, args.max_batch, args.name,
                                    args.max_queue)
        print(f"wrote the Triton model repository {written.root}: model {written.name!r} "
              f"version {written.version} ({written.config_path}, {written.model_path})"
              + ("; Triton serves this latest version" if written.version > 1 else ""))
        if args.out is None:
            return 0
    out = check_output_path(args.out, "--out", (".onnx",))
    for suffix in (".json", ".head.npz"):  # the sidecars beside it
        check_output_path(out.with_suffix(suffix), f"--out's {suffix} sidecar")
    from inception_desktop.cli.outputs import (
        Output,
        check_outputs,
        export_metadata,
        export_model,
        head_arrays,
        weight_inputs,
    )

    check_outputs([Output("--out", out, export_model),
                   Output("--out's .json sidecar", out.with_suffix(".json"), export_metadata),
                   Output("--out's .head.npz sidecar", out.with_suffix(".head.npz"),
                          head_arrays)], weight_inputs(args), args.force)
    for name in (out.name, out.with_suffix(".json").name, out.with_suffix(".head.npz").name):
        clean_stale_partials(out.parent, prefix=name)  # left by a killed earlier export
    model, class_names = build_torch_model(choice)
    info = export_onnx(model, out, choice, class_names, args.opset)
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
          f"{info.opset}, outputs: logits, probabilities, features, {len(info.blocks)} "
          "blocks")
    print(f"parity vs torch: max |logit difference| {diff:.3g} (max |logit| {scale:.3g}); "
          f"top-1 {'agrees' if agree else 'DIFFERS'}")
    if blocks:
        worst = max(float(np.abs(ref.blocks[p] - got.blocks[p]).max()) for p in blocks)
        print(f"block outputs: max |difference| {worst:.3g} over {len(blocks)} blocks")
    status = 0 if agree and diff <= 1e-3 * max(scale, 1.0) else 1
    if choice.untrained:
        say("note: exported with untrained (random) weights")
    return status


def _not_run(skipped: Skipped) -> str:
    return f"{skipped.model} {skipped.backend} {skipped.precision}: {skipped.why}"


def _none_could_run(skipped: list[Skipped]) -> NoReturn:
    """Every combination asked for was skipped: the others' reasons, and the first's as the
    error."""
    for s_ in skipped[1:]:
        say(f"not run: {_not_run(s_)}")
    raise BackendError(_not_run(skipped[0]))


def cmd_bench_folder(args: argparse.Namespace) -> int:
    """Decode + preprocess against inference, sequential against pipelined, on a folder."""
    import json
    from dataclasses import asdict

    from inception_desktop.engine.bench import Skipped, bench_folder
    from inception_desktop.engine.images import expand_paths
    from inception_desktop.engine.predictor import Predictor

    require_folder(args.folder, "--folder")
    files = expand_paths([args.folder], recursive=True)
    if not files:
        raise UsageError(f"no image files in {args.folder}")
    rounds = args.rounds or 3
    rows, precisions = [], []
    not_run: list[Skipped] = []
    for model in args.models:
        for backend in args.backends:
            for precision in args.precisions:
                with progress_state(f"{model} {backend} {precision}") as state:
                    try:
                        predictor = Predictor(model, weights=args.weights,
                                              random_weights=not args.weights, backend=backend,
                                              device="cpu", threads=args.threads, state=state,
                                              precision=precision)
                    except BackendError as exc:  # as plain bench: the others still run
                        not_run.append(Skipped(model, backend, precision, str(exc)))
                        continue
                    for batch in args.batch:
                        rows.append(bench_folder(predictor, files, batch, args.workers, state,
                                                 rounds))
                        precisions.append(precision)
                    predictor.close()
    if not rows:
        _none_could_run(not_run)
    for s_ in not_run:
        say(f"not run: {_not_run(s_)}")
    if args.format == "json":
        print(json.dumps([{**asdict(r), "precision": precision,
                           "inference_images_per_s": r.inference_images_per_s,
                           "limit_images_per_s": r.limit_images_per_s,
                           "pipelined_vs_inference": r.pipelined_vs_inference,
                           "pipelined_vs_limit": r.pipelined_vs_limit,
                           "pipelined_vs_sequential": r.pipelined_vs_sequential}
                          for r, precision in zip(rows, precisions, strict=True)],
                         indent=2, allow_nan=False))
        return 0
    cores = rows[0].cores if rows else 1
    read = rows[0].images
    unread = f" ({len(files) - read} could not be read)" if read < len(files) else ""
    print(f"{args.folder}: {read} images{unread}; {cores} cores; medians of {rounds} rounds")
    print_table(["MODEL", "BACKEND", "BATCH", "DECODE+PREP MS", "INFERENCE MS",
                 "PROCESSOR MS D/I", "SEQUENTIAL/S", "PIPELINED/S", "INFERENCE-ONLY/S", "LIMIT/S",
                 "PIPELINED/INFERENCE", "PIPELINED/LIMIT", "PIPELINED/SEQUENTIAL"],
                [[r.model, f"{r.backend} {precision}", str(r.batch), f"{r.decode_ms:.1f}",
                  f"{r.inference_ms:.1f}", f"{r.decode_core_ms:.1f}/{r.inference_core_ms:.1f}",
                  f"{r.sequential_images_per_s:.2f}", f"{r.pipelined_images_per_s:.2f}",
                  f"{r.inference_images_per_s:.2f}", f"{r.limit_images_per_s:.2f}",
                  f"{r.pipelined_vs_inference:.2f}", f"{r.pipelined_vs_limit:.2f}",
                  f"{r.pipelined_vs_sequential:.2f}x"]
                 for r, precision in zip(rows, precisions, strict=True)], right=set(range(2, 13)))
    print("PROCESSOR MS D/I: processor time per image of decoding and of inference (all its "
          "threads); LIMIT/S: the most these cores allow when the two share them")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from inception_desktop.cpu import describe_cpu
    from inception_desktop.engine.bench import run_bench_grid

    if args.folder is not None:
        return cmd_bench_folder(args)
    given = [o for o, v in (("--workers", args.workers), ("--rounds", args.rounds)) if v]
    if given:
        raise UsageError(f"{' and '.join(given)}: only with --folder DIR (they set how a "
                         "folder is measured)")
    if args.weights is not None and len(args.models) != 1:
        raise UsageError("--weights is for one network: give --models NAME")
    with progress_state("benchmarking") as state:
        rate, rows, skipped = run_bench_grid(
            args.models, args.backends, args.batch, args.threads,
            random_weights=args.weights is None, state=state,
            precisions=tuple(args.precisions), weights=args.weights)
    if not rows and skipped:
        _none_could_run(skipped)
    if args.format == "json":
        print(json.dumps([{**asdict(r), "matmul_gflops": rate} for r in rows], indent=2,
                         allow_nan=False))
        return 0
    print(f"{describe_cpu()}; fp32 matrix multiply: {rate:.0f} GFLOP/s")
    print_table(
        ["MODEL", "RUNTIME", "PRECISION", "BATCH", "MEDIAN MS", "IMAGES/S", "VS ORT FP32",
         "TOP-1 AGREEMENT", "EFFICIENCY", "PEAK RSS MB", "START COLD S", "START WARM S"],
        [[r.model, r.backend, r.precision, str(r.batch), f"{r.median_ms:.1f}",
          f"{r.images_per_s:.1f}", "-" if r.speedup is None else f"{r.speedup:.2f}x",
          "-" if r.top1_agreement is None else f"{r.top1_agreement * 100:.0f}%",
          f"{r.efficiency:.2f}", f"{r.peak_rss_mb:.0f}",
          "-" if r.startup_cold_ms is None else f"{r.startup_cold_ms / 1000:.2f}",
          "-" if r.startup_warm_ms is None else f"{r.startup_warm_ms / 1000:.2f}"]
         for r in rows],
        right=set(range(3, 12)))
    print("start: opening the model and its first prediction of one image, with OpenVINO's "
          "model cache empty (cold) and filled (warm)")
    for s_ in skipped:
        print(f"not run: {_not_run(s_)}")
    if args.weights is None:
        say("note: untrained weights (the speed does not depend on them; the agreement of "
            "untrained networks says little: give --weights for a real one)")
    return 0


def register(sub: Any) -> None:
    from inception_desktop.engine.registry import PRECISIONS, REGISTRY

    p = sub.add_parser("summary", help="each block's output shape, parameters and FLOPs")
    p.add_argument("--model", type=network_name, required=True, metavar="NAME",
                   help=f"one of: {', '.join(list_models())}")
    p.add_argument("--input-size", type=int_in(smallest_input_size(), MAX_INPUT_SIZE),
                   default=None, metavar="PIXELS",
                   help="square input size, from the network's smallest to "
                        f"{MAX_INPUT_SIZE} (default: the network's own)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("classify", help="top-k labels of images and folders")
    p.add_argument("paths", nargs="+", metavar="PATH", help="image files and folders")
    add_inference_options(p)
    p.add_argument("--top-k", type=int_in(1, 1000), default=5, metavar="K")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="json: one object per line")
    p.add_argument("--recursive", action="store_true", help="look inside sub-folders too")
    p.add_argument("--batch-size", type=int_in(1, 256), default=8, metavar="N")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("export-onnx", help="export a network to ONNX and check it against "
                                           "torch; or write a Triton model repository")
    add_weights_options(p, default_hint="none")
    p.add_argument("--out", metavar="FILE.onnx")
    add_force_option(p)
    p.add_argument("--triton-repo", metavar="DIR",
                   help="write a Triton Inference Server model repository into DIR")
    p.add_argument("--max-batch", type=int_in(1, 1024), default=8, metavar="N",
                   help="--triton-repo: batches of up to N images, as serve --max-batch "
                        "(default 8)")
    p.add_argument("--max-queue", type=int_in(1, 10_000), default=64, metavar="N",
                   help="--triton-repo: the most images one request may send (max_batch_size)"
                        " and the most requests waiting, as serve --max-queue (default 64)")
    p.add_argument("--name", metavar="NAME",
                   help="--triton-repo: the model's name (default: its listed name)")
    p.add_argument("--with-blocks", action="store_true",
                   help="also compare every block output (all exports carry them)")
    p.add_argument("--opset", type=int_in(13, 20), default=17,
                   help="ONNX opset, 13 to 20 (default 17)")
    p.set_defaults(func=cmd_export_onnx)

    p = sub.add_parser("bench", help="latency, throughput and efficiency of each backend")
    p.add_argument("--models", type=network_list, default=list_models(), metavar="A,B|all",
                   help=f"comma-separated networks (default: all {len(list_models())})")
    p.add_argument("--backends", type=choice_list(tuple(REGISTRY)),
                   default=list(REGISTRY), metavar="A,B",
                   help=f"runtimes (default: {', '.join(REGISTRY)})")
    p.add_argument("--precisions", type=choice_list(PRECISIONS),
                   default=["fp32"], metavar="A,B",
                   help="fp32, bf16, int8 (int8 needs a quantized export; default fp32)")
    p.add_argument("--weights", metavar="FILE|NAME",
                   help="with one network: its weights (the agreement of reduced precisions "
                        "needs real weights)")
    p.add_argument("--batch", type=int_list(1, 256), default=[1, 8], metavar="N,M",
                   help="batch sizes, 1 to 256 (default 1,8)")
    p.add_argument("--threads", type=int_in(1, 256), default=None, metavar="N")
    p.add_argument("--folder", metavar="DIR",
                   help="instead: where classifying the images of DIR spends its time "
                        "(decode + preprocess, inference, sequential against pipelined)")
    p.add_argument("--workers", type=int_in(1, 64), default=None, metavar="N",
                   help="--folder: decoding threads (default: the number of cores, at most 4)")
    p.add_argument("--rounds", type=int_in(1, 20), default=None, metavar="N",
                   help="--folder: inference alone and the pipeline measured in turn N times, "
                        "medians reported (default 3)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_bench)


__all__ = ["register", "make_predictor", "add_backend_options"]
