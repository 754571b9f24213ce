"""Reading every checkpoint format the app accepts, and writing the app's own.

Formats are detected from the content, never the file name:

- torchvision `.pth` files (zip or legacy torch pickle, tensors only);
- timm `model.safetensors` and `pytorch_model.bin`;
- Cadene `pretrainedmodels` files: one class more (row 0 is TF's unused background class, the
  spec's `label_offset`) and older classifier names (the spec's `legacy_classifier_paths`);
- files without a network's auxiliary heads (they are used only in training);
- the app's own format (`appformat`): a whole fine-tuned network, or only a head (read with
  numpy in `headfile`; it runs on its base network, which `engine` builds).

Files are never unpickled beyond plain tensors (`torch.load(weights_only=True)`). A weight file
is untrusted input: whatever goes wrong while reading one becomes that file's one-line
`WeightsError`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inception_desktop.errors import WeightsError, msg
from inception_desktop.fileio import atomic_path, check_regular_file, named
from inception_desktop.models import NetworkOptions, get_spec, list_models
from inception_desktop.weights.appformat import (
    build_metadata,
    read_app_metadata,
    read_safetensors_header,
)

if TYPE_CHECKING:
    import torch

    from inception_desktop.models.base import InceptionNet


@dataclass
class CheckpointInfo:
    """What a weight file holds, worked out from its content."""

    path: Path
    network: str
    # "torchvision", "timm-safetensors", "timm-bin", "cadene" (1001 classes), "app" (the app's
    # own full checkpoint) or "app-head" (head-mode fine-tuning: the classifier only)
    format: str
    num_classes: int
    class_names: list[str] | None = None  # None: the ImageNet labels
    metadata: dict[str, Any] = field(default_factory=dict)
    options: NetworkOptions | None = None  # recorded with the weights (app files)


def _display(name: str) -> str:
    return get_spec(name).display_name


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def check_readable(path: Path) -> None:
    """The cheap checks before reading: exists, a file, not empty, readable."""
    if not path.exists():
        raise WeightsError(msg("{file}: no such file", file=named(path)))
    if path.is_dir():
        raise WeightsError(msg("{file} is a folder, not a weight file", file=named(path)))
    check_regular_file(path, "", WeightsError)  # a pipe or a device: refused, never read
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WeightsError(msg("{file}: cannot be read ({reason})", file=named(path),
                               reason=exc.strerror or str(exc))) from None
    if size == 0:
        raise WeightsError(msg("{name} is empty (0 bytes): the download or copy did not "
                               "finish; get the file again", name=path.name))


def _read_raw(path: Path) -> tuple[dict[str, torch.Tensor], str]:
    """-> (tensors, container 'safetensors' | 'torch')."""
    import torch

    name = path.name
    check_readable(path)
    with open(path, "rb") as f:
        head = f.read(9)
    if len(head) == 9 and head[8:9] == b"{":
        from safetensors import safe_open

        try:
            tensors = {}
            with safe_open(str(path), framework="pt") as f:
                for key in f.keys():
                    tensors[key] = f.get_tensor(key)
            return tensors, "safetensors"
        except Exception:  # an untrusted file: any failure is this file's error
            # The library's words ("Error while deserializing header: ...") mean nothing to
            # the user: the file is what is wrong.
            raise WeightsError(msg("{name} is truncated or corrupt: it is not a complete "
                                   "safetensors file; get the file again", name=name)) from None
    if head[:2] == b"PK" or head[:1] == b"\x80":
        import pickle
        import warnings

        try:
            with warnings.catch_warnings():  # torch's notes on odd pickles: noise, not news
                warnings.simplefilter("ignore")
                obj = torch.load(path, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as exc:
            if "weights_only" in str(exc) or "Unsupported" in str(exc) or "global" in str(exc):
                raise WeightsError(msg(
                    "{name} holds Python objects or code besides tensors, which could run "
                    "code when loaded; refused. Re-save it as a plain state_dict "
                    "(torch.save(model.state_dict(), ...)) or as safetensors", name=name
                )) from None
            raise WeightsError(_not_complete_pytorch(name)) from None
        except MemoryError:
            raise WeightsError(msg("{name} declares more data than fits in memory; the file is "
                                   "corrupt", name=name)) from None
        except Exception:  # an untrusted file: any failure is this file's error
            raise WeightsError(_not_complete_pytorch(name)) from None
        return _unwrap(obj, name), "torch"
    raise WeightsError(msg("{name} is not a weight file (neither safetensors nor a PyTorch "
                           "checkpoint)", name=name))


def _not_complete_pytorch(name: str) -> str:
    return msg("{name} is truncated or corrupt: it is not a complete PyTorch checkpoint; get "
               "the file again", name=name)


def _unwrap(obj: Any, name: str) -> dict[str, torch.Tensor]:
    """Find the state dict in common wrappers ({'state_dict': ...}, DDP's 'module.')."""
    import torch

    for key in ("state_dict", "model", "model_state_dict", "state_dict_ema"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
            break
    if not isinstance(obj, dict) or not obj:
        raise WeightsError(msg("{name} holds no state dict of tensors", name=name))
    tensors = {k: v for k, v in obj.items() if isinstance(k, str) and isinstance(v, torch.Tensor)}
    if not tensors:
        raise WeightsError(msg("{name} holds no tensors", name=name))
    if all(k.startswith("module.") for k in tensors):
        tensors = {k[len("module."):]: v for k, v in tensors.items()}
    return tensors


def identify_keys(keys: Any, name: str) -> str:
    """Which network a state dict with these keys belongs to."""
    networks = list_models()
    found = [m for m in networks if get_spec(m).checkpoint.signature_key in keys]
    if len(found) != 1:
        sample = ", ".join(str(k)[:60] for k in list(keys)[:3])
        names = [_display(m) for m in networks]
        raise WeightsError(msg(
            "{name} does not hold weights of {networks} or {last} (its first keys are {keys})",
            name=name, networks=", ".join(names[:-1]), last=names[-1], keys=sample
        ))
    return found[0]


def _classifier_key(network: str) -> str:
    return get_spec(network).classifier_path


def network_of_file(path: str | os.PathLike[str]) -> str | None:
    """The network a weight file holds, worked out without torch where the file allows it:
    the app's metadata, or a safetensors header's keys. None when only torch can tell."""
    path = Path(path)
    meta = read_app_metadata(path)
    if meta is not None:
        return meta.network
    header = read_safetensors_header(path)
    if header is not None:
        return identify_keys({k for k in header if k != "__metadata__"}, path.name)
    return None


def _normalise(tensors: dict[str, torch.Tensor], network: str, container: str,
               app: bool) -> tuple[dict[str, torch.Tensor], str]:
    """Rename/trim a reference checkpoint to this app's key names -> (state dict, format)."""
    if app:
        return tensors, "app"
    spec = get_spec(network)
    layout = spec.checkpoint
    head = spec.classifier_path
    for legacy in layout.legacy_classifier_paths:
        if f"{legacy}.weight" in tensors and f"{head}.weight" not in tensors:
            tensors = {(head + k[len(legacy):] if k.startswith(legacy + ".") else k): v
                       for k, v in tensors.items()}
    weight = tensors.get(f"{head}.weight")
    bias = tensors.get(f"{head}.bias")
    offset = layout.label_offset
    if offset and weight is not None and weight.shape[0] == spec.num_classes + offset:
        # Cadene / TF-slim: the first row is the background class the ImageNet labels do not
        # have.
        tensors = dict(tensors)
        tensors[f"{head}.weight"] = weight[offset:]
        if bias is not None:
            tensors[f"{head}.bias"] = bias[offset:]
        return tensors, "cadene"
    if container == "safetensors":
        return tensors, "timm-safetensors"
    return tensors, "torchvision" if layout.origin == "torchvision" else "timm-bin"




def read_checkpoint(path: str | os.PathLike[str]
                    ) -> tuple[CheckpointInfo, dict[str, torch.Tensor]]:
    """Read and identify a weight file -> (info, state dict in this app's key names).

    Head-only checkpoints are refused here (they hold no network); `inspect_checkpoint` reads
    them without torch and `engine` builds them on their base network.
    """
    path = Path(path)
    check_readable(path)
    meta = read_app_metadata(path)
    if meta is not None and meta.contents == "head":
        raise WeightsError(msg("{name} holds only a fine-tuned classifier (head mode), which "
                               "runs on top of its base network: classify with it (--weights), "
                               "or import it", name=path.name))
    tensors, container = _read_raw(path)
    try:
        network = meta.network if meta is not None else identify_keys(tensors, path.name)
        tensors, fmt = _normalise(tensors, network, container, meta is not None)
        head_weight = tensors.get(f"{_classifier_key(network)}.weight")
        if head_weight is None or head_weight.dim() != 2:
            raise WeightsError(msg("{name} has no classifier ({key}.weight) for {network}; "
                                   "the file is incomplete", name=path.name,
                                   key=_classifier_key(network), network=_display(network)))
        if meta is not None and int(head_weight.shape[0]) != meta.num_classes:
            raise WeightsError(msg("{name}: its classifier has {outputs} outputs but its "
                                   "metadata names {classes} classes", name=path.name,
                                   outputs=head_weight.shape[0], classes=meta.num_classes))
    except WeightsError:
        raise
    except Exception as exc:  # an untrusted file: any failure is this file's error
        raise WeightsError(msg("{name} is not a valid weight file ({reason})", name=path.name,
                               reason=_first_line(exc))) from None
    info = CheckpointInfo(path, network, fmt, int(head_weight.shape[0]),
                          meta.class_names if meta is not None else None,
                          meta.values if meta is not None else {},
                          meta.options if meta is not None else None)
    return info, tensors


def inspect_checkpoint(path: str | os.PathLike[str]) -> CheckpointInfo:
    """What network, format and classes a file holds (reads the whole file to validate it).
    Head-only files are read with numpy (no torch)."""
    path = Path(path)
    check_readable(path)
    meta = read_app_metadata(path)
    if meta is not None and meta.contents == "head":
        from inception_desktop.weights.headfile import read_head_checkpoint

        head = read_head_checkpoint(path)
        return CheckpointInfo(path, head.network, "app-head", head.num_classes,
                              head.class_names, meta.values)
    return read_checkpoint(path)[0]


def _check_compatible(model: InceptionNet, tensors: dict[str, torch.Tensor],
                      info: CheckpointInfo) -> dict[str, torch.Tensor]:
    """Validate keys and shapes against `model` before touching it -> the dict to load."""
    name = info.path.name
    if info.network != model.spec.name:
        raise WeightsError(_other_network(name, info.network, model.spec.display_name))
    if info.num_classes != model.num_classes:
        if info.class_names:
            names = ", ".join(info.class_names[:5]) + (", ..." if len(info.class_names) > 5
                                                       else "")
            raise WeightsError(msg(
                "{name} has a classifier for {classes} classes ({names}) but the model has "
                "{model_classes}: build the model from the file with load_model()",
                name=name, classes=info.num_classes, names=names,
                model_classes=model.num_classes))
        raise WeightsError(msg(
            "{name} has a classifier for {classes} classes but the model has {model_classes}: "
            "build the model from the file with load_model()",
            name=name, classes=info.num_classes, model_classes=model.num_classes))
    expected = model.state_dict()
    tensors = dict(tensors)
    # Auxiliary heads are only used in training: a model built without them ignores the
    # file's (load_model builds them only when the file has them).
    for head in model.spec.aux_heads:
        if not any(k.startswith(head.path + ".") for k in expected):
            tensors = {k: v for k, v in tensors.items() if not k.startswith(head.path + ".")}
    for key, value in expected.items():
        # Old checkpoints predate BatchNorm's counter; it plays no part in inference.
        if key.endswith("num_batches_tracked") and key not in tensors:
            tensors[key] = value.clone()
    missing = [k for k in expected if k not in tensors]
    unexpected = [k for k in tensors if k not in expected]
    if missing or unexpected:
        if missing and unexpected:
            problem = msg("{missing} missing key(s) such as {missing_key} and {unexpected} "
                          "unexpected key(s) such as {unexpected_key}", missing=len(missing),
                          missing_key=missing[0], unexpected=len(unexpected),
                          unexpected_key=unexpected[0])
        elif missing:
            problem = msg("{missing} missing key(s) such as {missing_key}",
                          missing=len(missing), missing_key=missing[0])
        else:
            problem = msg("{unexpected} unexpected key(s) such as {unexpected_key}",
                          unexpected=len(unexpected), unexpected_key=unexpected[0])
        raise WeightsError(msg("{name} does not match {network}: {problem}; the file is "
                               "incomplete or from another version of the network", name=name,
                               network=model.spec.display_name, problem=problem))
    for key, value in expected.items():
        if tuple(tensors[key].shape) != tuple(value.shape):
            raise WeightsError(msg(
                "{name} does not match {network}: {key} has shape {shape}, expected {expected}",
                name=name, network=model.spec.display_name, key=key,
                shape=tuple(tensors[key].shape), expected=tuple(value.shape)
            ))
        if tensors[key].is_floating_point() != value.is_floating_point():
            raise WeightsError(msg("{name}: {key} has dtype {dtype}, expected {expected}",
                                   name=name, key=key, dtype=tensors[key].dtype,
                                   expected=value.dtype))
        if value.is_floating_point() and not bool(tensors[key].isfinite().all()):
            raise WeightsError(msg("{name}: {key} holds values that are not finite numbers; "
                                   "the file is corrupt, get it again", name=name, key=key))
    return tensors


def _other_network(name: str, network: str, expected: str) -> str:
    return msg("{name} holds {network} weights, not {expected}: choose {choice}", name=name,
               network=_display(network), expected=expected, choice=network)


def has_aux_heads(tensors: dict[str, Any], spec: Any) -> bool:
    """Whether a state dict holds every one of the network's aux heads."""
    return all(any(k.startswith(head.path + ".") for k in tensors) for head in spec.aux_heads)


def load_weights(model: InceptionNet, path: str | os.PathLike[str]) -> CheckpointInfo:
    """Load a weight file of any supported format into `model` (strictly).

    Raises WeightsError naming the file and the problem; on error the model is unchanged.
    """
    info, tensors = read_checkpoint(path)
    tensors = _check_compatible(model, tensors, info)
    model.load_state_dict(tensors, strict=True)
    return info


def load_model(path: str | os.PathLike[str], expected_network: str | None = None,
               **model_kwargs: Any) -> tuple[InceptionNet, CheckpointInfo]:
    """Build the network a file holds, with its number of classes, and load it."""
    from inception_desktop.models import create_model

    info, tensors = read_checkpoint(path)
    if expected_network is not None and info.network != expected_network:
        raise WeightsError(_other_network(info.path.name, info.network,
                                          _display(expected_network)))
    model = create_model(info.network, num_classes=info.num_classes, options=info.options,
                         **model_kwargs)
    if not has_aux_heads(tensors, model.spec):
        # A file saved without its aux heads (torchvision's aux_logits=False, or a fine-tuned
        # model whose heads were removed) is a complete network for inference.
        model.drop_aux_heads()
    tensors = _check_compatible(model, tensors, info)
    model.load_state_dict(tensors, strict=True)
    return model, info


def save_app_checkpoint(model: InceptionNet, path: str | os.PathLike[str],
                        class_names: list[str] | None = None,
                        extra: dict[str, Any] | None = None) -> Path:
    """Write `model` in the app's own format (safetensors + JSON metadata), atomically."""
    from safetensors.torch import save_file

    metadata = build_metadata(model.spec.name, "full", model.num_classes, class_names, extra,
                              getattr(model, "network_options", None))
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    path = Path(path)
    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=metadata)
    return path
