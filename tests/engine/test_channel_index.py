"""The channel index: top images equal a forward hook on the reference network, a bright spot
is found where it is, incremental updates equal fresh builds, broken files are skipped, and
the index does not grow with the number of images."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from inception_desktop.cli import main
from inception_desktop.engine.channel_index import build_index, index_path, plan_update
from inception_desktop.engine.predictor import Predictor
from tests.helpers.images import photo
from tests.helpers.reference import random_reference


def folder_of(root, n, seed=0, size=(300, 240)):
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        photo(size[0] + 13 * i, size[1] + 7 * (i % 3), seed=seed + i).save(
            root / f"img{i:02d}.jpg", quality=93)
    return root


def index_of(predictor, folder, k=5):
    return build_index(predictor, folder, plan_update(predictor.network,
                                                      predictor.choice.sha256, folder, k), k)


def test_top_images_equal_a_forward_hook_on_the_reference(checkpoints, tmp_path):
    from PIL import Image
    from torchvision.models import Inception_V3_Weights

    folder = folder_of(tmp_path / "photos", 10)
    predictor = Predictor("inception_v3", weights=checkpoints("inception_v3"))
    index = index_of(predictor, folder, k=5)
    reference = random_reference("inception_v3")
    transform = Inception_V3_Weights.IMAGENET1K_V1.transforms()
    maps = {}
    handle = reference.Mixed_5d.register_forward_hook(lambda m, i, o: maps.update(out=o))
    per_image = []
    files = sorted(folder.glob("*.jpg"))
    with torch.no_grad():
        for f in files:
            reference(transform(Image.open(f).convert("RGB"))[None])
            per_image.append(maps["out"][0].numpy())
    handle.remove()
    per_image = np.stack(per_image)  # N x C x H x W
    maxima = per_image.reshape(*per_image.shape[:2], -1).max(2)  # N x C
    checked = 0
    for channel in range(0, 288, 7):
        entry = index.channel("Mixed_5d", channel, 5)
        want = np.sort(maxima[:, channel])[::-1][:5]
        got = np.array([h["activation"] for h in entry["top"]])
        assert np.allclose(got, want, rtol=1e-4, atol=1e-5)
        order = np.argsort(-maxima[:, channel], kind="stable")[:5]
        gaps = np.diff(want)
        # Where the five are apart by far more than the backends differ, the order is known.
        if len(got) == 5 and np.all(np.abs(gaps) > 2e-5):
            assert [h["file"] for h in entry["top"]] == [str(files[i]) for i in order]
            top = entry["top"][0]
            cell = per_image[order[0], channel]
            assert (top["y"], top["x"]) == np.unravel_index(cell.argmax(), cell.shape)
            checked += 1
        mean = per_image[:, channel].mean()
        assert abs(entry["mean"] - mean) <= 1e-4 * max(1.0, abs(mean))
    assert checked >= 10


@pytest.fixture(scope="module")
def spot_weights(tmp_path_factory):
    """An Inception-v4 whose every path adds up what it sees (positive weights, BatchNorm as
    identity): on a dark grey image with one bright spot, every channel's maximum lies
    where its field covers the spot."""
    import timm
    from safetensors.torch import save_file

    model = timm.create_model("inception_v4", pretrained=False).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d):
                m.weight.fill_(1.0 / m.weight[0].numel())
            elif isinstance(m, torch.nn.BatchNorm2d):
                m.weight.fill_(1.0)
                m.bias.zero_()
                m.running_mean.zero_()
                m.running_var.fill_(1.0 - m.eps)
    path = tmp_path_factory.mktemp("spot") / "model.safetensors"
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(path))
    return path


@pytest.mark.parametrize("spot", [(300, 140), (90, 220)])
def test_a_bright_spot_is_found_where_it_is(spot_weights, tmp_path, spot):
    from PIL import Image, ImageDraw

    folder = tmp_path / "spot"
    folder.mkdir()
    img = Image.new("RGB", (420, 300), (127, 127, 127))  # just under the mean: activations 0
    x, y = spot
    ImageDraw.Draw(img).ellipse((x - 3, y - 3, x + 3, y + 3), fill=(255, 255, 255))
    img.save(folder / "spot.png")
    predictor = Predictor("inception_v4", weights=spot_weights)
    index = index_of(predictor, folder, k=1)
    for block in ("features.0", "features.3", "features.5", "features.10"):
        hit = index.channel(block, 0, 1)["top"][0]
        left, top, right, bottom = hit["box"]
        # The region the channel sees there overlaps the spot (x +- 3, y +- 3).
        assert left <= x + 3 and x - 3 < right and top <= y + 3 and y - 3 < bottom, \
            (block, hit)
        assert hit["activation"] > 0


def test_adding_removing_and_changing_files(tmp_path):
    predictor = Predictor("inception_v3", random_weights=True)
    folder = folder_of(tmp_path / "grow", 4)

    def arrays(index):
        return {p: (b.values.copy(), b.mean_sum.copy()) for p, b in index.blocks.items()}

    def files_of(index, block="Mixed_6e", channel=5):
        return [h["file"] for h in index.channel(block, channel)["top"]]

    first = index_of(predictor, folder)
    assert first.computed == 4
    folder_of(tmp_path / "extra", 2, seed=50)
    for f in sorted((tmp_path / "extra").glob("*.jpg")):
        f.rename(folder / f"new-{f.name}")
    grown = index_of(predictor, folder)
    assert grown.computed == 2 and grown.images == 6  # only the new images ran
    fresh = build_index(predictor, folder, plan_update("inception_v3", None, folder, 5,
                                                       rebuild=True), 5)
    assert files_of(grown) == files_of(fresh)
    for path, (values, means) in arrays(fresh).items():
        assert np.allclose(arrays(grown)[path][0], values, rtol=1e-6)
        assert np.allclose(arrays(grown)[path][1], means, rtol=1e-6)
    (folder / "img01.jpg").unlink()
    photo(333, 222, seed=99).save(folder / "img02.jpg")  # changed
    again = index_of(predictor, folder)
    assert again.images == 5 and all(not f.endswith("/img01.jpg") for f in files_of(again))
    fresh = build_index(predictor, folder, plan_update("inception_v3", None, folder, 5,
                                                       rebuild=True), 5)
    assert files_of(again) == files_of(fresh)


def test_broken_files_are_skipped_and_the_index_stays_small(tmp_path):
    predictor = Predictor("inception_v3", random_weights=True)
    small = folder_of(tmp_path / "small", 3)
    (small / "broken.jpg").write_bytes(b"\xff\xd8\xff nope")
    index = index_of(predictor, small)
    assert index.images == 3 and [f for f, _ in index.failed] == ["broken.jpg"]
    big = folder_of(tmp_path / "big", 12, seed=20)
    index_of(predictor, big)

    def array_bytes(folder):
        with np.load(index_path("inception_v3", None, folder)) as data:
            return sum(data[k].nbytes for k in data.files if k != "meta")

    assert array_bytes(small) == array_bytes(big)  # blocks x channels x k, not images


def test_the_command(tmp_path, capsys):
    folder = folder_of(tmp_path / "photos", 3)
    crops = tmp_path / "crops"
    assert main(["top-images", str(folder), "--random-weights", "--block", "Inception-A 2 of 3",
                 "--channel", "4", "9", "--top-k", "2", "--format", "json",
                 "--crops", str(crops)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["block"], r["channel"], len(r["top"])) for r in rows] == [
        ("Mixed_5c", 4, 2), ("Mixed_5c", 9, 2)]
    hit = rows[0]["top"][0]
    assert set(hit) == {"file", "activation", "y", "x", "box"} and len(hit["box"]) == 4
    assert (crops / "Mixed_5c-contact-sheet.png").is_file()
    assert len(list(crops.glob("Mixed_5c-ch*.png"))) == 4
    assert len(list(crops.iterdir())) == 5  # and nothing else (no partial files)
    assert main(["top-images", str(folder), "--random-weights", "--block", "Mixed_5c",
                 "--channel", "999"]) == 2
    assert "channels 0 to 287" in capsys.readouterr().err
    assert main(["top-images", str(folder), "--random-weights", "--block", "Mixed_9z"]) == 2
