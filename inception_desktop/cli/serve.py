"""`inception-desktop serve`: the models over HTTP in the Open Inference Protocol."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from inception_desktop.cli.options import (
    add_backend_options,
    add_weights_options,
    float_in,
    int_in,
    model_choices,
)
from inception_desktop.cli.output import say
from inception_desktop.errors import UsageError

TOKEN_FILE_LIMIT = 64 * 1024  # a token is a line; a larger file is the wrong file


def _token(args: argparse.Namespace) -> str | None:
    from inception_desktop.serve.server import TOKEN_ENV

    given = [t for t in (args.token is not None, args.token_file is not None) if t]
    if len(given) > 1:
        raise UsageError("give the token one way: --token or --token-file")
    if args.token_file is not None:
        from inception_desktop.fileio import read_regular_file

        path = Path(args.token_file).expanduser()
        data = read_regular_file(path, "--token-file", TOKEN_FILE_LIMIT)  # no device, no pipe
        try:
            token = data.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise UsageError(f"--token-file {path}: not UTF-8 text") from None
        if not token:
            raise UsageError(f"--token-file {path} is empty")
        return token
    return args.token or os.environ.get(TOKEN_ENV) or None


def cmd_serve(args: argparse.Namespace) -> int:
    from inception_desktop.serve.models import BatchingOptions
    from inception_desktop.serve.server import ServeOptions, check_options, run_server

    options = ServeOptions(args.host, args.port, args.max_upload_mb, _token(args),
                           BatchingOptions(args.max_batch, args.max_delay_ms, args.max_queue,
                                           args.max_wait_s))
    check_options(options)
    choices = model_choices(args)

    def load() -> list[Any]:
        from inception_desktop.engine.predictor import Predictor

        out = []
        for choice in choices:
            say(f"loading {choice.describe()}...")
            # `auto` measures at the batches the dynamic batcher forms under load
            out.append(Predictor(choice=choice, backend=args.backend, device=args.device,
                                 precision=args.precision,
                                 batch_size=min(args.max_batch, 8)))
        return out

    def ready(state: Any) -> None:
        url = f"http://{args.host}:{args.port}"
        for name, model in state.models.items():
            p = model.predictor
            say(f"serving {name!r} ({p.spec.display_name}, {p.runs} on {p.device}, "
                f"{model.num_classes} classes) at {url}/v2/models/{name}")
        say(f"try: curl -F file=@photo.jpg {url}/v1/classify" +
            ("  -H 'Authorization: Bearer <token>'" if options.token else ""))
        say("Ctrl+C stops (requests in flight are answered first)")

    return run_server(options, load, ready)


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve models over HTTP (Open Inference Protocol, as "
                                     "Triton and KServe speak it)")
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: this computer only; "
                        "any other needs a token)")
    p.add_argument("--port", type=int_in(1, 65535), default=8000)
    add_weights_options(p, several="several networks or installed models by name",
                        untrained="untrained (for tests): the answers mean nothing")
    add_backend_options(p)
    p.add_argument("--max-batch", type=int_in(1, 256), default=8, metavar="N",
                   help="merge concurrent requests into batches of up to N images")
    p.add_argument("--max-delay-ms", type=float_in(0, 1000), default=5.0, metavar="MS",
                   help="wait at most this long for more requests to batch (default 5)")
    p.add_argument("--max-queue", type=int_in(1, 10_000), default=64, metavar="N",
                   help="images waiting at most, and the most one request may send; more are "
                        "refused (503, or 413 for one request) before any is decoded "
                        "(default 64)")
    p.add_argument("--max-wait-s", type=float_in(0, 3600, open_low=True), default=10.0,
                   metavar="S", help="refuse a request with 503 at once, before its body is "
                                     "read, when the queue ahead of it would take longer than "
                                     "this (measured; default 10)")
    p.add_argument("--max-upload-mb", type=float_in(0, 10_000, open_low=True), default=50.0,
                   metavar="MB", help="largest request body (default 50)")
    p.add_argument("--token", metavar="TOKEN",
                   help="require 'Authorization: Bearer TOKEN' (all but the health endpoints)")
    p.add_argument("--token-file", metavar="FILE", help="read the token from FILE")
    p.set_defaults(func=cmd_serve)
