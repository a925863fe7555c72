"""Inputs and a JSON summary of everything the text pipeline returns for them.

The summary is compared with `tests/data/text/pipeline_snapshot.json`, recorded from the
pipeline as it was before its speed work, so that faster code is held to the same results:
segments (offsets, normalized text, offset maps, noise label with scores and features,
placeables) for whole documents, and `normalize` + `find_placeables` on single sentences.

Regenerate (only when a result is meant to change): `python -m tests.text.pipeline_snapshot`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
from pathlib import Path

import opencc

from service.text.noise import explain
from service.text.normalize import normalize
from service.text.pipeline import process
from service.text.placeables import find_placeables

SNAPSHOT_PATH = Path(__file__).resolve().parents[1] / "data" / "text" / "pipeline_snapshot.json"
FUZZ_SEED = 20240125
FUZZ_DOCUMENTS = 30
FUZZ_SENTENCES = 400

# Pieces the random inputs are built from: the characters and shapes every normalization,
# segmentation, noise and placeable rule looks at.
FUZZ_PIECES = [
    "會議",
    "發",
    "展",
    "統籌",
    "乾隆",
    "乾燥",
    "退役軍人",
    "事務廳",
    "会议",
    "发展",
    "經濟",
    "數據",
    "〇",
    "(fā)",
    "（huì）",
    "(fa1)",
    "(fa)",
    "(a)",
    " (zhàn)",
    "(局)",
    "(1)",
    "(一)",
    "(2024)",
    "（试行）",
    "(",
    ")",
    "（",
    "）",
    "(ń)",
    "(hm)",
    ",",
    ";",
    ":",
    "?",
    "!",
    "，",
    "；",
    "：",
    "？",
    "！",
    "。",
    "……",
    "⋯⋯",
    "、",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "《",
    "》",
    "【",
    "】",
    ".",
    "|",
    "｜",
    ">",
    "»",
    "©",
    " ",
    "  ",
    "\u3000",
    "\xa0",
    "\t",
    "\u2003",
    "\u200b",
    "\ufeff",
    "\n",
    "\r\n",
    "\r",
    "??",
    "？？",
    "ＡＢＣ",
    "１２３",
    "\uf900",
    "\u2f08",
    "ABC",
    "Hello",
    "world",
    "G20",
    "Mr.",
    "U.S.",
    "2024",
    "1",
    "25",
    "1,000",
    "5.2",
    "%",
    "％",
    "年",
    "月",
    "日",
    "号",
    "-",
    "/",
    "10:30",
    "百分之五",
    "个百分点",
    "万",
    "亿",
    "二〇二四年一月",
    "1.2万",
    "http://www.gov.cn/a?b=1",
    "www.example.org",
    "info@gov.cn",
    "_84A8693(1)(1).png",
    "report_2024.docx",
    "作者",
    "来源",
    "时间",
    "點擊數",
    "分享到",
    "字号",
    "图片",
    "image",
    "版权所有",
    "首页",
    "返回顶部",
    "无码",
    "百家乐",
    "在线观看",
    "成人",
    "porn",
    "casino",
    "av",
]


def run_length(entries) -> list[list[int]]:
    """An offset map as `[derived_index, original_index]` at every break of the `+1` run, then the length."""
    runs: list[list[int]] = []
    previous = None
    for index, value in enumerate(entries):
        if previous is None or value != previous + 1:
            runs.append([index, value])
        previous = value
    runs.append([len(entries)])
    return runs


def _placeables(found) -> list[list]:
    return [[p.start, p.end, p.text, p.kind] for p in found]


def summarize_document(text: str, lang: str = "zh") -> list[dict]:
    """Everything `process` returns, with the noise scores (by label name) and features (in field order)."""
    summary = []
    for s in process(text, lang):
        noise = explain(s.normalized)
        summary.append(
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "normalized": s.normalized,
                "offsets": run_length(s.offsets.entries),
                "noise": s.noise,
                "scores": [noise.scores[label] for label in sorted(noise.scores)],
                "features": list(dataclasses.astuple(noise.features)),
                "placeables": _placeables(s.placeables),
            }
        )
    return summary


def summarize_sentence(text: str) -> dict:
    """`normalize` and `find_placeables` on one short string, as a stored pair is prepared."""
    normalized = normalize(text)
    return {
        "normalized": normalized.text,
        "offsets": run_length(normalized.offsets.entries),
        "placeables": _placeables(find_placeables(normalized.text)),
    }


def seed_text() -> str:
    path = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed-article.txt"
    if not path.exists() and os.environ.get("YIKU_SHARED_DIR"):
        path = Path(os.environ["YIKU_SHARED_DIR"]) / "data" / "seed-article.txt"
    return path.read_text(encoding="utf-8")


def _fuzz(rng: random.Random, pieces: int) -> str:
    return "".join(rng.choice(FUZZ_PIECES) for _ in range(pieces))


ENGLISH = (
    "The meeting was held in Guangzhou on Jan. 18, 2024. Mr. Wang Chuang, Director of the Department, "
    "spoke at it. See Art. 5 and Fig. 3 (p. 12) of the U.S. report at https://www.example.org/report.pdf, "
    "or write to info@example.org! Growth reached 5.2% in 2023, i.e. 1,000 more jobs than planned.\n"
    '"Do not stop," he said. J. Smith agreed.  Prices rose by 3.5 percent.\n\nAll rights reserved | Home | Contact'
)
PLACEABLE_PARAGRAPH = (
    "2024年1月25日,全省共安置退役軍人1,000名,增長5.2%,比上年提高3.5個百分點,投入12.5億元(其中1.2萬元)。"
    "會議於2024-01-25 10:30在廣州召開,詳見www.gd.gov.cn/a.html或來信xx@gd.gov.cn,附件_84A8693(1)(1).png。"
    "二〇二四年一月,百分之五的G20代表1+1+12人參加。2024/1/25、2024.1.25、1月18日至19日。"
)
NOISE_LINES = (
    "首页 > 新闻中心 > 工作动态\n首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流\n"
    "版权所有：广东省退役军人事务厅 粤ICP备12345678号 粤公网安备 44010402000001号\n"
    "来源：本网 发布时间：2024-01-25 浏览次数：100 字号：大 中 小\n图为会议现场\n"
    "广州|深圳|珠海|汕头|佛山|韶关|河源|梅州|惠州|汕尾|东莞|中山\n无码毛片在线观看\nGOGOGO\n"
)


def documents() -> dict[str, tuple[str, str]]:
    """Named documents and their language: the seed page, messy variants, special cases, random ones."""
    raw = seed_text()
    simplified = re.sub(r"\s*[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[1-5]?[)）]", "", opencc.OpenCC("t2s").convert(raw))
    swap = {"，": ",", ",": "，", "：": ":", "；": ";", "（": "(", "）": ")"}
    cases = {
        "seed": raw,
        "seed repeated": raw * 2,
        "seed simplified": simplified,
        "seed every character annotated": re.sub(r"([\u4e00-\u9fff])", r"\1(yī)", raw),
        "seed annotated without tones": re.sub(r"([\u4e00-\u9fff])", r"\1(yi)", raw),
        "seed question-mark indents": re.sub(r"(?m)^[ \u3000\xa0]+", "????", raw),
        "seed mixed punctuation": "".join(swap.get(c, c) if i % 2 else c for i, c in enumerate(raw)),
        "seed full-width": raw.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F) if chr(c).isalnum()}),
        "seed windows line ends and zero-width": raw.replace("\n", "\r\n").replace("會", "會\u200b"),
        "seed ideographic spaces": raw.replace(" ", "\u3000").replace("，", " ， "),
        "placeables": PLACEABLE_PARAGRAPH,
        "noise lines": NOISE_LINES + simplified[:400],
        "empty": "",
        "blank": " \n\u3000\n\r\n",
    }
    result = {name: (text, "zh") for name, text in cases.items()}
    result["english"] = (ENGLISH, "en")
    rng = random.Random(FUZZ_SEED)
    for number in range(FUZZ_DOCUMENTS):
        result[f"random {number}"] = (_fuzz(rng, rng.randint(20, 300)), "zh")
    return result


def sentences() -> list[str]:
    """Short strings: every line of the seed page and of its variants, and random ones."""
    lines: list[str] = []
    for name, (text, lang) in documents().items():
        if lang == "zh" and name.startswith("seed") and name != "seed repeated":
            lines.extend(line for line in text.split("\n") if line.strip())
    rng = random.Random(FUZZ_SEED + 1)
    lines.extend(_fuzz(rng, rng.randint(1, 25)) for _ in range(FUZZ_SENTENCES))
    short_units = [piece for line in lines[:200] for piece in re.split(r"(?<=[。，])", line) if 0 < len(piece) <= 60]
    return lines + short_units


def snapshot() -> dict:
    """The whole summary written to and compared with the snapshot file."""
    return {
        "documents": {name: summarize_document(text, lang) for name, (text, lang) in documents().items()},
        "sentences": {text: summarize_sentence(text) for text in sentences()},
    }


if __name__ == "__main__":
    SNAPSHOT_PATH.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT_PATH.write_text(
        json.dumps(snapshot(), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {SNAPSHOT_PATH} ({SNAPSHOT_PATH.stat().st_size} bytes)")
