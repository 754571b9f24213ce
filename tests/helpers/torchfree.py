"""Running the app in a subprocess where torch cannot be imported (the lite build's world)."""

from __future__ import annotations

import os
import subprocess
import sys

BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "torchvision", "timm"):
            raise ImportError("torch is not installed (blocked by the test)")
sys.meta_path.insert(0, Block())
"""

RUN_CLI = BLOCKER + """
from inception_desktop.cli import main
code = 0
for args in ARGS:
    code = main(args)
    if code:
        break
assert not any(m.split(".")[0] == "torch" for m in sys.modules), "torch was imported"
sys.exit(code)
"""


def run_cli_without_torch(commands: list[list[str]], data_dir: os.PathLike[str] | str,
                          timeout: float = 300) -> subprocess.CompletedProcess:
    """Run CLI commands one after another in a torch-free Python -> the finished process."""
    code = RUN_CLI.replace("ARGS", repr(commands))
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=timeout)
