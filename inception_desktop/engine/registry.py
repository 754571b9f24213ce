"""The registry of inference backends, and how one is chosen.

Backends: `torch` (eager, CPU/CUDA/MPS), `onnxruntime` and `openvino` (both run the same ONNX
exports, fp32 or a quantized int8 export; OpenVINO also runs fp32 exports in bf16 on CPUs with
native bf16). `auto` takes torch on a GPU; on a CPU the runtime that measures fastest on this
machine for the network and precision asked (`engine.autotune`, measured once and cached).
Precision `auto` likewise: of fp32, bf16 (CPUs with native bf16) and int8 (where a quantized
export exists), the one that measures fastest here.

`REGISTRY` is the one table of what each backend runs (devices, precisions), how it is named
to people and to the Open Inference Protocol, how to tell whether it is installed, and how it
is opened: choosing, the command line's choices, the window's labels, the server's metadata
and the self-test all derive from it. Adding a runtime = one row here and its module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inception_desktop.engine.backend import (
    DEVICES,
    Backend,
    available_devices,
    cuda_available,
    mps_available,
    onnxruntime_available,
    onnxruntime_cuda_available,
    openvino_available,
    torch_available,
)
from inception_desktop.errors import BackendError, NoNativeBf16, msg

if TYPE_CHECKING:
    from inception_desktop.weights.exports import ExportInfo

AUTO = "auto"
PRECISIONS = ("fp32", "bf16", "int8")
PRECISION_CHOICES = (AUTO, *PRECISIONS)  # what --precision offers
AUTO_CPU = "auto-cpu"  # choose_backend's answer when a measurement must decide

__all__ = ["AUTO_CPU", "BACKENDS", "CPU_RUNTIMES", "DEVICES", "PRECISIONS",
           "PRECISION_CHOICES", "REGISTRY", "BackendInfo", "auto_candidates", "backend_info",
           "backend_label", "choose_backend", "cpu_runtimes", "open_export_backend"]


# ---------------------------------------------------------------------- the registry

ExportOpener = Callable[["ExportInfo", str, str, "int | None"], Backend]


def _open_onnxruntime(export: ExportInfo, precision: str, device: str,
                      threads: int | None) -> Backend:
    from inception_desktop.engine.onnx_backend import OnnxBackend

    return OnnxBackend(export, device, threads)


def _open_openvino(export: ExportInfo, precision: str, device: str,
                   threads: int | None) -> Backend:
    from inception_desktop.engine.openvino_backend import OpenVinoBackend

    return OpenVinoBackend(export, precision, threads)


@dataclass(frozen=True)
class BackendInfo:
    """One backend: what it runs and how it is named, probed and opened."""

    name: str  # on the command line and in reports
    label: str  # in the window
    devices: tuple[str, ...]  # the devices it can run on (when they are present)
    precisions: tuple[str, ...]
    platform: str  # the Open Inference Protocol's / Triton's platform name
    available: Callable[[], bool]  # installed (and importable) here
    install_hint: str  # what to do when it is not
    # ONNX runtimes open an export (the CPU runtimes `auto` measures against each other);
    # None: the backend runs the torch network itself.
    open_export: ExportOpener | None = None
    device_probes: tuple[tuple[str, Callable[[], bool]], ...] = ()  # beyond the CPU

    def device_available(self, device: str) -> bool:
        if device == "cpu":
            return "cpu" in self.devices
        probe = dict(self.device_probes).get(device)
        return device in self.devices and probe is not None and probe()

    @property
    def runs_exports(self) -> bool:
        return self.open_export is not None


REGISTRY: dict[str, BackendInfo] = {info.name: info for info in (
    BackendInfo("torch", "torch", ("cpu", "cuda", "mps"), ("fp32",), "pytorch",
                torch_available, msg("torch is not installed in this build"),
                device_probes=(("cuda", cuda_available), ("mps", mps_available))),
    BackendInfo("onnxruntime", "onnxruntime", ("cpu", "cuda"), ("fp32", "int8"),
                "onnxruntime_onnx", onnxruntime_available, "pip install onnxruntime",
                _open_onnxruntime, device_probes=(("cuda", onnxruntime_cuda_available),)),
    BackendInfo("openvino", "OpenVINO", ("cpu",), ("fp32", "bf16", "int8"), "openvino",
                openvino_available, "pip install openvino", _open_openvino),
)}

BACKENDS = (AUTO, *REGISTRY)  # the choices offered: auto, then each backend
CPU_RUNTIMES = tuple(name for name, info in REGISTRY.items() if info.runs_exports)


def backend_info(name: str) -> BackendInfo:
    if name not in REGISTRY:
        raise BackendError(msg("unknown backend {name!r}; choose one of: {backends}",
                               name=name, backends=', '.join(BACKENDS)))
    return REGISTRY[name]


def backend_label(name: str) -> str:
    """How the window names a backend ("OpenVINO"); `auto` is "Auto"."""
    if name == AUTO:
        return "Auto"
    return REGISTRY[name].label if name in REGISTRY else name


def cpu_runtimes(precision: str | None = None) -> list[str]:
    """The ONNX runtimes installed here (that run `precision`, when given)."""
    return [name for name, info in REGISTRY.items()
            if info.runs_exports and info.available()
            and (precision is None or precision in info.precisions)]


def auto_candidates(backend: str, precision: str) -> list[tuple[str, str]]:
    """(runtime, precision) pairs that `auto` measures on a CPU for a backend (AUTO_CPU: any
    runtime) and a precision (`auto`: fp32, bf16 where the CPU has it natively, int8; an int8
    pair needs a quantized export, which the caller checks)."""
    from inception_desktop.cpu import cpu_has_native_bf16

    runtimes = cpu_runtimes() if backend in (AUTO, AUTO_CPU) else [backend]
    wanted = [p for p in PRECISIONS if p != "bf16" or cpu_has_native_bf16()] \
        if precision == AUTO else [precision]
    return [(r, p) for p in wanted for r in runtimes if p in REGISTRY[r].precisions]


def open_export_backend(name: str, export: ExportInfo, precision: str = "fp32",
                        device: str = "cpu", threads: int | None = None) -> Backend:
    """Open an ONNX export with the runtime `name`."""
    opener = backend_info(name).open_export
    if opener is None:
        raise BackendError(msg("the {name} backend does not run ONNX exports", name=name))
    return opener(export, precision, device, threads)


# ---------------------------------------------------------------------- choosing

def choose_backend(backend: str = "auto", device: str = "auto",
                   precision: str = "fp32") -> tuple[str, str]:
    """-> (backend, device); the backend is AUTO_CPU when several CPU runtimes can run the
    precision and a measurement should pick (see engine.autotune)."""
    if backend != AUTO:
        backend_info(backend)
    if device not in DEVICES:
        raise BackendError(msg("unknown device {device!r}; choose one of: {devices}",
                               device=device, devices=', '.join(DEVICES)))
    if precision not in PRECISION_CHOICES:
        raise BackendError(msg("unknown precision {precision!r}; choose one of: {choices}",
                               precision=precision, choices=", ".join(PRECISION_CHOICES)))
    if device not in ("auto", "cpu") and device not in available_devices():
        raise BackendError(msg("device {device!r} is not available here; available: {available}",
                               device=device, available=', '.join(available_devices())))
    if precision == "bf16":
        _check_native_bf16()
    if precision == AUTO:
        return _choose_auto_precision(backend, device)
    if backend == AUTO:
        return _choose_auto(device, precision)
    return _check_explicit(REGISTRY[backend], device, precision)


def _choose_auto_precision(backend: str, device: str) -> tuple[str, str]:
    """Precision `auto`: the backend fp32 would get (torch on a GPU); on a CPU the precision
    is then measured among what that runtime (or AUTO_CPU: every runtime) runs."""
    if backend == AUTO:
        return _choose_auto(device, "fp32")
    return _check_explicit(REGISTRY[backend], device, "fp32")


def _check_native_bf16() -> None:
    from inception_desktop.cpu import cpu_has_native_bf16

    if not cpu_has_native_bf16():
        raise NoNativeBf16(msg("--precision bf16: this CPU has no native bf16 (AVX512-BF16 or "
                               "AMX); emulated bf16 is slower than fp32: use fp32, or int8 after "
                               "`inception-desktop quantize`"))


def _gpu_present() -> list[str]:
    return [d for d in available_devices() if d != "cpu"]


def _choose_auto(device: str, precision: str) -> tuple[str, str]:
    if precision == "fp32" and device in ("auto", "cuda", "mps"):
        gpus = _gpu_present() if device == "auto" else [device]
        # On a GPU, torch (eager, the reference numbers) is the runtime.
        if gpus and REGISTRY["torch"].available():
            return "torch", gpus[0]
    if device in ("cuda", "mps"):
        raise BackendError(msg("--precision {precision} runs on the CPU here; on a GPU use fp32 "
                               "(torch) or its own mixed precision", precision=precision))
    runtimes = cpu_runtimes(precision)
    if len(runtimes) > 1:
        return AUTO_CPU, "cpu"
    if runtimes:
        return runtimes[0], "cpu"
    if precision == "fp32" and REGISTRY["torch"].available():
        return "torch", "cpu"
    who = " or ".join(n for n, i in REGISTRY.items() if precision in i.precisions)
    raise BackendError(msg("--precision {precision} needs {who}, and none is installed here",
                           precision=precision, who=who))


def _check_explicit(info: BackendInfo, device: str, precision: str) -> tuple[str, str]:
    if not info.available():
        others = [n for n in cpu_runtimes(precision) if n != info.name]
        if others:
            raise BackendError(msg("the {backend} backend is not installed here ({install_hint}), "
                                   "or use --backend {other}", backend=info.name,
                                   install_hint=info.install_hint, other=others[0]))
        raise BackendError(msg("the {backend} backend is not installed here ({install_hint})",
                               backend=info.name, install_hint=info.install_hint))
    if precision not in info.precisions:
        runners = [n for n, i in REGISTRY.items() if precision in i.precisions]
        if len(runners) > 1:
            raise BackendError(msg("--precision {precision} runs on the {runners} backends, not "
                                   "{backend}", precision=precision,
                                   runners=" or ".join(runners), backend=info.name))
        raise BackendError(msg("--precision {precision} runs on the {runners} backend, not "
                               "{backend}", precision=precision, runners=" or ".join(runners),
                               backend=info.name))
    if device == "auto":
        gpus = [d for d in _gpu_present() if info.device_available(d)]
        # A GPU only for fp32 (reduced precisions here are CPU kernels).
        return info.name, gpus[0] if gpus and precision == "fp32" else "cpu"
    if device != "cpu" and precision != "fp32":
        raise BackendError(msg("--precision {precision} runs on the CPU here; on a GPU use fp32 "
                               "(torch) or its own mixed precision", precision=precision))
    if not info.device_available(device):
        where = ", ".join(d for d in info.devices)
        if info.name == "onnxruntime" and device == "cuda":
            raise BackendError(msg("the {backend} backend runs on {where}, and not on {device} "
                                   "here (install onnxruntime-gpu); use --backend torch for "
                                   "{device}", backend=info.name, where=where, device=device))
        raise BackendError(msg("the {backend} backend runs on {where}, and not on {device} "
                               "here; use --backend torch for {device}",
                               backend=info.name, where=where, device=device))
    return info.name, device
