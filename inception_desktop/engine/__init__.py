"""Inference: image loading, preprocessing, torch and onnxruntime backends, activations."""
