"""The text of a PDF as WeasyPrint writes it, read from the file's own bytes (no PDF library is installed):
every stream is inflated, each font's ToUnicode map turns glyph codes back into characters, and every text
positioning (Tm/Td) starts a new line. Enough for WeasyPrint's output; not a general PDF reader."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
TOKEN = re.compile(rb"/([A-Za-z0-9+_-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>|\b(Tm|Td|TD|T\*)\b")


def _objecten(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    uitkomst = {}
    for nummer, inhoud in OBJECT.findall(pdf):
        stroom = STREAM.search(inhoud)
        data = b""
        if stroom:
            data = stroom.group(1)
            if b"/FlateDecode" in inhoud[: stroom.start()]:
                data = zlib.decompressobj().decompress(data)
        kop = inhoud[: stroom.start()] if stroom else inhoud
        uitkomst[int(nummer)] = (kop, data)
        if b"/Type /ObjStm" in kop:  # objects packed in a stream: "number offset ..." then the objects
            eerste = int(re.search(rb"/First (\d+)", kop).group(1))
            getallen = [int(g) for g in data[:eerste].split()]
            paren = list(zip(getallen[::2], getallen[1::2], strict=True))
            for i, (num, begin) in enumerate(paren):
                eind = paren[i + 1][1] if i + 1 < len(paren) else len(data) - eerste
                uitkomst[num] = (data[eerste + begin : eerste + eind], b"")
    return uitkomst


def _unicode(hexcode: bytes) -> str:
    return bytes.fromhex(hexcode.decode()).decode("utf-16-be", errors="replace")


def _kaart(cmap: bytes) -> dict[str, str]:
    kaart = {}
    for blok in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, tekst in BFCHAR.findall(blok):
            kaart[code.decode().lower()] = _unicode(tekst)
    for blok in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for begin, eind, tekst in BFRANGE.findall(blok):
            start = int(tekst, 16)
            for i, code in enumerate(range(int(begin, 16), int(eind, 16) + 1)):
                kaart[f"{code:0{len(begin)}x}"] = chr(start + i)
    return kaart


def tekst(pdf: bytes) -> str:
    objecten = _objecten(pdf)
    fonts: dict[str, dict[str, str]] = {}
    for kop, _data in objecten.values():
        for naam, nummer in re.findall(rb"/([A-Za-z0-9+_-]+)\s+(\d+) 0 R", kop):
            doel = objecten.get(int(nummer))
            if doel and re.search(rb"/Type\s*/Font\b", doel[0]):
                verwijzing = re.search(rb"/ToUnicode\s+(\d+) 0 R", doel[0])
                if verwijzing:
                    fonts[naam.decode()] = _kaart(objecten[int(verwijzing.group(1))][1])
    regels, regel, kaart = [], [], {}
    for kop, data in objecten.values():
        if b"/Length" not in kop or b" Tf" not in data:
            continue
        for font, hexcode, positie in TOKEN.findall(data):
            if font:
                kaart = fonts.get(font.decode(), {})
            elif positie:
                regels.append("".join(regel))
                regel = []
            elif hexcode:
                codes = (hexcode[i : i + 4].decode().lower() for i in range(0, len(hexcode), 4))  # 2-byte glyphs
                regel.extend(kaart.get(code, "") for code in codes)
    regels.append("".join(regel))
    return "\n".join(r for r in regels if r.strip())
