"""`inception-desktop cache`: sizes per kind and network; prune by age and by size, least
recently used first; clear; weights are never removed there."""

from __future__ import annotations

import json

from inception_desktop.cli import main
from tests.helpers.datafolder import fill, put


def listing(capsys):
    assert main(["cache", "list", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_list_sizes_per_kind_and_network(capsys):
    fill()
    summary = listing(capsys)
    kinds = summary["kinds"]
    assert kinds["exports"] == {"items": 2, "bytes": 9000,
                                "by_network": {"inception_v4": 3000, "inception_v3": 6000}}
    assert kinds["weights"]["bytes"] == 5000 and kinds["runs"]["items"] == 1
    assert kinds["weights"]["by_network"] == {"inception_v3": 5000}
    assert summary["total_bytes"] == 9000 + 500 + 700 + 5000 + 100
    assert main(["cache", "list"]) == 0
    assert "exports" in capsys.readouterr().out


def test_imported_weights_count_under_their_recorded_network(capsys):
    from inception_desktop.weights.store import write_provenance

    path = put("weights", "custom/flowers.safetensors", 300, 1)
    write_provenance(path, "0" * 64, "import", network="inception_v4", name="flowers")
    assert listing(capsys)["kinds"]["weights"]["by_network"] == {"inception_v4": 300}


def test_prune_by_age_keeps_recent_items_weights_and_runs(capsys):
    made = fill()
    assert main(["cache", "prune", "--older-than", "30"]) == 0
    assert not any(p.exists() for p in made["old_export"]) and not made["log"].exists()
    assert all(p.exists() for p in made["new_export"]) and made["features"].exists()
    assert made["weights"].exists() and made["run"].exists()
    assert "removed 2 items" in capsys.readouterr().out


def test_prune_to_a_size_removes_least_recently_used_first(capsys):
    made = fill()
    assert main(["cache", "prune", "--max-size", "6.6KB"]) == 0
    # caches: old export 3000 (40 d), log 100 (60 d), features 500 (10 d), new export 6000
    assert not made["log"].exists() and not any(p.exists() for p in made["old_export"])
    assert made["features"].exists() and all(p.exists() for p in made["new_export"])


def test_dry_run_and_clear(capsys):
    made = fill()
    assert main(["cache", "clear", "--dry-run"]) == 0
    assert "would remove 4 items" in capsys.readouterr().out
    assert all(p.exists() for p in made["new_export"])
    assert main(["cache", "clear", "--kinds", "runs"]) == 0
    assert not made["run"].exists() and made["features"].exists()
    assert main(["cache", "clear"]) == 0
    assert not made["features"].exists() and made["weights"].exists()


def test_mistakes(capsys):
    for args, words in ((["prune"], "--older-than"), (["prune", "--max-size", "lots"],
                                                      "not a size"),
                        (["clear", "--kinds", "weights"], "weights remove")):
        assert main(["cache", *args]) == 2
        assert words in capsys.readouterr().err
