#!/usr/bin/python3
"""Writes tiny-cnn.pt, a TorchScript CNN for the extractors tests, and tiny-cnn.json, its outputs.

The model has the output contract of a CNN descriptor's ``torchscript.outputs`` (as the
MobileNetV2 export returns ``(logits, block_13_expand_relu, out_relu)``): ``forward(x)`` takes
(n, 3, 16, 16) and returns ``(logits (n, 5), block (n, 6, 8, 8), features (n, 8, 4, 4))``. Its
weights are random with a fixed seed; nothing is trained. ``tiny-cnn.json`` holds the outputs for
one image whose pixel (c, y, x) is ``((c * 16 + y) * 16 + x) / 768``, for the Java test to compare.

Run with Debian's ``/usr/bin/python3`` and ``python3-torch``:

    /usr/bin/python3 extractors/src/test/python/make_tiny_cnn.py
"""
import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "dev" / "facet" / "extractors" / "torch"


class TinyCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 6, 3, stride=2, padding=1)
        self.block = torch.nn.Conv2d(6, 8, 3, stride=2, padding=1)
        self.head = torch.nn.Linear(8, 5)

    def forward(self, x):
        block = torch.relu(self.stem(x))
        features = torch.relu(self.block(block))
        logits = self.head(features.mean(dim=(2, 3)))
        return logits, block, features


def main():
    torch.manual_seed(7)
    model = TinyCnn().eval()
    image = (torch.arange(3 * 16 * 16, dtype=torch.float32) / 768).reshape(1, 3, 16, 16)
    scripted = torch.jit.script(model)
    OUT.mkdir(parents=True, exist_ok=True)
    scripted.save(str(OUT / "tiny-cnn.pt"))
    with torch.no_grad():
        logits, block, features = scripted(image)
    reference = {"input": "pixel (c, y, x) = ((c * 16 + y) * 16 + x) / 768, one image",
                 "logits": [round(v, 6) for v in logits[0].tolist()],
                 "block_shape": list(block.shape), "block_channel_sums": [round(v, 5) for v in block[0].sum(dim=(1, 2)).tolist()],
                 "features_shape": list(features.shape),
                 "features_channel_sums": [round(v, 5) for v in features[0].sum(dim=(1, 2)).tolist()]}
    (OUT / "tiny-cnn.json").write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
