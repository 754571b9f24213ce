"""Option types and shared options of the command line: every value is checked when the
command line is parsed (range, finite, known name), so a mistake is one usage line (exit 2)
before any work starts."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from inception_desktop.errors import DatasetError, UsageError
from inception_desktop.models import list_models


class ArgumentParser(argparse.ArgumentParser):
    """argparse with one-line usage errors (the usage is one --help away)."""

    def error(self, message: str) -> NoReturn:
        stream = sys.stderr
        if stream is not None:
            stream.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)

    def parse_command_line(self, argv: Sequence[str] | None) -> argparse.Namespace:
        """parse_args, but an unknown option is reported by the (sub)command it was given to,
        so its line points at `inception-desktop evaluate --help`, not the top-level help."""
        args, extra = self.parse_known_args(argv)
        if extra:
            self.chosen_parser(args).error(f"unrecognized arguments: {' '.join(extra)}")
        return args

    def chosen_parser(self, args: argparse.Namespace) -> ArgumentParser:
        """The parser of the deepest sub-command the parsed arguments chose."""
        parser = self
        while True:
            subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
            chosen = getattr(args, subs[0].dest, None) if subs else None
            if chosen is None:
                return parser
            parser = subs[0].choices[chosen]


def int_in(low: int, high: int | None = None, name: str = "") -> Callable[[str], int]:
    """A whole number in [low, high]."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {span}, not {value}")
        return value

    parse.__name__ = name or "number"
    return parse


def float_in(low: float, high: float, open_low: bool = False,
             name: str = "") -> Callable[[str], float]:
    """A finite number in [low, high] (or (low, high] with open_low)."""
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number, not {text}")
        if (value <= low if open_low else value < low) or value > high:
            bound = f"above {low:g}" if open_low else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"must be {bound} and at most {high:g}, not "
                                             f"{value:g}")
        return value

    parse.__name__ = name or "number"
    return parse


def int_list(low: int, high: int) -> Callable[[str], list[int]]:
    """Comma-separated whole numbers, each in [low, high]."""
    one = int_in(low, high)

    def parse(text: str) -> list[int]:
        parts = [p for p in text.split(",") if p.strip()]
        if not parts:
            raise argparse.ArgumentTypeError("give at least one number, such as 1,8")
        return [one(p) for p in parts]

    parse.__name__ = "numbers"
    return parse


def require_folder(path: str, option: str = "") -> None:
    """Refuses a folder argument that is not a folder before any work (an export, a model
    load) is spent on the command. An option's value is a usage mistake (exit 2); the
    command's input folder is a failure like a missing input file (exit 1)."""
    from pathlib import Path

    folder = Path(path).expanduser()
    if folder.is_dir():
        return
    what = "is a file, not a folder" if folder.exists() else "no such folder"
    if option:
        raise UsageError(f"{option} {path}: {what}")
    raise DatasetError(f"{path}: {what}")


def network_name(value: str) -> str:
    if value not in list_models():
        raise argparse.ArgumentTypeError(
            f"unknown network {value!r}; choose one of: {', '.join(list_models())}")
    return value


def network_list(value: str) -> list[str]:
    """`all`, or comma-separated network names (each once)."""
    if value.strip() == "all":
        return list_models()
    names = [network_name(v.strip()) for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one network")
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError("a network is named twice")
    return names


def choice_list(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        values = [v.strip() for v in text.split(",") if v.strip()]
        bad = [v for v in values if v not in choices]
        if bad or not values:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(choices)} (comma-"
                                             f"separated), not {text!r}")
        return values

    parse.__name__ = "list"
    return parse


class Given(argparse.Action):
    """Stores the value and remembers that the option was given (to refuse options of the
    other mode instead of ignoring them)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        given = set(getattr(namespace, "given", set()) or set())
        given.add(self.dest)
        namespace.given = given


def add_weights_options(p: argparse.ArgumentParser, default_hint: str | None = None,
                        several: str | None = None, untrained: str | None = None) -> None:
    """--model, --weights and --random-weights; with `several` (its help) also --models, for
    commands that run several models side by side (resolved by `model_choices`)."""
    from inception_desktop.models import default_network

    default_hint = default_hint or default_network()
    p.add_argument("--model", type=network_name, metavar="NAME",
                   help=f"one of: {', '.join(list_models())} (default: {default_hint}, or "
                        "the network the --weights file holds)")
    if several is not None:
        p.add_argument("--models", type=model_list, metavar="A,B|all", help=several)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--weights", metavar="FILE|NAME",
                       help="a weight file or the name of installed weights" +
                            (" (one model)" if several is not None else ""))
    group.add_argument("--random-weights", action="store_true",
                       help=untrained or "run untrained (for demos and tests): predictions "
                                         "are meaningless")


def add_backend_options(p: argparse.ArgumentParser, precision: bool = True) -> None:
    from inception_desktop.engine.registry import (
        BACKENDS,
        CPU_RUNTIMES,
        DEVICES,
        PRECISION_CHOICES,
        REGISTRY,
    )

    p.add_argument("--backend", choices=BACKENDS, default="auto",
                   help="auto: torch with a GPU; on a CPU the runtime "
                        f"({' or '.join(CPU_RUNTIMES)}) measured fastest here")
    p.add_argument("--device", choices=DEVICES, default="auto",
                   help="auto picks a GPU when there is one; a device asked for that is not "
                        "here is an error")
    if precision:
        from inception_desktop.paths import default_precision

        bf16 = " or ".join(REGISTRY[n].label for n in REGISTRY if "bf16" in
                           REGISTRY[n].precisions)
        p.add_argument("--precision", choices=PRECISION_CHOICES, default=default_precision(),
                       help=f"auto (default): the fastest of these measured here (once per "
                            f"CPU and export); fp32; bf16 ({bf16}, on CPUs with native bf16); "
                            "int8 (after `inception-desktop quantize`)")


def add_inference_options(p: argparse.ArgumentParser, precision: bool = True) -> None:
    add_weights_options(p)
    add_backend_options(p, precision)


def network_or_default(args: argparse.Namespace) -> str | None:
    """--model, else the network of --weights (None), else the default network."""
    from inception_desktop.models import default_network

    if args.model is not None or getattr(args, "weights", None) is not None:
        return args.model
    return default_network()


def model_list(text: str) -> list[str]:
    from inception_desktop.models import list_models

    if text.strip() == "all":
        return list_models()
    names = [t.strip() for t in text.split(",") if t.strip()]
    if not names or len(set(names)) != len(names):
        raise argparse.ArgumentTypeError("give distinct names, comma-separated, or all")
    return names


def model_choices(args: argparse.Namespace) -> list[Any]:
    """The weights of every model named by --model/--weights/--random-weights or --models
    (networks or installed model names), resolved before any work."""
    from inception_desktop.models import list_models
    from inception_desktop.weights.resolve import resolve_weights

    if args.models is not None:
        if args.model is not None or args.weights is not None:
            raise UsageError("--models names the models; --model and --weights are for one "
                             "model")
        out = []
        for name in args.models:
            if name in list_models():
                out.append(resolve_weights(name, None, args.random_weights))
            else:
                if args.random_weights:
                    raise UsageError(f"--models {name}: not a network; with --random-weights "
                                     f"name networks: {', '.join(list_models())}")
                out.append(resolve_weights(None, name))
        return out
    return [resolve_weights(network_or_default(args), args.weights, args.random_weights)]
