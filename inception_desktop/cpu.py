"""Facts about this machine's CPU that decide numeric choices: its instruction-set flags,
whether it has native bf16 (AVX512-BF16, AMX-BF16, Arm BF16) and fast int8 dot products
(VNNI, AMX-INT8, Arm dot-product), a short identity for caches of measurements, and the
physical memory (which bounds the default training batch)."""

from __future__ import annotations

import hashlib
import platform
from functools import lru_cache

BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16", "feat_bf16"})
INT8_DOT_FLAGS = frozenset({"avx512_vnni", "avx512vnni", "avx_vnni", "amx_int8",
                            "avx_vnni_int8", "asimddp", "feat_dotprod"})


@lru_cache(maxsize=1)
def cpu_flags() -> frozenset[str]:
    """The CPU's instruction-set flags (Linux: /proc/cpuinfo; macOS: sysctl), lower case."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("flags", "features")):
                    return frozenset(line.split(":", 1)[1].lower().split())
    except OSError:
        pass
    if platform.system() == "Darwin":
        import subprocess

        try:
            out = subprocess.run(["sysctl", "-a"], capture_output=True, text=True,
                                 timeout=5).stdout.lower()
        except (OSError, subprocess.SubprocessError):
            return frozenset()
        words: set[str] = set()
        for line in out.splitlines():
            if line.startswith(("machdep.cpu.features", "machdep.cpu.leaf7_features")):
                words.update(line.split(":", 1)[-1].split())
            elif line.startswith("hw.optional.arm.feat_") and line.rstrip().endswith(": 1"):
                words.add(line.split(":", 1)[0].rsplit(".", 1)[-1])
        return frozenset(words)
    return frozenset()


def cpu_has_native_bf16(flags: frozenset[str] | None = None) -> bool:
    return bool(BF16_FLAGS & (cpu_flags() if flags is None else flags))


def cpu_has_int8_dot(flags: frozenset[str] | None = None) -> bool:
    """VNNI and the like: int8 products without the saturation of older AVX2 kernels."""
    return bool(INT8_DOT_FLAGS & (cpu_flags() if flags is None else flags))


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_identity() -> str:
    """A short name of this CPU for caches of measurements."""
    text = f"{cpu_name()}|{platform.machine()}|{sorted(cpu_flags())}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def describe_cpu() -> str:
    """One line for reports: the CPU and the flags that matter here."""
    flags = cpu_flags()
    notable = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16",
                           "amx_bf16", "amx_int8") if f in flags]
    return f"{cpu_name()} ({', '.join(notable) or 'no AVX2/AVX-512'})"


@lru_cache(maxsize=1)
def total_memory_bytes() -> int | None:
    """The machine's physical memory (None where it cannot be read)."""
    try:
        import os

        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        pass
    try:  # Windows
        import ctypes

        class MemoryStatus(ctypes.Structure):
            _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                        ("ullTotalPhys", ctypes.c_ulonglong),
                        ("ullAvailPhys", ctypes.c_ulonglong),
                        ("ullTotalPageFile", ctypes.c_ulonglong),
                        ("ullAvailPageFile", ctypes.c_ulonglong),
                        ("ullTotalVirtual", ctypes.c_ulonglong),
                        ("ullAvailVirtual", ctypes.c_ulonglong),
                        ("sullAvailExtendedVirtual", ctypes.c_ulonglong)]

        status = MemoryStatus()
        status.dwLength = ctypes.sizeof(MemoryStatus)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(  # type: ignore[attr-defined]
                ctypes.byref(status)):
            return int(status.ullTotalPhys)
    except Exception:
        pass
    return None


def usable_cores() -> int:
    """The cores this process may run on (its affinity, as a container or `taskset` limits
    it), else all of them."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)
