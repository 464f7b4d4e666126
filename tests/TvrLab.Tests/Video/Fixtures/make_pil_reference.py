"""Reference frames for FramePreprocessingTests: CLIP's PIL transform (Resize(size, BICUBIC) + CenterCrop(size), as
torchvision does it for PIL images) applied to frame 0 of a shared test video decoded to RGB24 by ffmpeg.
Run from this folder with Debian's python3 (PIL 9.4): python3 make_pil_reference.py ../../../../../shared/data/videos
"""
import subprocess, sys
from PIL import Image

def frame0(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                          "-of", "csv=p=0", path], capture_output=True, text=True, check=True).stdout.strip()
    w, h = map(int, out.split(","))
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24",
                          "pipe:1"], capture_output=True, check=True).stdout
    return Image.frombytes("RGB", (w, h), raw)

def clip_transform(img, size):
    w, h = img.size
    if w <= h: ow, oh = size, int(size * h / w)
    else: ow, oh = int(size * w / h), size
    img = img.resize((ow, oh), Image.BICUBIC)
    top, left = int(round((oh - size) / 2.0)), int(round((ow - size) / 2.0))
    return img.crop((left, top, left + size, top + size))

videos = sys.argv[1]
for name, size in [("mma_test.mp4", 224), ("skv_carphone_distorted.mp4", 224), ("ffc_input_3sec.mp4", 64)]:
    out = f"pil_{name.split('.')[0]}_{size}.png"
    clip_transform(frame0(f"{videos}/{name}"), size).save(out)
    print(out)
