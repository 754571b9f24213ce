"""Errors about weight files in the window's language: the window shows a damaged file's error
in Korean when Korean is chosen, with the file's name as it is; the command line (str) and an
English window keep the English words."""

from __future__ import annotations

import json

import pytest

from inception_desktop.errors import Message, WeightsError
from inception_desktop.gui.format import describe_error
from inception_desktop.weights.checkpoint import read_checkpoint
from inception_desktop.weights.kerasfile import read_keras

FILE_NAME = "내 가중치 v2.safetensors"  # a Korean name with spaces: shown exactly as it is


@pytest.fixture
def korean(qapp):
    from inception_desktop.gui.i18n import install_language

    assert install_language(qapp, "ko") == "ko"
    yield qapp
    install_language(qapp, "en")  # the other tests read English


def _corrupt_safetensors(tmp_path):
    path = tmp_path / FILE_NAME
    # A safetensors header's start (its length, then "{") and then nothing that fits it: a
    # download cut short.
    path.write_bytes((4096).to_bytes(8, "little") + b'{"classifier.weight": {"dtype": "F3')
    with pytest.raises(WeightsError) as caught:
        read_checkpoint(path)
    return caught.value


def _tfjs_without_manifest(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"format": "layers-model", "modelTopology": {},
                                "weightsManifest": "weights.bin"}), encoding="utf-8")
    with pytest.raises(WeightsError) as caught:
        read_keras(path)
    return caught.value


def test_a_corrupt_weight_file_is_told_in_korean_with_its_name_intact(tmp_path, korean):
    exc = _corrupt_safetensors(tmp_path)
    text = describe_error(exc)
    assert text == (f"{FILE_NAME} 파일이 잘렸거나 손상되었습니다. 완전한 safetensors 파일이 "
                    "아닙니다. 파일을 다시 받으세요")
    # The command line and the server read the exception itself: English, unchanged.
    assert str(exc) == (f"{FILE_NAME} is truncated or corrupt: it is not a complete "
                        "safetensors file; get the file again")


def test_a_cause_inside_a_message_is_translated_too(tmp_path, korean):
    exc = _tfjs_without_manifest(tmp_path)
    assert isinstance(exc.args[0], Message)
    assert describe_error(exc) == "model.json: weightsManifest가 가중치 그룹 목록이 아닙니다"
    assert str(exc) == "model.json: its weightsManifest is not a list of weight groups"


def test_an_english_window_shows_the_english_words(tmp_path, qapp):
    exc = _corrupt_safetensors(tmp_path)
    assert describe_error(exc) == str(exc)
    assert describe_error(exc).startswith(f"{FILE_NAME} is truncated or corrupt")
    assert describe_error(_tfjs_without_manifest(tmp_path)) == \
        "model.json: its weightsManifest is not a list of weight groups"
