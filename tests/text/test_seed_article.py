"""Acceptance on a real scraped page and on messier variants of it built here."""

import os
import re
from pathlib import Path

import opencc
import pytest

from service.text.normalize import normalize
from service.text.pipeline import process


def seed_path() -> Path:
    path = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed-article.txt"
    if not path.exists() and os.environ.get("YIKU_SHARED_DIR"):
        path = Path(os.environ["YIKU_SHARED_DIR"]) / "data" / "seed-article.txt"
    return path


@pytest.fixture(scope="module")
def raw():
    return seed_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def segments(raw):
    return process(raw)


PINYIN_LEFT = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[1-5]?[)）]")
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


def article_sentences(segments):
    return [s.normalized for s in segments if s.noise is None and s.normalized.endswith("。")]


def test_no_pinyin_annotation_survives(raw, segments):
    assert PINYIN_LEFT.search(raw)
    text = normalize(raw).text
    assert not PINYIN_LEFT.search(text)
    assert not any(char in TONED for char in text)
    assert text.count("事务厅（局）长") == 2


def test_segments_are_slices_of_the_original(raw, segments):
    for segment in segments:
        assert raw[segment.start : segment.end] == segment.text
        assert segment.text == segment.text.strip()


def test_header_captions_and_spam_tail(raw, segments):
    labels = {s.normalized: s.noise for s in segments}
    header = next(s for s in segments if s.normalized.startswith("作者"))
    assert header.noise == "metadata"
    assert labels["已编辑图片"] == "caption"
    file_names = [s for s in segments if s.normalized.endswith(".png")]
    assert len(file_names) == 2 and all(s.noise == "caption" for s in file_names)
    last_sentence = max(i for i, s in enumerate(segments) if s.normalized.endswith("参加会议。"))
    tail = segments[last_sentence + 1 :]
    assert tail and all(s.noise == "spam" for s in tail)
    assert tail[-1].end == len(raw.rstrip())
    assert all(s.noise != "spam" for s in segments[: last_sentence + 1])


def test_every_article_sentence_is_its_own_segment(raw, segments):
    body = [s.normalized for s in segments if s.noise is None]
    for segment in body:
        assert "。" not in segment[:-1]
    normalized = normalize(raw).text
    assert len(article_sentences(segments)) == normalized.count("。")


def test_headings_are_content(segments):
    assert segments[0].normalized == "全省退役军人事务局长会议召开" and segments[0].noise is None


def annotate_every_character(text):
    """Rebuild the page the way other converters do: pinyin after every Han character."""
    return re.sub(r"([\u4e00-\u9fff])", r"\1(yī)", text)


def question_mark_indents(text):
    return re.sub(r"(?m)^[ \u3000\xa0]+", "????", text)


def mixed_punctuation(text):
    swapped = {"，": ",", ",": "，", "：": ":", "；": ";"}
    return "".join(swapped.get(char, char) if i % 2 else char for i, char in enumerate(text))


def full_width_digits(text):
    return text.translate({code: code + 0xFEE0 for code in range(ord("0"), ord("9") + 1)})


VARIANTS = {
    "every character annotated": annotate_every_character,
    "every character annotated without tones": lambda text: re.sub(r"([\u4e00-\u9fff])", r"\1(yi)", text),
    "question-mark indents": question_mark_indents,
    "mixed punctuation": mixed_punctuation,
    "full-width digits": full_width_digits,
    "simplified": lambda text: opencc.OpenCC("t2s").convert(normalize(text).text),
    "windows line ends and zero-width spaces": lambda text: text.replace("\n", "\r\n").replace("會", "會\u200b"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_messy_variants_give_the_same_sentences(raw, segments, variant):
    messy = VARIANTS[variant](raw)
    assert messy != raw
    messy_segments = process(messy)
    assert article_sentences(messy_segments) == article_sentences(segments)
    for segment in messy_segments:
        assert messy[segment.start : segment.end] == segment.text
