"""Choosing which weights to run: an explicit file or name, else bundled or cached pretrained
weights, else a clear error; `--random-weights` runs untrained and says so everywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from inception_desktop.models import get_spec
from inception_desktop.weights.errors import WeightsError
from inception_desktop.weights.store import current_sha256, find_entry, list_entries


@dataclass(frozen=True)
class WeightsChoice:
    """The identity of the weights a model runs with (shown with every result)."""

    network: str
    name: str
    path: Path | None  # None: untrained
    sha256: str | None
    untrained: bool = False

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12] if self.sha256 else ""

    def describe(self) -> str:
        if self.untrained:
            return "untrained (random weights: predictions are meaningless)"
        return f"{self.name} ({self.short_sha256})"


def how_to_get(network: str) -> str:
    return (f"no weights for {get_spec(network).display_name}: run `inception-desktop weights "
            f"download {network}`, import a file with `inception-desktop weights import FILE`, "
            "or pass --random-weights to run untrained")


def resolve_weights(network: str, weights: str | os.PathLike | None = None,
                    random_weights: bool = False) -> WeightsChoice:
    """`weights` may be a file path or the name of installed weights."""
    get_spec(network)
    if weights is not None and random_weights:
        raise WeightsError("choose either --weights or --random-weights, not both")
    if random_weights:
        return WeightsChoice(network, "untrained", None, None, untrained=True)
    if weights is not None:
        path = Path(weights).expanduser()
        if path.is_file():
            return WeightsChoice(network, path.stem, path, current_sha256(path))
        entry = find_entry(str(weights))
        if entry is None or entry.status == "missing":
            raise WeightsError(f"{weights}: no such file or installed weights")
        if entry.status == "corrupt":
            raise WeightsError(f"weights {entry.name!r} at {entry.path} are corrupt "
                               f"({entry.problem}); remove and download or import them again")
        return WeightsChoice(entry.network, entry.name, entry.path, entry.sha256)
    entries = [e for e in list_entries() if e.network == network]
    candidates = [e for e in entries if e.status == "installed"
                  and e.kind in ("pretrained", "imported")]
    if not candidates:
        bundled = _bundled_export(network)
        if bundled is not None:
            return bundled
        corrupt = [e for e in entries if e.status == "corrupt" and e.kind == "pretrained"]
        if corrupt:
            raise WeightsError(f"the weights at {corrupt[0].path} are corrupt "
                               f"({corrupt[0].problem}); run `inception-desktop weights "
                               f"download {network}` again")
        raise WeightsError(how_to_get(network))
    # Published weights first (bundled before cached), then the newest import.
    candidates.sort(key=lambda e: (e.kind != "pretrained", not e.bundled,
                                   -(e.path.stat().st_mtime)))
    best = candidates[0]
    return WeightsChoice(network, best.name, best.path, best.sha256)


def resolve_base(head, allow_export_only: bool = True) -> WeightsChoice:
    """The base weights a head-only checkpoint was trained on (`head`: HeadCheckpoint).

    Found by sha256 among installed weights; with `allow_export_only`, an ONNX export of them
    is enough (the torch-free build has exports, not weight files).
    """
    if head.base_untrained:
        return WeightsChoice(head.network, "untrained", None, None, untrained=True)
    for entry in list_entries():
        if entry.network == head.network and entry.status == "installed" and \
                entry.sha256 == head.base_sha256:
            return WeightsChoice(entry.network, entry.name, entry.path, entry.sha256)
    if allow_export_only:
        from inception_desktop.engine.export import find_export

        found = find_export(head.network, head.base_sha256)
        if found is not None:
            return found.weights_choice()
    raise WeightsError(
        f"{head.path.name} was fine-tuned on {get_spec(head.network).display_name} weights "
        f"{head.base_name!r} (sha256 {str(head.base_sha256)[:12]}...), which are not installed:"
        f" run `inception-desktop weights download {head.network}` or import that file")


def _bundled_export(network: str) -> WeightsChoice | None:
    """A desktop bundle without weight files (the torch-free build) ships ONNX exports of its
    weights: those are the network's weights there."""
    from inception_desktop.engine.export import list_exports

    bundled = [e for e in list_exports(bundled_only=True)
               if e.network == network and not e.untrained]
    return bundled[0].weights_choice() if bundled else None
