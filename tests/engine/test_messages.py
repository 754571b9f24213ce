"""Errors raised in the core carry their message's template and fields (`errors.msg`): the
window shows them in its language, file names intact, while the command line, the server
and every other test keep reading the English words; they keep their template across
processes (pickled)."""

from __future__ import annotations

import pickle
import re

import pytest

from inception_desktop.engine.images import load_image
from inception_desktop.errors import DatasetError, ImageError, Message
from inception_desktop.gui.format import describe_error
from inception_desktop.gui.i18n import install_language
from inception_desktop.training.dataset import scan_folder
from tests.helpers.datasets import make_dataset

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture
def korean(qapp):
    install_language(qapp, "ko")
    yield
    install_language(qapp, "en")


def unreadable_image(tmp_path) -> ImageError:
    path = tmp_path / "holiday photo.jpg"
    path.write_text("these are words, not pixels")
    with pytest.raises(ImageError) as caught:
        load_image(path)
    return caught.value


def one_class_folder(tmp_path) -> DatasetError:
    root = tmp_path / "shapes-1"
    make_dataset(root, per_class=3, classes=("circle",))
    with pytest.raises(DatasetError) as caught:
        scan_folder(root)
    return caught.value


def test_english_words_are_unchanged(qapp, tmp_path):
    exc = unreadable_image(tmp_path)
    english = (f"holiday photo.jpg in {tmp_path}: not an image, or a format Pillow cannot "
               "read")
    assert str(exc) == english  # what the command line and the server say
    assert describe_error(exc) == english
    exc = one_class_folder(tmp_path)
    assert str(exc) == (f"shapes-1 in {tmp_path} has 1 class folder(s); fine-tuning needs "
                        "at least 2 sub-folders (one per class) with images in them")
    assert not HANGUL.search(describe_error(exc))


def test_unreadable_image_in_korean(korean, tmp_path):
    text = describe_error(unreadable_image(tmp_path))
    assert "holiday photo.jpg" in text and str(tmp_path) in text
    assert "이미지가 아니거나 Pillow가 읽을 수 없는 형식입니다" in text
    assert " in " not in text  # the file's folder is named in Korean too ("named")
    assert "not an image" not in text


def test_dataset_with_one_class_in_korean(korean, tmp_path):
    text = describe_error(one_class_folder(tmp_path))
    assert "shapes-1" in text
    assert "클래스 폴더가 1개" in text and "미세 조정" in text
    assert "fine-tuning" not in text


def test_a_pickled_error_keeps_its_template(korean, tmp_path):
    for exc in (unreadable_image(tmp_path), one_class_folder(tmp_path)):
        copy = pickle.loads(pickle.dumps(exc))
        assert type(copy) is type(exc) and str(copy) == str(exc)
        message = copy.args[0]
        assert isinstance(message, Message)
        assert message.template == exc.args[0].template
        assert describe_error(copy) == describe_error(exc)
        assert HANGUL.search(describe_error(copy))
