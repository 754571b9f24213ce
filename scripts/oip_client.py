"""Classify an image through the Open Inference Protocol: the same code runs against
`inception-desktop serve` and against Triton serving the repository that
`inception-desktop export-onnx --triton-repo` writes.

    pip install tritonclient[http] numpy pillow
    python oip_client.py photo.jpg [--url localhost:8000] [--model inception_v3] [--token T]

The network takes an already preprocessed tensor; this is Inception-v3's preprocessing (for
Inception-v4 and Inception-ResNet-v2: shorter side 341 / 333, bicubic, mean = std = 0.5).
"""

import argparse

import numpy as np
import tritonclient.http as httpclient
from PIL import Image


def preprocess_v3(path: str) -> np.ndarray:
    img = Image.open(path).convert("RGB")
    w, h = img.size
    size = (342, int(342 * h / w)) if w <= h else (int(342 * w / h), 342)
    img = img.resize(size, Image.Resampling.BILINEAR)
    left, top = round((size[0] - 299) / 2), round((size[1] - 299) / 2)
    x = np.asarray(img.crop((left, top, left + 299, top + 299)), np.float32) / 255
    x = (x - np.array([0.485, 0.456, 0.406], np.float32)) / np.array([0.229, 0.224, 0.225],
                                                                       np.float32)
    return x.transpose(2, 0, 1)[None].astype(np.float32)  # 1 x 3 x 299 x 299


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("--url", default="localhost:8000")
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--token")
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else None
    client = httpclient.InferenceServerClient(url=args.url)
    x = preprocess_v3(args.image)
    inp = httpclient.InferInput("input", list(x.shape), "FP32")
    inp.set_data_from_numpy(x, binary_data=True)
    out = httpclient.InferRequestedOutput("probabilities", binary_data=True)
    result = client.infer(args.model, [inp], outputs=[out], headers=headers)
    probs = result.as_numpy("probabilities")[0]
    for rank, index in enumerate(np.argsort(-probs)[:5], 1):
        print(f"{rank}. class {index}: {probs[index]:.4f}")


if __name__ == "__main__":
    main()
