from inception_desktop.labels import imagenet_labels, labels_for


def test_imagenet_labels_standard_order():
    labels = imagenet_labels()
    assert len(labels) == 1000 == len(set(labels))
    assert labels[0] == "tench"
    assert labels[281] == "tabby"
    assert labels[999] == "toilet tissue"


def test_labels_for_custom_heads():
    assert labels_for(3, ["a", "b", "c"]) == ["a", "b", "c"]
    assert labels_for(2) == ["class 0", "class 1"]
    assert labels_for(1000)[1] == "goldfish"
