"""Write resources/receptive_fields.json: the receptive field of every viewable block of
every network, computed from their layers (models/receptive.py). Run after changing a
network; tests/models/test_receptive.py checks the file is up to date.

    python scripts/receptive_fields.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inception_desktop.models import create_model, get_spec, list_models  # noqa: E402
from inception_desktop.models.receptive import compute_fields  # noqa: E402


def fields_json() -> dict:
    out = {}
    for network in list_models():
        fields = compute_fields(create_model(network).eval())
        out[network] = {b.path: fields[b.path].to_json() for b in get_spec(network).blocks}
    return out


if __name__ == "__main__":
    path = ROOT / "resources" / "receptive_fields.json"
    path.write_text(json.dumps(fields_json(), indent=1) + "\n")
    print(f"wrote {path}")
