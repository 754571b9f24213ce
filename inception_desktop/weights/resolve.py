"""Choosing which weights run: the one resolver behind every `--model` / `--weights` /
`--random-weights` choice, in the CLI, the window and the server.

An explicit file or installed name first; else the network's bundled or cached published
weights, then imported ImageNet weights, then (in the torch-free build) a bundled ONNX export of
them; else a clear error saying how to get weights. `--random-weights` runs untrained and says
so everywhere. Needs no torch unless only torch can tell which network a file holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inception_desktop.errors import UsageError, WeightsError, msg
from inception_desktop.fileio import check_regular_file, short_hash
from inception_desktop.models import ModelSpec, get_spec
from inception_desktop.weights.exports import find_export, list_exports
from inception_desktop.weights.store import current_sha256, find_entry, list_entries

if TYPE_CHECKING:
    from inception_desktop.weights.headfile import HeadCheckpoint


@dataclass(frozen=True)
class WeightsChoice:
    """The identity of the weights a model runs with (shown with every result)."""

    network: str
    name: str
    path: Path | None  # None: untrained, or weights that exist only as an ONNX export
    sha256: str | None
    untrained: bool = False

    @property
    def short_sha256(self) -> str:
        return short_hash(self.sha256)

    def describe(self) -> str:
        if self.untrained:
            return msg("untrained (random weights: predictions are meaningless)")
        return f"{self.name} ({self.short_sha256})"

    def identity(self) -> dict[str, Any]:
        """What reports and JSON outputs say about the weights."""
        return {"name": self.name, "sha256": self.sha256, "untrained": self.untrained}


def untrained(network: str) -> WeightsChoice:
    return WeightsChoice(network, "untrained", None, None, untrained=True)


def how_to_get(network: str) -> str:
    return msg("no weights for {network}: run `inception-desktop weights download {name}`, "
               "import a file with `inception-desktop weights import FILE`, or pass "
               "--random-weights to run untrained", network=get_spec(network).display_name,
               name=network)


def network_of_file(path: Path, sha256: str | None) -> str:
    """Which network a weight file holds: from its metadata or safetensors header, else from
    an export of the same bytes, else by reading it with torch."""
    from inception_desktop.weights.checkpoint import network_of_file as from_content

    found = from_content(path)
    if found is not None:
        return found
    export = find_export(None, sha256) if sha256 else None
    if export is not None:
        return export.network
    try:
        import torch  # noqa: F401
    except Exception:
        raise WeightsError(msg("cannot tell which network {name} holds without torch, which "
                               "this build does not have; pass --model", name=path.name)) from None
    from inception_desktop.weights.checkpoint import inspect_checkpoint

    return inspect_checkpoint(path).network


def _file_choice(network: str | None, path: Path) -> WeightsChoice:
    from inception_desktop.weights.appformat import read_app_metadata
    from inception_desktop.weights.checkpoint import check_readable

    check_readable(path)
    try:
        sha = current_sha256(path)
    except OSError as exc:
        raise WeightsError(msg("{file}: cannot be read ({reason})", file=path,
                               reason=exc.strerror or str(exc))) from None
    held = network_of_file(path, sha)
    if network is not None and held != network:
        raise WeightsError(msg("{name} holds {network} weights, not {expected}: choose {choice}",
                               name=path.name, network=get_spec(held).display_name,
                               expected=get_spec(network).display_name, choice=held))
    meta = read_app_metadata(path)
    name = meta.name if meta is not None and meta.name else path.stem
    return WeightsChoice(held, name, path, sha)


def resolve_weights(network: str | None, weights: str | os.PathLike[str] | None = None,
                    random_weights: bool = False) -> WeightsChoice:
    """Turn a choice of network and weights into weights. `weights` may be a file path or the
    name of installed weights; the network may then be left out (it comes from the weights)."""
    if weights is not None and random_weights:
        raise UsageError(msg("choose either --weights or --random-weights, not both"))
    if network is not None:
        get_spec(network)
    if random_weights:
        if network is None:
            raise UsageError(msg("--random-weights needs a network: choose one with --model"))
        return untrained(network)
    if weights is None:
        if network is None:
            raise UsageError(msg("choose a network with --model, or weights with --weights"))
        return default_weights(network)
    path = Path(weights).expanduser()
    if path.is_file():
        return _file_choice(network, path)
    if path.is_dir():
        raise WeightsError(msg("{file} is a folder, not a weight file", file=path))
    if path.exists():  # a pipe, a device, a socket: never opened (it could block forever)
        check_regular_file(path, "--weights", WeightsError)
    entry = find_entry(str(weights))
    if entry is None or entry.status == "missing":
        raise WeightsError(msg("{weights}: no such file or installed weights (see "
                               "`inception-desktop weights list`)", weights=weights))
    if entry.status == "corrupt":
        raise WeightsError(msg("weights {name!r} at {path} are corrupt ({problem}); remove and "
                               "download or import them again", name=entry.name,
                               path=entry.path, problem=entry.problem))
    if network is not None and entry.network != network:
        raise WeightsError(msg("weights {name!r} are for {network}, not {expected}: choose "
                               "{choice}", name=entry.name,
                               network=get_spec(entry.network).display_name,
                               expected=get_spec(network).display_name, choice=entry.network))
    return WeightsChoice(entry.network, entry.name, entry.path, entry.sha256)


def default_weights(network: str) -> WeightsChoice:
    """The weights a network runs with when none are named."""
    entries = [e for e in list_entries() if e.network == network]
    candidates = [e for e in entries if e.status == "installed"
                  and e.kind in ("pretrained", "imported")]
    if not candidates:
        bundled = _bundled_export(network)
        if bundled is not None:
            return bundled
        corrupt = [e for e in entries if e.status == "corrupt" and e.kind == "pretrained"]
        if corrupt:
            raise WeightsError(msg("the weights at {path} are corrupt ({problem}); run "
                                   "`inception-desktop weights download {name}` again",
                                   path=corrupt[0].path, problem=corrupt[0].problem,
                                   name=network))
        raise WeightsError(how_to_get(network))

    def newest_first(e: Any) -> float:
        try:
            return -float(e.path.stat().st_mtime)
        except OSError:
            return 0.0

    # Published weights first (bundled before cached), then the newest import.
    candidates.sort(key=lambda e: (e.kind != "pretrained", not e.bundled, newest_first(e)))
    best = candidates[0]
    return WeightsChoice(network, best.name, best.path, best.sha256)


def resolve_base(head: HeadCheckpoint, allow_export_only: bool = True) -> WeightsChoice:
    """The base weights a head-only checkpoint was trained on, found by sha256 among installed
    weights; with `allow_export_only`, an ONNX export of them is enough (the torch-free build
    has exports, not weight files)."""
    base = head.base
    if base.untrained:
        return untrained(head.network)
    for entry in list_entries():
        if entry.network == head.network and entry.status == "installed" and \
                entry.sha256 == base.sha256:
            return WeightsChoice(entry.network, entry.name, entry.path, entry.sha256)
    if allow_export_only:
        found = find_export(head.network, base.sha256)
        if found is not None:
            return WeightsChoice(found.network, found.weights_name, None, found.weights_sha256)
    raise WeightsError(msg(
        "{name} was fine-tuned on {network} weights {weights!r} (sha256 {sha256}...), which are "
        "not installed: run `inception-desktop weights download {network_name}` or import that "
        "file", name=head.path.name, network=get_spec(head.network).display_name,
        weights=base.name, sha256=short_hash(base.sha256), network_name=head.network))


def _bundled_export(network: str) -> WeightsChoice | None:
    """A desktop bundle without weight files (the torch-free build) ships ONNX exports of its
    weights: those are the network's weights there."""
    bundled = [e for e in list_exports(bundled_only=True)
               if e.network == network and not e.untrained]
    if not bundled:
        return None
    e = min(bundled, key=lambda e: e.precision != "fp32")  # fp32 first, else int8
    return WeightsChoice(e.network, e.weights_name, None, e.weights_sha256)


def weights_spec(choice: WeightsChoice) -> ModelSpec:
    """The network's spec as these weights see it: an imported Keras model records its own
    input size, scaling and resizing (a head-only file: its base's). No torch needed."""
    from inception_desktop.weights.appformat import read_app_metadata

    spec = get_spec(choice.network)
    if choice.path is None:
        found = find_export(choice.network, choice.sha256, choice.untrained)
        raw = found.extra.get("network_options") if found is not None else None
        if raw is not None:
            from inception_desktop.models import NetworkOptions

            try:
                return NetworkOptions.from_json(raw).apply(spec)
            except WeightsError:
                return spec
        return spec
    try:
        meta = read_app_metadata(choice.path)
    except WeightsError:
        return spec
    if meta is None:
        return spec
    if meta.contents == "head" and meta.base is not None and not meta.base.untrained:
        for entry in list_entries():
            if entry.network == choice.network and entry.sha256 == meta.base.sha256 and \
                    entry.path != choice.path and entry.status == "installed":
                return weights_spec(WeightsChoice(entry.network, entry.name, entry.path,
                                                  entry.sha256))
        return spec
    return meta.options.apply(spec) if meta.options is not None else spec
