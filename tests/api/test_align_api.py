"""POST /api/v1/align on published text: the first speech of The Governance of China, vol. 1 (tests/data/align),
as two continuous texts, as one bilingual text whose lines alternate, and in traditional script; offsets into the
texts as sent, every segment of both sides in one bead, noise aligned to nothing; storing the sure pairs; and
every bad input refused with the reason and nothing stored."""

from __future__ import annotations

import itertools
from pathlib import Path

import opencc

from tests.helpers import auth

DATA = Path(__file__).resolve().parents[1] / "data" / "align" / "pol-governance-v1"
ZH = (DATA / "zh.txt").read_text(encoding="utf-8").splitlines()[:40]
EN = (DATA / "en.txt").read_text(encoding="utf-8").splitlines()[:48]  # the English of those 40 lines (gold.txt)


def _check_offsets(beads, source, target):
    for bead in beads:
        for side, text in (("source", source), ("target", target)):
            if bead[f"{side}_start"] is None:
                assert bead[f"{side}_spans"] == [] and bead[side] == ""
                continue
            spans = bead[f"{side}_spans"]
            assert spans[0][0] == bead[f"{side}_start"] and spans[-1][1] == bead[f"{side}_end"]
            assert len(spans) == int(bead["type"].split("-")[0 if side == "source" else 1])
            between = [text[end:start] for (_, end), (start, _) in itertools.pairwise(spans)]
            if all(not gap.strip() for gap in between):
                assert text[bead[f"{side}_start"] : bead[f"{side}_end"]] == bead[side]
            else:  # the other language's lines lie between: the segments joined
                assert bead[side] == ("" if side == "source" else " ").join(text[s:e].strip() for s, e in spans)
    starts = [b["source_start"] for b in beads if b["source_start"] is not None]
    assert starts == sorted(starts)  # in document order


def test_a_document_and_its_english_version(client):
    source, target = "\n".join(ZH), "\n".join(EN)
    resp = client.post("/api/v1/align", json={"source": source, "target": target})
    assert resp.status_code == 200, resp.json
    beads, stats = resp.json["beads"], resp.json["stats"]
    _check_offsets(beads, source, target)
    assert sum(1 for b in beads if b["source"]) and {b["type"] for b in beads} >= {"1-1", "1-2"}
    assert stats["beads"] == len(beads) and stats["source_segments"] >= 40
    title = beads[0]
    assert title["source"].startswith("人民对美好生活的向往") and title["target"].startswith("The People’s Wish")
    date = next(b for b in beads if b["source"] == "（2012年11月15日）")
    assert date["target"] == "November 15, 2012" and date["confidence"] >= 0.9
    sure = [b for b in beads if b["source"] and b["target"] and b["confidence"] >= 0.9]
    assert len(sure) >= 0.5 * len(beads)  # 21 of 38 when written


def test_one_bilingual_text_in_traditional_script_with_noise_on_both_sides(client):
    to_traditional = opencc.OpenCC("s2t")
    lines = []
    for zh, en in zip(ZH[:12], EN[:12]):
        lines += [to_traditional.convert(zh), en]
    lines[6:6] = ["已編輯圖片", "Photo: Xinhua"]
    text = "\n".join(lines)
    resp = client.post("/api/v1/align", json={"text": text})
    assert resp.status_code == 200, resp.json
    beads = resp.json["beads"]
    _check_offsets(beads, text, text)
    noise = [b for b in beads if b["noise"]]
    assert {(b["type"], b["noise"]) for b in noise} == {("1-0", "caption"), ("0-1", "caption")}
    assert beads[0]["source"].startswith("人民對美好生活的嚮往") and beads[0]["target"].startswith("The People")


def test_storing_the_sure_pairs_and_leaving_the_rest_for_review(client, editor_token):
    body = {"source": "\n".join(ZH), "target": "\n".join(EN), "store": True, "document": "governance-1"}
    assert client.post("/api/v1/align", json=body).status_code == 401
    resp = client.post("/api/v1/align", json={**body, "min_confidence": 0.9}, headers=auth(editor_token))
    assert resp.status_code == 200, resp.json
    stored = resp.json["stored"]
    beads = resp.json["beads"]
    sure = [b for b in beads if b["source"] and b["target"] and not b["noise"] and b["confidence"] >= 0.9]
    assert stored["stored"] == len(sure) and stored["review"]
    assert all(beads[i]["confidence"] < 0.9 for i in stored["review"])
    pairs = client.get("/api/v1/segments?document=governance-1&limit=500").json["items"]
    assert len(pairs) == len(sure) and {p["origin"] for p in pairs} == {"aligned"}


def test_bad_inputs_are_refused_and_nothing_is_stored(client, editor_token):
    def post(body, token=editor_token):
        return client.post("/api/v1/align", json=body, headers=auth(token))

    no_chinese = post({"source": "Only English here.", "target": "The State Council met."})
    assert no_chinese.status_code == 422 and no_chinese.json["error"]["details"]["field"] == "source"
    no_english = post({"source": "国务院召开会议。", "target": "国务院召开会议。"})
    assert no_english.status_code == 422 and no_english.json["error"]["details"]["field"] == "target"
    assert post({"text": "国务院召开会议。"}).status_code == 422
    assert post({"source": "国务院召开会议。"}).status_code == 422  # one side only
    assert post({"text": "x", "source": "国务院。", "target": "x"}).status_code == 422
    missing_document = post({"source": "国务院召开会议。", "target": "The State Council met.", "store": True})
    assert missing_document.status_code == 422 and "document" in str(missing_document.json)
    assert post({"source": "国务院召开会议。", "target": "x", "min_confidence": 2}).status_code == 422
    assert client.get("/api/v1/segments").json["items"] == []


def test_the_command_line_prints_stores_and_writes_tmx(db_url, tmp_path):
    from click.testing import CliRunner
    from translate.storage import tmx as tt_tmx

    from service.cli import main

    env = {"DATABASE_URL": db_url, "YIKU_DATA_DIR": str(tmp_path / "data"), "YIKU_SECRET_KEY": "x"}
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("\n".join(ZH[:20]), encoding="utf-8")
    en.write_text("\n".join(EN[:24]), encoding="utf-8")

    def run(*args):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    printed = run("align", str(zh), str(en))
    assert printed.exit_code == 0
    first = printed.stdout.splitlines()[0].split("\t")
    assert first[0] == "1-1" and first[2].startswith("人民对美好生活的向往") and first[3].startswith("The People")
    out = tmp_path / "pairs.tmx"
    assert run("align", str(zh), str(en), "--format", "tmx", "-o", str(out)).exit_code == 0
    assert len(tt_tmx.tmxfile.parsestring(out.read_bytes()).units) >= 15
    stored = run("align", str(zh), str(en), "--store", "--document", "speech-1", "--format", "json")
    assert stored.exit_code == 0 and '"stored":' in stored.stdout and "left for review" in stored.stderr
    assert run("align", str(zh), str(en), "--store").exit_code == 2  # --document is needed


def test_a_long_document_shows_a_progress_bar_on_the_command_line(db_url, tmp_path):
    """The whole of The Governance of China, vol. 1 (1,037 × 1,346 segments) is long enough for the bar."""
    from click.testing import CliRunner

    from service.cli import main

    env = {"DATABASE_URL": db_url, "YIKU_DATA_DIR": str(tmp_path / "data"), "YIKU_SECRET_KEY": "x"}
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text((DATA / "zh.txt").read_text(encoding="utf-8"), encoding="utf-8")
    en.write_text((DATA / "en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    long = CliRunner().invoke(main, ["align", str(zh), str(en)], env=env, catch_exceptions=False)
    told = [line for line in long.stderr.splitlines() if line.startswith("aligning: ")]
    assert long.exit_code == 0 and told == [f"aligning: {p}%" for p in range(10, 101, 10)]
    assert len(long.stdout.splitlines()) > 900
    zh.write_text("\n".join(ZH[:20]), encoding="utf-8")
    en.write_text("\n".join(EN[:24]), encoding="utf-8")
    short = CliRunner().invoke(main, ["align", str(zh), str(en)], env=env, catch_exceptions=False)
    assert short.exit_code == 0 and "aligning: " not in short.stderr
