"""Malformed PDFs for fuzzing: small born-digital seeds (made with PyMuPDF) broken the ways real
uploads break: truncated, a page count or xref that lies, huge pages, random bytes after the
%PDF header, flipped bytes, garbage streams. Deterministic for a given seed number."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

import pymupdf

Mutation = Callable[[bytes, random.Random], bytes]


def seed_pdfs() -> list[bytes]:
    """A few valid documents: one, three and twelve text pages, and one with an image."""
    seeds = []
    for pages in (1, 3, 12):
        doc = pymupdf.open()
        for n in range(pages):
            page = doc.new_page()
            page.insert_text((72, 80), "上海市5G+医疗健康试点项目年度报告", fontname="china-s")
            page.insert_text((72, 110), f"项目名称：远程超声 第{n + 1}页", fontname="china-s")
        seeds.append(doc.tobytes())
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    page.insert_image(pymupdf.Rect(72, 72, 272, 272), pixmap=pix)
    page.insert_text((72, 300), "印章页", fontname="china-s")
    seeds.append(doc.tobytes(deflate=False))
    return seeds


def huge_page_pdf(size: float = 7200.0) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=size, height=size)
    page.insert_text((72, 80), "巨幅页面", fontname="china-s", fontsize=200)
    return doc.tobytes()


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(8, max(9, len(data) - 1))]


def lie_count(data: bytes, rng: random.Random) -> bytes:
    count = rng.choice([0, 2, 5, 99, 100000, -1, 2**40])
    return re.sub(rb"/Count \d+", b"/Count " + str(count).encode(), data, count=1)


def lie_xref(data: bytes, rng: random.Random) -> bytes:
    def shift(m: re.Match[bytes]) -> bytes:
        return str(max(0, int(m.group(1)) + rng.randint(-400, 400))).encode() + m.group(2)

    out = re.sub(rb"(\d{10})( \d{5} n)", shift, data)  # xref table entries
    return re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.randint(0, 10**9)).encode(), out)


def lie_mediabox(data: bytes, rng: random.Random) -> bytes:
    box = rng.choice(["0 0 7200 7200", "0 0 14400 14400", "0 0 0 0", "0 0 -50 99999", "0 0 1e9 1"])
    return re.sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox [" + box.encode() + b"]", data)


def random_after_header(data: bytes, rng: random.Random) -> bytes:
    return b"%PDF-1.7\n" + rng.randbytes(rng.randint(0, 4096))


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def garbage_streams(data: bytes, rng: random.Random) -> bytes:
    def junk(m: re.Match[bytes]) -> bytes:
        return m.group(1) + rng.randbytes(len(m.group(2))) + m.group(3)

    return re.sub(rb"(stream\r?\n)(.*?)(\r?\nendstream)", junk, data, flags=re.S)


def drop_objects(data: bytes, rng: random.Random) -> bytes:
    objs = list(re.finditer(rb"\n\d+ 0 obj.*?endobj", data, flags=re.S))
    if not objs:
        return data
    m = rng.choice(objs)
    return data[: m.start()] + data[m.end() :]


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "lie_count": lie_count,
    "lie_xref": lie_xref,
    "lie_mediabox": lie_mediabox,
    "random_after_header": random_after_header,
    "flip_bytes": flip_bytes,
    "garbage_streams": garbage_streams,
    "drop_objects": drop_objects,
}


def cases(n: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """n malformed PDFs as (family, bytes), round-robin over the families; some stacked."""
    rng = random.Random(seed)
    seeds = seed_pdfs()
    names = list(MUTATIONS)
    for i in range(n):
        family = names[i % len(names)]
        if i % 50 == 7:
            yield "huge_page", huge_page_pdf(rng.choice([7200.0, 14400.0]))
            continue
        data = MUTATIONS[family](rng.choice(seeds), rng)
        if i % 5 == 4:  # a second, different break on top
            extra = rng.choice(names)
            data = MUTATIONS[extra](data, rng)
            family = f"{family}+{extra}"
        yield family, data
