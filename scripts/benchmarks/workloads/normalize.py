"""normalize: the text pipeline (normalize, segment, noise, placeables) on scraped-looking traditional text.

Input: generated official text converted to traditional characters, with the pinyin annotations
and half-width commas that scrapers leave (發(fā)展, 會議,在), cut into article-sized documents.
Yiku: `service.text.pipeline.process(document)`; baseline: `opencc.OpenCC('t2s').convert(document)`
alone over the same documents. Throughput is UTF-8 input bytes per second; median over repeats.
"""

from __future__ import annotations

import random
import statistics
import time

from scripts.benchmarks.corpus import SentenceFactory
from scripts.benchmarks.measure import summarize
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Workload

MB = 1_000_000
# Characters scrapers of government sites annotate with pinyin, as in 發(fā)展 and 統(tǒng)籌.
PINYIN = {"發": "fā", "戰": "zhàn", "統": "tǒng", "創": "chuàng", "現": "xiàn", "數": "shù", "擔": "dān"}


def scraped_documents(total_bytes: int, document_chars: int, seed: int) -> list[str]:
    """Traditional-character documents with pinyin annotations and some half-width commas."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    factory = SentenceFactory(seed)
    documents, size = [], 0
    while size < total_bytes:
        text = to_traditional.convert(factory.text(document_chars))
        annotated = []
        for char in text:
            annotated.append(char)
            if char in PINYIN and rng.random() < 0.5:
                annotated.append(f"({PINYIN[char]})")
        document = "".join(annotated)
        if rng.random() < 0.5:
            document = document.replace("，", ",")
        documents.append(document)
        size += len(document.encode("utf-8"))
    return documents


def _throughput(action, documents: list[str], repeats: int) -> tuple[float, list[float], list[float]]:
    """Median MB/s over `repeats` passes, the pass times, and per-document milliseconds of the last pass."""
    total = sum(len(d.encode("utf-8")) for d in documents)
    passes, per_document = [], []
    for _ in range(repeats):
        per_document = []
        started = time.perf_counter()
        for document in documents:
            start = time.perf_counter()
            action(document)
            per_document.append((time.perf_counter() - start) * 1000)
        passes.append(time.perf_counter() - started)
    return total / MB / statistics.median(passes), passes, per_document


def run(ctx: Context, result: WorkloadResult) -> None:
    import opencc

    from service.text.pipeline import process

    documents = scraped_documents(ctx.size("text_bytes"), ctx.size("document_chars"), ctx.seed + 3)
    process(documents[0])  # load dictionaries once, outside the timing
    converter = opencc.OpenCC("t2s")
    repeats = ctx.size("repeats")
    yiku_rate, yiku_passes, yiku_docs = _throughput(process, documents, repeats)
    base_rate, base_passes, base_docs = _throughput(converter.convert, documents, repeats)
    result.sizes.update(
        documents=len(documents),
        text_bytes=sum(len(d.encode("utf-8")) for d in documents),
        segments=sum(len(process(d)) for d in documents[:20]) * len(documents) // min(20, len(documents)),
    )
    result.timings.update(
        pipeline_pass_s=summarize(yiku_passes),
        opencc_pass_s=summarize(base_passes),
        pipeline_document_ms=summarize(yiku_docs),
        opencc_document_ms=summarize(base_docs),
    )
    result.row(
        "pipeline throughput",
        yiku_rate,
        "MB/s",
        baseline=base_rate,
        higher_is_better=True,
        target=Target(">=", 5, "MB/s"),
    )
    result.row("p95 per document", summarize(yiku_docs)["p95"], "ms", baseline=summarize(base_docs)["p95"])
    result.notes.append(
        f"{len(documents)} documents of about {ctx.size('document_chars')} characters; median of {repeats} passes; "
        "the baseline only converts characters (no segmentation, noise labels, placeables or offset maps); "
        "sizes.segments is estimated from the first 20 documents"
    )


WORKLOAD = Workload(
    name="normalize",
    summary="text pipeline throughput vs plain OpenCC t2s",
    sizes={"text_bytes": 5 * MB, "document_chars": 3000, "repeats": 3},
    quick_sizes={"text_bytes": 200_000, "document_chars": 3000, "repeats": 2},
    run=run,
)
