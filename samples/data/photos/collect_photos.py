#!/usr/bin/python3
"""Collect Facet's sample photos from Debian packages whose licences allow redistribution.

Every photo below is copied from a file that a Debian package ships, together with the author and
licence that the package states for it (its /usr/share/doc/PACKAGE/copyright file, or the
docstring or metadata file next to the image where the copyright file does not list images one by
one). Each is decoded, converted to RGB (grayscale originals stay grayscale), shrunk so that its
longer side is at most 640 pixels (aspect ratio kept, never enlarged; PIL's Lanczos filter) and
written as a baseline JPEG of quality 90 without metadata, under its original file name with the
extension .jpg. README.md, with the table of sources and licences, is written from the same list.

Run with Debian's Python (python3-pil, python3-numpy), either on a machine where the packages are
installed or on a folder they were unpacked into:

    mkdir -p /tmp/photo-debs && cd /tmp/photo-debs && apt-get download python3-skimage python3-scipy \
        python-matplotlib-data python3-sklearn palapeli-data lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
    for d in *.deb; do dpkg -x "$d" /tmp/photo-root; done
    /usr/bin/python3 samples/data/photos/collect_photos.py --root /tmp/photo-root

Nothing is downloaded by the script; it only reads ROOT.
"""

import argparse
import bz2
import io
import os
import pickle
import sys

import numpy as np
from PIL import Image

SKIMAGE = "usr/lib/python3/dist-packages/skimage/data/"
SCIPY = "usr/lib/python3/dist-packages/scipy/misc/"
MPL = "usr/share/matplotlib/mpl-data/sample_data/"
SKLEARN = "usr/lib/python3/dist-packages/sklearn/datasets/images/"
PALAPELI = "usr/share/palapeli/collection/"
LOMIRI = "usr/share/backgrounds/"

SKIMAGE_DOC = "scikit-image docstring of `skimage.data.{}()` (skimage/data/_fetchers.py)"
PALAPELI_DOC = "`X-KDE-PluginInfo-License` in {}"
LOMIRI_DOC = "debian/copyright of the package"

# (Debian package, path inside it, subject, author, licence, where the package states the licence)
PHOTOS = [
    ("python3-skimage", SKIMAGE + "astronaut.png", "astronaut Eileen Collins", "NASA",
     "public domain", SKIMAGE_DOC.format("astronaut")),
    ("python3-skimage", SKIMAGE + "chelsea.png", "a cat", "Stefan van der Walt",
     "CC0", SKIMAGE_DOC.format("chelsea")),
    ("python3-skimage", SKIMAGE + "coffee.png", "a cup of coffee", "Rachel Michetti",
     "CC0", SKIMAGE_DOC.format("coffee")),
    ("python3-skimage", SKIMAGE + "rocket.jpg", "Falcon 9 on the launch pad", "SpaceX",
     "public domain", SKIMAGE_DOC.format("rocket")),
    ("python3-skimage", SKIMAGE + "hubble_deep_field.jpg", "Hubble deep field", "NASA",
     "public domain", SKIMAGE_DOC.format("hubble_deep_field")),
    ("python3-skimage", SKIMAGE + "retina.jpg", "fundus photograph of a retina", "Mikael Häggström",
     "CC0", SKIMAGE_DOC.format("retina")),
    ("python3-skimage", SKIMAGE + "ihc.png", "immunohistochemistry microscopy", "CMMI (Center for Microscopy And Molecular Imaging)",
     "no known copyright restrictions", SKIMAGE_DOC.format("immunohistochemistry")),
    ("python3-skimage", SKIMAGE + "camera.png", "a man with a camera (gray)", "Lav Varshney",
     "CC0", SKIMAGE_DOC.format("camera")),
    ("python3-skimage", SKIMAGE + "clock_motion.png", "wall clock, motion blur (gray)", "Stefan van der Walt",
     "public domain", SKIMAGE_DOC.format("clock")),
    ("python3-skimage", SKIMAGE + "coins.png", "old coins (gray)", "Brooklyn Museum",
     "no known copyright restrictions", SKIMAGE_DOC.format("coins")),
    ("python3-skimage", SKIMAGE + "brick.png", "brick wall (gray)", "CC0Textures (Bricks25)",
     "CC0", SKIMAGE_DOC.format("brick")),
    ("python3-skimage", SKIMAGE + "grass.png", "grass (gray)", "linolafett (DeviantArt)",
     "CC0", SKIMAGE_DOC.format("grass")),
    ("python3-skimage", SKIMAGE + "gravel.png", "gravel (gray)", "CC0Textures (Gravel04)",
     "CC0", SKIMAGE_DOC.format("gravel")),
    ("python3-scipy", SCIPY + "face.dat", "a raccoon", "public-domain-image.com (raccoon-procyon-lotor.jpg)",
     "public domain", "SciPy docstring of `scipy.misc.face()`"),
    ("python3-scipy", SCIPY + "ascent.dat", "people climbing stairs (gray)", "public-domain-image.com (accent-to-the-top.jpg)",
     "public domain", "debian/copyright (`Files: scipy/misc/ascent.dat`)"),
    ("python-matplotlib-data", MPL + "grace_hopper.jpg", "Rear Admiral Grace Hopper", "U.S. Navy (official portrait)",
     "public domain (work of the U.S. federal government); shipped under matplotlib's licence",
     "debian/copyright `Files: *` (matplotlib licence)"),
    ("python3-sklearn", SKLEARN + "china.jpg", "a pagoda in China", "danielbuechele (Flickr)",
     "CC BY 2.0", "sklearn/datasets/images/README.txt"),
    ("python3-sklearn", SKLEARN + "flower.jpg", "a dahlia", "vultilion (Flickr)",
     "CC BY 2.0", "sklearn/datasets/images/README.txt"),
    ("palapeli-data", PALAPELI + "cincinnati-bridge.jpg", "Roebling suspension bridge at night", "Derek Jensen",
     "public domain", PALAPELI_DOC.format("cincinnati-bridge.desktop")),
    ("palapeli-data", PALAPELI + "citrus-fruits.jpg", "sliced citrus fruits", "US Department of Agriculture",
     "public domain", PALAPELI_DOC.format("citrus-fruits.desktop")),
    ("palapeli-data", PALAPELI + "european-honey-bee.jpg", "a honey bee on an aster", "John Severns",
     "public domain", PALAPELI_DOC.format("european-honey-bee.desktop")),
    ("lomiri-wallpapers-16.04", LOMIRI + "aitzgorri_by_Aitzol_Berasategi.jpg", "mountain and meadow in autumn", "Aitzol Berasategi",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "friends_by_Aitzol_Berasategi.jpg", "two dogs at a window", "Aitzol Berasategi",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "life_by_Aitzol_Berasategi.jpg", "a stream in a forest", "Aitzol Berasategi",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "picosdeeuropa_by_Aitzol_Berasategi.jpg", "Picos de Europa mountains", "Aitzol Berasategi",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "sunset_by_Aitzol_Berasategi.jpg", "sunset over hills", "Aitzol Berasategi",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "Picture_0B_by_freespace.jpg", "a fig in a red bowl", "Trevor \"Freespace\"",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "Picture_1A_by_freespace.jpg", "paint brushes", "Trevor \"Freespace\"",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "Wine_by_Jakkub_Mede.jpg", "a room with a drum and wine", "Jakub Mede",
     "CC BY 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "seeding_by_Clements_Engelhardt.jpg", "dandelion seed heads in a meadow", "Clemens Engelhardt",
     "CC0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "Dragonfly_by_Bolly.jpg", "tree branches against the sky", "\"Bolly\"",
     "CC BY-SA 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "free_by_Peter_Nerlich.jpg", "a bird figure under ceiling lamps", "Peter Nerlich",
     "CC BY-SA 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "greentock_by_Peter_Nerlich.jpg", "a wall clock", "Peter Nerlich",
     "CC BY-SA 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-16.04", LOMIRI + "Bridge_by_Sander_Klootwijk.jpg", "bridge cables over a beach", "Sander Klootwijk",
     "CC BY-SA 4.0", LOMIRI_DOC),
    ("lomiri-wallpapers-20.04", LOMIRI + "Kleiber_by_Lukas_Baubkus.jpg", "a nuthatch on a tree trunk", "Lukas Baubkus",
     "CC BY-SA 3.0", LOMIRI_DOC),
]

MAX_SIDE = 640
QUALITY = 90

README_HEAD = """# Sample photos

{count} natural photos ({colour} colour, {gray} grayscale) of varied subjects — people, animals, food,
objects, buildings, landscapes, textures, astronomy and microscopy — for trying Facet on real
images, e.g. with the bundled MobileNetV2 (`samples/models/mobilenet-v2/`). They are packaged in
`samples/bundled` as classpath resources under `dev/facet/samples/data/photos/`.

Every photo comes from a file that a Debian package (bookworm) ships, under the licence that the
package states for it; nothing else was used. The package versions were python3-skimage 0.19.3-8,
python3-scipy 1.10.1-2, python-matplotlib-data 3.6.3-1, python3-sklearn 1.2.1+dfsg-1,
palapeli-data 4:22.12.3-1 and lomiri-wallpapers-16.04 / -20.04 20.04.0-2. `collect_photos.py` made this folder and this file:
it decodes each original, shrinks it so that its longer side is at most {max_side} pixels (aspect
ratio kept, never enlarged, Lanczos filter), and writes a baseline JPEG of quality {quality} without
metadata under the original file name with the extension `.jpg` (SciPy's `face.dat` and
`ascent.dat` become `face.jpg` and `ascent.jpg`). Grayscale originals stay grayscale JPEGs.
How to rerun it is in its docstring.

## Licences

Public domain and CC0 photos may be used without conditions. The CC BY photos require
attribution (the author column; licence texts: CC BY 2.0
<https://creativecommons.org/licenses/by/2.0/>, CC BY 4.0
<https://creativecommons.org/licenses/by/4.0/>); the CC BY-SA photos also require that changed
versions be shared under the same licence (CC BY-SA 3.0
<https://creativecommons.org/licenses/by-sa/3.0/>, CC BY-SA 4.0
<https://creativecommons.org/licenses/by-sa/4.0/>). The shrunk JPEGs here are such changed
versions and are offered under the same licence as their original. "No known copyright
restrictions" is the wording of scikit-image's documentation for those two images.

| file | size | subject | source package: path | author | licence | licence stated in |
|---|---|---|---|---|---|---|
"""


def load(path):
    """Decodes an original to an 8-bit PIL image (RGB or L)."""
    name = os.path.basename(path)
    if name == "face.dat":          # bz2 of raw 768x1024x3 RGB bytes
        raw = bz2.decompress(open(path, "rb").read())
        return Image.fromarray(np.frombuffer(raw, dtype=np.uint8).reshape(768, 1024, 3), "RGB")
    if name == "ascent.dat":        # pickled 512x512 nested lists of 0..255
        with open(path, "rb") as f:
            pixels = np.array(pickle.load(f))
        return Image.fromarray(pixels.astype(np.uint8), "L")
    image = Image.open(path)
    image.load()
    if image.mode in ("L", "I;16", "I"):
        return image.convert("L")
    return image.convert("RGB")


def shrink(image):
    width, height = image.size
    scale = MAX_SIDE / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.LANCZOS)


def jpeg_name(path):
    return os.path.splitext(os.path.basename(path))[0] + ".jpg"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default="/", help="folder the Debian packages are installed or unpacked in")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)), help="output folder")
    args = parser.parse_args()

    names = [jpeg_name(p[1]) for p in PHOTOS]
    if len(set(names)) != len(names):
        sys.exit("two photos would get the same file name")
    for stale in os.listdir(args.out):
        if stale.endswith(".jpg") and stale not in names:
            os.remove(os.path.join(args.out, stale))

    rows = []
    colour = gray = 0
    total = 0
    for package, path, subject, author, licence, stated in PHOTOS:
        source = os.path.join(args.root, path)
        image = shrink(load(source))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=QUALITY, optimize=True)
        data = buffer.getvalue()
        name = jpeg_name(path)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        total += len(data)
        colour += image.mode == "RGB"
        gray += image.mode == "L"
        rows.append(f"| `{name}` | {image.size[0]}×{image.size[1]} | {subject} | `{package}`: `/{path}` "
                    f"| {author} | {licence} | {stated} |")
        print(f"{name:45s} {image.size[0]:4d}x{image.size[1]:<4d} {image.mode:3s} {len(data):7d} bytes")
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README_HEAD.format(count=len(PHOTOS), colour=colour, gray=gray, max_side=MAX_SIDE, quality=QUALITY))
        f.write("\n".join(rows) + "\n")
        f.write(f"\nTotal: {len(PHOTOS)} files, {total:,} bytes of JPEG.\n")
    print(f"{len(PHOTOS)} photos, {total} bytes")


if __name__ == "__main__":
    main()
