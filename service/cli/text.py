"""`yiku segment`, `yiku assist`, `yiku score` and `yiku quality`: the text pipeline, assist and quality from
the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli.common import read_text, settings


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def segment(file: str, as_json: bool) -> None:
    """Show how a text is cleaned and segmented, with noise labels."""
    from service.text.pipeline import format_table, process, to_json

    segs = process(read_text(file))
    if as_json:
        click.echo(json.dumps(to_json(segs), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(segs))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="The full API response as JSON.")
@click.option("--min-score", type=click.IntRange(0, 101), default=70, show_default=True)
def assist(file: str, as_json: bool, min_score: int) -> None:
    """Terms, memory matches and drafts for a document, as the assist API gives them."""
    from service.application.database import prepare_database
    from service.application.runtime import Runtime

    rt = Runtime(settings())
    prepare_database(rt.db, seed=False)
    with rt.db.session() as session:
        result = rt.assist(session, read_text(file), min_score=min_score)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for seg in result["segments"]:
        label = f"[{seg['noise']}] " if seg["noise"] else ""
        click.echo(f"{seg['index']:>4} {seg['start']}-{seg['end']} {label}{seg['text'][:80]}")
        for hit in seg["terms"]:
            click.echo(f"       term  {hit['text']} → {hit['target']}")
        for match in seg["matches"]:
            click.echo(f"       {match['kind']:<7} {match['score']:>5}  {match['target'][:80]}")
        if seg["draft"]:
            click.echo(f"       draft {seg['draft'][:100]}")
    stats = result["stats"]
    click.echo(
        f"{stats['segments']} segments, {stats['noise_segments']} noise, {stats['terms']} term hits, "
        f"{stats['elapsed_ms']} ms",
        err=True,
    )


@click.command()
@click.option("--hyp", type=click.Path(exists=True, dir_okay=False), required=True, help="Hypotheses, one a line.")
@click.option(
    "--ref",
    "refs",
    type=click.Path(exists=True, dir_okay=False),
    multiple=True,
    required=True,
    help="References, one a line; repeat for more reference streams.",
)
@click.option("--target-lang", default="en", show_default=True)
def score(hyp: str, refs: tuple[str, ...], target_lang: str) -> None:
    """BLEU, chrF, chrF++ and TER, the figures sacrebleu's command line prints for the same files."""
    from service.quality.metrics import ReferenceShapeError, corpus_scores

    def lines(path: str) -> list[str]:
        return Path(path).read_text(encoding="utf-8").rstrip("\n").split("\n")

    try:
        scores = corpus_scores(lines(hyp), [lines(r) for r in refs], target_lang=target_lang).rounded(1)
    except ReferenceShapeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        json.dumps(
            {
                "bleu": scores.bleu,
                "chrf": scores.chrf,
                "chrf_pp": scores.chrf_pp,
                "ter": scores.ter,
                "signatures": scores.signatures,
            },
            indent=2,
        )
    )


@click.group()
def quality() -> None:
    """Quality checks over the memory."""


@quality.command("report")
@click.option("--document", help="Only this document.")
@click.option("--worst", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def quality_report(document: str | None, worst: int, as_json: bool) -> None:
    """Totals by check and the worst pairs first."""
    from service.application.runtime import Runtime

    rt = Runtime(settings())
    with rt.db.session() as session:
        report = rt.quality_report(session, document=document, worst=worst)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    mean = "n/a" if report["mean_score"] is None else f"{report['mean_score']:.1f}"
    click.echo(f"{report['pairs']} pairs, mean score {mean}")
    for code, n in report["by_code"].items():
        click.echo(f"  {code:<24} {n}")
    for w in report["worst"]:
        click.echo(f"  #{w['segment_id']:<8} {w['score']:>5.1f}  {','.join(w['codes'])}  {w['source'][:40]}")


COMMANDS = [segment, assist, score, quality]
