"""Write a generated TMX 1.4b file of any size, streaming (a million units is about 200 MB)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from scripts.benchmarks.corpus import SentenceFactory

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tmx version="1.4">\n'
    '<header creationtool="yiku-bench" creationtoolversion="1" segtype="sentence" o-tmf="yiku" '
    'adminlang="en" srclang="zh-CN" datatype="plaintext"/>\n'
    "<body>\n"
)
FOOTER = "</body>\n</tmx>\n"
DOCUMENTS = 200


def write_tmx(path: Path, units: int, seed: int) -> int:
    """Write `units` translation units (with a document property and a creation date); returns bytes written."""
    factory = SentenceFactory(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        batch = []
        for number in range(1, units + 1):
            pair = factory.pair()
            day = 1 + number % 28
            batch.append(
                f'<tu tuid="{number}" creationdate="202401{day:02d}T080000Z">'
                f'<prop type="x-document">bench-{number % DOCUMENTS:03d}</prop>'
                f'<tuv xml:lang="zh-CN"><seg>{escape(pair.source)}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{escape(pair.target)}</seg></tuv></tu>\n'
            )
            if len(batch) == 10_000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
        out.write(FOOTER)
    return path.stat().st_size
