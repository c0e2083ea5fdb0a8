#!/usr/bin/python3
"""Export the head of Facet's bundled tiny ViT: the part of the model after a hook point.

Loads the committed weights of ``tiny-vit.pt`` into the architecture of ``train_tiny_vit.py`` and
writes ``tiny-vit-head.pt``, a scripted (``torch.jit.script``) module with

    forward(hidden, layer) -> logits

* ``hidden``: ``(n, 50, 128)`` float32, the residual stream at hook ``layer.<layer>``, laid out as
  ``hidden[:, layer]`` of ``tiny-vit.pt`` (CLS token 0, then the 7x7 patches row-major);
* ``layer``: a 0-d int64 tensor, 0 to 4 (``layer.0`` is the input of block 1, ``layer.i`` the
  output of block i);
* ``logits``: ``(n, 10)``, from blocks ``layer + 1`` .. 4, the final LayerNorm and the linear head
  on the CLS token.

Facet's TorchScript backbone loads it when the model descriptor names it
(``torchscript.head``) to resume the forward pass from ``layer.i`` and to differentiate the logits
with respect to ``layer.i`` (concept importance).

The script checks, before it saves, that for the first 8 bundled test images and every layer the
head of ``hidden[:, layer]`` equals the full model's logits to 1e-5, and that the saved file
reloads with the same numbers. Run from the repository root (seconds, CPU)::

    /usr/bin/python3 samples/models/tiny-vit/export_head.py

Requirements: Debian's ``python3-torch`` (1.13) and ``python3-numpy``; nothing is downloaded.
"""

import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_tiny_vit as tv  # noqa: E402  (the architecture and data helpers)

TOLERANCE = 1e-5


class TinyVitHead(nn.Module):
    """The blocks after ``layer``, the final LayerNorm and the head on the CLS token."""

    def __init__(self, vit):
        super().__init__()
        self.blocks = vit.blocks
        self.norm = vit.norm
        self.head = vit.head

    def forward(self, hidden: torch.Tensor, layer: torch.Tensor) -> torch.Tensor:
        start = int(layer.item())
        if start < 0 or start > len(self.blocks):
            raise ValueError("layer must be 0 to the number of blocks")
        x = hidden
        for i, block in enumerate(self.blocks):
            if i >= start:
                x = block(x)
        return self.head(self.norm(x)[:, 0])


def main():
    torch.manual_seed(tv.SEED)
    vit = tv.TinyViT(**tv.ARCH)
    vit.load_state_dict(torch.jit.load(os.path.join(HERE, "tiny-vit.pt")).state_dict())
    vit.eval()
    images = tv.read_idx(os.path.join(tv.DATA_OUT, f"fashion-mnist-test-{tv.SUBSET}-images-idx3-ubyte"))
    probe = tv.normalise(images[:8])
    head = torch.jit.script(TinyVitHead(vit).eval())
    out = os.path.join(HERE, "tiny-vit-head.pt")
    with torch.no_grad():
        logits, hidden = vit(probe)
        diffs = [float((head(hidden[:, i].contiguous(), torch.tensor(i)) - logits).abs().max())
                 for i in range(tv.ARCH["depth"] + 1)]
        print(f"head(hidden[:, layer], layer) vs logits, max abs diff per layer: {diffs}", flush=True)
        assert max(diffs) < TOLERANCE, diffs
        head.save(out)
        loaded = torch.jit.load(out).eval()
        reloaded = [float((loaded(hidden[:, i].contiguous(), torch.tensor(i)) - logits).abs().max())
                    for i in range(tv.ARCH["depth"] + 1)]
        assert max(reloaded) < TOLERANCE, reloaded
    print(f"{os.path.relpath(out, tv.REPO)}: {os.path.getsize(out)} bytes", flush=True)


if __name__ == "__main__":
    main()
