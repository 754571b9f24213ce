"""Reading every checkpoint format the app accepts, and writing the app's own.

Formats are detected from the content, never the file name:

- torchvision `inception_v3_google-*.pth` (zip or legacy torch pickle, tensors only);
- timm `model.safetensors` and `pytorch_model.bin` for Inception-v4 / Inception-ResNet-v2;
- Cadene `pretrainedmodels` files: 1001 classes (row 0 is TF's unused background class) and,
  for Inception-ResNet-v2, the head named `last_linear` instead of `classif`;
- the app's own format: safetensors whose metadata has `"format": "inception-desktop"`, the
  network, the class names, the preprocessing and the provenance.

Files are never unpickled beyond plain tensors (`torch.load(weights_only=True)`).
"""

from __future__ import annotations

import json
import os
import pickle
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inception_desktop.models import get_spec, list_models
from inception_desktop.weights.errors import WeightsError
from inception_desktop.weights.fileio import atomic_path

if TYPE_CHECKING:
    import torch

    from inception_desktop.models.blocks import InceptionNet

APP_FORMAT = "inception-desktop"
APP_FORMAT_VERSION = "1"

# A key that only one network's state dict has, to tell them apart.
_SIGNATURE_KEYS = {
    "inception_v3": "Conv2d_1a_3x3.conv.weight",
    "inception_v4": "features.0.conv.weight",
    "inception_resnet_v2": "conv2d_1a.conv.weight",
}


@dataclass
class CheckpointInfo:
    """What a weight file holds, worked out from its content."""

    path: Path
    model_name: str
    # "torchvision", "timm-safetensors", "timm-bin", "cadene" (1001 classes), "app" (the app's
    # own full checkpoint) or "app-head" (head-mode fine-tuning: the classifier only)
    format: str
    num_classes: int
    class_names: list[str] | None = None  # None: the ImageNet labels
    metadata: dict[str, Any] = field(default_factory=dict)


def _display(name: str) -> str:
    return get_spec(name).display_name


def _read_raw(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str] | None, str]:
    """-> (tensors, safetensors metadata or None, container 'safetensors' | 'torch')."""
    import torch

    name = path.name
    if not path.exists():
        raise WeightsError(f"{path}: no such file")
    if path.is_dir():
        raise WeightsError(f"{path} is a folder, not a weight file")
    size = path.stat().st_size
    if size == 0:
        raise WeightsError(f"{name} is empty (0 bytes): the download or copy did not finish; "
                           "get the file again")
    with open(path, "rb") as f:
        head = f.read(9)
    if len(head) == 9 and head[8:9] == b"{" and int.from_bytes(head[:8], "little") < size:
        from safetensors import SafetensorError, safe_open

        try:
            tensors = {}
            with safe_open(str(path), framework="pt") as f:
                metadata = f.metadata()
                for key in f.keys():
                    tensors[key] = f.get_tensor(key)
            return tensors, metadata, "safetensors"
        except (SafetensorError, OSError, ValueError) as exc:
            raise WeightsError(f"{name} is a truncated or corrupt safetensors file ({exc}); "
                               "get the file again") from None
    if head[:2] == b"PK" or head[:1] == b"\x80":
        try:
            obj = torch.load(path, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as exc:
            if "weights_only" in str(exc) or "Unsupported" in str(exc) or "global" in str(exc):
                raise WeightsError(
                    f"{name} holds Python objects or code besides tensors, which could run "
                    "code when loaded; refused. Re-save it as a plain state_dict "
                    "(torch.save(model.state_dict(), ...)) or as safetensors"
                ) from None
            raise WeightsError(f"{name} is truncated or corrupt ({exc}); get the file again") \
                from None
        except (RuntimeError, EOFError, zipfile.BadZipFile, OSError, ValueError) as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
            raise WeightsError(f"{name} is truncated or corrupt ({first_line}); "
                               "get the file again") from None
        return _unwrap(obj, name), None, "torch"
    raise WeightsError(f"{name} is not a weight file (neither safetensors nor a PyTorch "
                       "checkpoint)")


def _unwrap(obj: Any, name: str) -> dict[str, torch.Tensor]:
    """Find the state dict in common wrappers ({'state_dict': ...}, DDP's 'module.')."""
    import torch

    for key in ("state_dict", "model", "model_state_dict", "state_dict_ema"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
            break
    if not isinstance(obj, dict) or not obj:
        raise WeightsError(f"{name} holds no state dict of tensors")
    tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        raise WeightsError(f"{name} holds no tensors")
    if all(k.startswith("module.") for k in tensors):
        tensors = {k[len("module."):]: v for k, v in tensors.items()}
    return tensors


def _identify(tensors: dict[str, torch.Tensor], name: str) -> str:
    found = [m for m, key in _SIGNATURE_KEYS.items() if key in tensors]
    if len(found) != 1:
        sample = ", ".join(list(tensors)[:3])
        raise WeightsError(
            f"{name} does not hold weights of Inception-v3, Inception-v4 or Inception-ResNet-v2 "
            f"(its first keys are {sample})"
        )
    return found[0]


def _classifier_key(model_name: str) -> str:
    return get_spec(model_name).classifier_path


def _normalise(tensors: dict[str, torch.Tensor], model_name: str, container: str,
               metadata: dict[str, str] | None) -> tuple[dict[str, torch.Tensor], str]:
    """Rename/trim a reference checkpoint to this app's key names -> (state dict, format)."""
    if metadata and metadata.get("format") == APP_FORMAT:
        return tensors, "app"
    head = _classifier_key(model_name)
    if model_name == "inception_resnet_v2" and "last_linear.weight" in tensors:
        tensors = {(head + k[len("last_linear"):] if k.startswith("last_linear.") else k): v
                   for k, v in tensors.items()}
    weight = tensors.get(f"{head}.weight")
    bias = tensors.get(f"{head}.bias")
    if model_name != "inception_v3" and weight is not None and weight.shape[0] == 1001:
        # Cadene / TF-slim: row 0 is the background class the ImageNet labels do not have.
        tensors = dict(tensors)
        tensors[f"{head}.weight"] = weight[1:]
        if bias is not None:
            tensors[f"{head}.bias"] = bias[1:]
        return tensors, "cadene"
    if model_name == "inception_v3":
        return tensors, "torchvision" if container == "torch" else "timm-safetensors"
    return tensors, "timm-safetensors" if container == "safetensors" else "timm-bin"


def _parse_metadata(metadata: dict[str, str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (metadata or {}).items():
        try:
            out[key] = json.loads(value)
        except (json.JSONDecodeError, TypeError):
            out[key] = value
    return out


def read_checkpoint(path: str | os.PathLike) -> tuple[CheckpointInfo, dict[str, torch.Tensor]]:
    """Read and identify a weight file -> (info, state dict in this app's key names).

    For a head-only checkpoint (head-mode fine-tuning) the state dict holds just the
    classifier; `load_model` puts it on its base network.
    """
    from inception_desktop.weights.headfile import is_head_checkpoint, read_head_checkpoint

    path = Path(path)
    if path.is_file() and is_head_checkpoint(path):
        import torch

        head = read_head_checkpoint(path)
        if head.network not in list_models():
            raise WeightsError(f"{path.name} is an inception-desktop checkpoint for an unknown "
                               f"network {head.network!r}")
        key = _classifier_key(head.network)
        info = CheckpointInfo(path, head.network, "app-head", head.num_classes,
                              head.class_names, head.metadata)
        return info, {f"{key}.weight": torch.from_numpy(head.weight),
                      f"{key}.bias": torch.from_numpy(head.bias)}
    tensors, metadata, container = _read_raw(path)
    meta = _parse_metadata(metadata)
    if meta.get("format") == APP_FORMAT:
        model_name = meta.get("model")
        if model_name not in list_models():
            raise WeightsError(f"{path.name} is an inception-desktop checkpoint for an unknown "
                               f"network {model_name!r}")
    else:
        model_name = _identify(tensors, path.name)
    tensors, fmt = _normalise(tensors, model_name, container, metadata)
    head_weight = tensors.get(f"{_classifier_key(model_name)}.weight")
    if head_weight is None or head_weight.dim() != 2:
        raise WeightsError(f"{path.name} has no classifier ({_classifier_key(model_name)}.weight)"
                           f" for {_display(model_name)}; the file is incomplete")
    class_names = meta.get("class_names") if fmt == "app" else None
    info = CheckpointInfo(path, model_name, fmt, int(head_weight.shape[0]), class_names, meta)
    return info, tensors


def inspect_checkpoint(path: str | os.PathLike) -> CheckpointInfo:
    """What network, format and classes a file holds (reads the whole file to validate it)."""
    return read_checkpoint(path)[0]


def _check_compatible(model: InceptionNet, tensors: dict[str, torch.Tensor],
                      info: CheckpointInfo) -> dict[str, torch.Tensor]:
    """Validate keys and shapes against `model` before touching it -> the dict to load."""
    name = info.path.name
    if info.model_name != model.spec.name:
        raise WeightsError(
            f"{name} holds {_display(info.model_name)} weights, not {model.spec.display_name}: "
            f"choose {info.model_name}"
        )
    if info.num_classes != model.num_classes:
        what = (f"{info.num_classes} classes ({', '.join(info.class_names[:5])}"
                f"{', ...' if len(info.class_names) > 5 else ''})"
                if info.class_names else f"{info.num_classes} classes")
        raise WeightsError(
            f"{name} has a classifier for {what} but the model has {model.num_classes}: build "
            "the model from the file with load_model()"
        )
    expected = model.state_dict()
    tensors = dict(tensors)
    # The auxiliary head of Inception-v3 is only used in training; files without it still load.
    if not any(k.startswith("AuxLogits.") for k in expected):
        tensors = {k: v for k, v in tensors.items() if not k.startswith("AuxLogits.")}
    for key, value in expected.items():
        # Old checkpoints predate BatchNorm's counter; it plays no part in inference.
        if key.endswith("num_batches_tracked") and key not in tensors:
            tensors[key] = value.clone()
    missing = [k for k in expected if k not in tensors]
    unexpected = [k for k in tensors if k not in expected]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing key(s) such as {missing[0]}")
        if unexpected:
            parts.append(f"{len(unexpected)} unexpected key(s) such as {unexpected[0]}")
        raise WeightsError(f"{name} does not match {model.spec.display_name}: "
                           f"{' and '.join(parts)}; the file is incomplete or from another "
                           "version of the network")
    for key, value in expected.items():
        if tuple(tensors[key].shape) != tuple(value.shape):
            raise WeightsError(
                f"{name} does not match {model.spec.display_name}: {key} has shape "
                f"{tuple(tensors[key].shape)}, expected {tuple(value.shape)}"
            )
        if tensors[key].is_floating_point() != value.is_floating_point():
            raise WeightsError(f"{name}: {key} has dtype {tensors[key].dtype}, "
                               f"expected {value.dtype}")
    return tensors


def load_weights(model: InceptionNet, path: str | os.PathLike) -> CheckpointInfo:
    """Load a weight file of any supported format into `model` (strictly).

    Raises WeightsError naming the file and the problem; on error the model is unchanged.
    """
    info, tensors = read_checkpoint(path)
    if info.format == "app-head":
        raise WeightsError(f"{info.path.name} holds only a fine-tuned classifier; build the "
                           "model from it with load_model()")
    tensors = _check_compatible(model, tensors, info)
    model.load_state_dict(tensors, strict=True)
    return info


def load_model(path: str | os.PathLike, expected_model: str | None = None,
               **model_kwargs) -> tuple[InceptionNet, CheckpointInfo]:
    """Build the network a file holds, with its number of classes, and load it."""
    from inception_desktop.models import create_model

    info, tensors = read_checkpoint(path)
    if expected_model is not None and info.model_name != expected_model:
        raise WeightsError(
            f"{info.path.name} holds {_display(info.model_name)} weights, not "
            f"{_display(expected_model)}: choose {info.model_name}"
        )
    if info.format == "app-head":
        return _load_head_model(info, tensors, **model_kwargs), info
    model = create_model(info.model_name, num_classes=info.num_classes, **model_kwargs)
    tensors = _check_compatible(model, tensors, info)
    model.load_state_dict(tensors, strict=True)
    return model, info


def _load_head_model(info: CheckpointInfo, tensors: dict[str, torch.Tensor], **model_kwargs):
    """The base network with its weights, then the fine-tuned classifier in place of its own."""
    import torch

    from inception_desktop.weights.headfile import read_head_checkpoint
    from inception_desktop.weights.resolve import resolve_base

    base = resolve_base(read_head_checkpoint(info.path), allow_export_only=False)
    if base.untrained:
        from inception_desktop.engine.torch_backend import build_torch_model

        model, _ = build_torch_model(base)
    else:
        model, _ = load_model(base.path, expected_model=info.model_name, **model_kwargs)
    model.reset_classifier(info.num_classes)
    key = _classifier_key(info.model_name)
    with torch.no_grad():
        model.classifier.weight.copy_(tensors[f"{key}.weight"])
        model.classifier.bias.copy_(tensors[f"{key}.bias"])
    return model


def save_app_checkpoint(model: InceptionNet, path: str | os.PathLike,
                        class_names: list[str] | None = None,
                        extra: dict[str, Any] | None = None) -> Path:
    """Write `model` in the app's own format (safetensors + JSON metadata), atomically."""
    from safetensors.torch import save_file

    spec = model.spec
    if class_names is not None and len(class_names) != model.num_classes:
        raise ValueError(f"{len(class_names)} class names for {model.num_classes} classes")
    from inception_desktop import __version__

    metadata: dict[str, Any] = {
        "format": APP_FORMAT,
        "format_version": APP_FORMAT_VERSION,
        "model": spec.name,
        "num_classes": model.num_classes,
        "class_names": class_names,
        "preprocessing": {
            "input_size": spec.input_size, "resize_size": spec.resize_size,
            "crop_pct": spec.crop_pct, "interpolation": spec.interpolation,
            "mean": list(spec.mean), "std": list(spec.std),
        },
        "app_version": __version__,
    }
    metadata.update(extra or {})
    encoded = {k: json.dumps(v) for k, v in metadata.items()}
    encoded["format"] = APP_FORMAT  # plain string, readable by any safetensors tool
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    path = Path(path)
    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=encoded)
    return path
