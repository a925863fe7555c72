"""Noise labels for segments of scraped pages: metadata, image captions, spam, boilerplate.

Each label gets a score from a few transparent features of the (normalized, simplified)
segment; the best label scoring at least `THRESHOLD` wins, otherwise the segment is content.

- metadata: byline field labels followed by a colon (`作者：` `来源：` `发布时间：` `点击数：`,
  plus `分享到` and `字号`) score 0.5 each (distinct labels), a date adds 0.25; lines over
  `METADATA_MAX_LENGTH` characters score nothing.
- caption: a segment that is only file names (`\\S+.(png|jpe?g|gif|webp|bmp|pdf|docx?)`) scores
  1.2; a short segment (≤ `CAPTION_MAX_LENGTH`) without sentence-final punctuation that holds an
  image placeholder word (图片, 照片, 图为, image, photo …) scores 1.0.
- spam: generic adult/gambling words; unmistakable ones (无码, 毛片, 百家乐 …) score 0.6, words
  that also occur in official prose (色情, 赌博, 成人, 在线观看 …) 0.2; halved when the segment ends
  like a sentence. A `|`-separated list of at least `SPAM_LIST_ITEMS` short items (keyword
  stuffing, e.g. lists of place names) adds 1.0.
- boilerplate: copyright and navigation labels (版权所有, ICP备, 首页, 返回顶部, 上一篇 …) score 0.6
  each in segments up to `BOILERPLATE_MAX_LENGTH` characters (0.2 beyond), 0.5 more when the
  segment starts with one; breadcrumb separators (`>`, `»`) twice or more add 0.6; a short `|`
  list (navigation menu) adds 0.6.

`classify_segments` adds document context: once spam starts in the trailing part of a
document, every later segment of that tail is spam when the tail consists only of spam,
list-like or short fragment segments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import ahocorasick

from .chars import CLOSING_MARKS, HAN_CLASS

THRESHOLD = 1.0
METADATA_MAX_LENGTH = 200
CAPTION_MAX_LENGTH = 30
BOILERPLATE_MAX_LENGTH = 150
SPAM_LIST_ITEMS = 10
LIST_ITEM_MAX_MEAN_LENGTH = 10
FRAGMENT_MAX_LENGTH = 20
LABELS = ("spam", "metadata", "caption", "boilerplate")

STRONG_SPAM_WORDS = (
    "无码",
    "毛片",
    "黄片",
    "一本道",
    "人妻",
    "约炮",
    "裸聊",
    "百家乐",
    "娱乐城",
    "老虎机",
    "时时彩",
    "成人影片",
    "成人视频",
    "成人网站",
    "porn",
    "xxx",
    "hentai",
    "viagra",
    "casino",
)
WEAK_SPAM_WORDS = (
    "色情",
    "赌博",
    "博彩",
    "赌场",
    "六合彩",
    "成人",
    "国产",
    "精品",
    "日韩",
    "欧美",
    "亚洲",
    "在线观看",
    "免费观看",
    "高清视频",
    "免费视频",
    "天堂",
    "网址",
    "激情",
    "伦理",
    "午夜",
    "一区二区",
    "av",
    "sex",
)
METADATA_LABELS = (
    "作者",
    "来源",
    "信息来源",
    "文章来源",
    "时间",
    "发布时间",
    "发布日期",
    "日期",
    "点击数",
    "点击",
    "浏览次数",
    "浏览",
    "阅读数",
    "阅读",
    "责任编辑",
    "编辑",
    "字号",
    "索引号",
    "发布机构",
    "成文日期",
)
PLACEHOLDER_WORDS = ("图片", "照片", "图为", "截图", "image", "photo", "picture", "img")
BOILERPLATE_LABELS = (
    "版权所有",
    "ICP备",
    "ICP证",
    "公网安备",
    "网站标识码",
    "首页",
    "返回顶部",
    "上一篇",
    "下一篇",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "网站地图",
    "联系我们",
    "主办单位",
    "承办单位",
    "技术支持",
    "当前位置",
    "扫一扫",
    "copyright",
    "©",
    "all rights reserved",
)


def _word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Longest-first alternation; ASCII words must not touch other ASCII letters."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"(?<![a-z]){escaped}(?![a-z])" if word.isascii() and word[-1].isalpha() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


_STRONG_SPAM = _word_pattern(STRONG_SPAM_WORDS)
_WEAK_SPAM = _word_pattern(WEAK_SPAM_WORDS)
_METADATA_LABEL = re.compile(
    "(" + "|".join(sorted(map(re.escape, METADATA_LABELS), key=len, reverse=True)) + r")\s*[:：]|分享到|字号"
)
_PLACEHOLDER = _word_pattern(PLACEHOLDER_WORDS)
_BOILERPLATE = _word_pattern(BOILERPLATE_LABELS)
_FILENAME = re.compile(r"\S+\.(?:png|jpe?g|gif|webp|bmp|pdf|docx?)", re.IGNORECASE)
_FILENAMES_ONLY = re.compile(rf"(?:{_FILENAME.pattern})(?:\s+{_FILENAME.pattern})*", re.IGNORECASE)
# Last letters of the extensions above (no other character matches them when case is ignored).
_FILENAME_LAST_LETTERS = frozenset("gGfFpPcCxX")
_DATE = re.compile(r"(?=\d)(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{4}年\d{1,2}月)")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_ASCII_RUN = re.compile(r"[\x21-\x7e]+")
_SENTENCE_ENDERS = "。！？!?.…"
_SENTENCE_CLOSERS = CLOSING_MARKS + "\"')"
_LIST_SEPARATOR = re.compile(r"[|｜]")
_METADATA_MARKS = (":", "：", "分享到", "字号")

# Most segments hold none of the listed words, so one Aho-Corasick pass over the lowercased
# segment tells which word patterns can match at all; only those regexes run. Under
# IGNORECASE four non-ASCII letters also match ASCII ones (İ ı → i, ſ → s, K → k); they
# are folded for the gate so it never misses a match the regex would find.
_STRONG, _WEAK, _PLACEHOLDER_BIT, _BOILERPLATE_BIT = 1, 2, 4, 8
_IGNORECASE_ODD_LETTERS = (("i\u0307", "i"), ("ı", "i"), ("ſ", "s"))


def _word_gate() -> ahocorasick.Automaton:
    groups = (
        (STRONG_SPAM_WORDS, _STRONG),
        (WEAK_SPAM_WORDS, _WEAK),
        (PLACEHOLDER_WORDS, _PLACEHOLDER_BIT),
        (BOILERPLATE_LABELS, _BOILERPLATE_BIT),
    )
    bits: dict[str, int] = {}
    for words, bit in groups:
        for word in words:
            bits[word.lower()] = bits.get(word.lower(), 0) | bit
    automaton = ahocorasick.Automaton()
    for word, bit in bits.items():
        automaton.add_word(word, bit)
    automaton.make_automaton()
    return automaton


_WORD_GATE = _word_gate()


def _word_groups_present(text: str) -> int:
    """Bits of the word groups one of whose words occurs in `text`, ignoring case and boundaries."""
    folded = text.lower()
    if not folded.isascii():
        for odd, ascii_letter in _IGNORECASE_ODD_LETTERS:
            if odd in folded:
                folded = folded.replace(odd, ascii_letter)
    present = 0
    for _, bit in _WORD_GATE.iter(folded):
        present |= bit
    return present


def _count_in_class(run: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the character class of `run` (a `[...]+` pattern) matches."""
    return len(text) - len(run.sub("", text))


def _ends_like_sentence(text: str) -> bool:
    """A sentence-final mark, then only closing quotes or brackets (`text` has no trailing space)."""
    body = text.rstrip(_SENTENCE_CLOSERS)
    return bool(body) and body[-1] in _SENTENCE_ENDERS


@dataclass(frozen=True, slots=True)
class NoiseFeatures:
    """The measurements the scores are computed from."""

    length: int
    han_share: float
    ascii_share: float
    pipe_share: float
    list_items: int
    mean_item_length: float
    strong_spam_words: int
    weak_spam_words: int
    metadata_labels: int
    has_date: bool
    filenames_only: bool
    placeholder_words: int
    boilerplate_labels: int
    starts_with_boilerplate: bool
    breadcrumb_separators: int
    ends_like_sentence: bool


@dataclass(frozen=True, slots=True)
class NoiseScore:
    """A label (None for content) with the per-label scores and features behind it."""

    label: str | None
    scores: dict[str, float] = field(default_factory=dict)
    features: NoiseFeatures | None = None


def measure(text: str) -> NoiseFeatures:
    """Compute the features of one segment."""
    stripped = text.strip()
    length = len(stripped)
    separators = stripped.count("|") + stripped.count("｜")
    items = [item.strip() for item in _LIST_SEPARATOR.split(stripped) if item.strip()] if separators else []
    words = _word_groups_present(stripped)
    labelled = any(mark in stripped for mark in _METADATA_MARKS)
    return NoiseFeatures(
        length=length,
        han_share=_count_in_class(_HAN_RUN, stripped) / length if length else 0.0,
        ascii_share=_count_in_class(_ASCII_RUN, stripped) / length if length else 0.0,
        pipe_share=separators / length if length else 0.0,
        list_items=len(items),
        mean_item_length=sum(map(len, items)) / len(items) if items else 0.0,
        strong_spam_words=len(_STRONG_SPAM.findall(stripped)) if words & _STRONG else 0,
        weak_spam_words=len(_WEAK_SPAM.findall(stripped)) if words & _WEAK else 0,
        metadata_labels=len({m.group(1) or m.group() for m in _METADATA_LABEL.finditer(stripped)}) if labelled else 0,
        has_date=_DATE.search(stripped) is not None,
        filenames_only="." in stripped and _FILENAMES_ONLY.fullmatch(stripped) is not None,
        placeholder_words=len(_PLACEHOLDER.findall(stripped)) if words & _PLACEHOLDER_BIT else 0,
        boilerplate_labels=len({m.lower() for m in _BOILERPLATE.findall(stripped)}) if words & _BOILERPLATE_BIT else 0,
        starts_with_boilerplate=bool(words & _BOILERPLATE_BIT) and _BOILERPLATE.match(stripped) is not None,
        breadcrumb_separators=stripped.count(">") + stripped.count("»"),
        ends_like_sentence=_ends_like_sentence(stripped),
    )


def _is_short_list(features: NoiseFeatures) -> bool:
    return features.list_items >= 3 and features.mean_item_length <= LIST_ITEM_MAX_MEAN_LENGTH


def _scores(f: NoiseFeatures) -> dict[str, float]:
    spam = 0.6 * f.strong_spam_words + 0.2 * f.weak_spam_words
    if f.ends_like_sentence:
        spam /= 2
    if f.list_items >= SPAM_LIST_ITEMS and f.mean_item_length <= LIST_ITEM_MAX_MEAN_LENGTH:
        spam += 1.0

    metadata = 0.0
    if f.length <= METADATA_MAX_LENGTH:
        metadata = 0.5 * f.metadata_labels + (0.25 if f.has_date and f.metadata_labels else 0.0)

    caption = 0.0
    if f.filenames_only:
        caption = 1.2
    elif f.placeholder_words and f.length <= CAPTION_MAX_LENGTH and not f.ends_like_sentence:
        caption = 1.0

    per_label = 0.6 if f.length <= BOILERPLATE_MAX_LENGTH else 0.2
    boilerplate = per_label * f.boilerplate_labels + (0.5 if f.starts_with_boilerplate else 0.0)
    if f.breadcrumb_separators >= 2 and f.length <= BOILERPLATE_MAX_LENGTH:
        boilerplate += 0.6
    if _is_short_list(f) and f.list_items < SPAM_LIST_ITEMS:
        boilerplate += 0.6
    return {"spam": spam, "metadata": metadata, "caption": caption, "boilerplate": boilerplate}


def _label(scores: dict[str, float]) -> str | None:
    best = max(LABELS, key=scores.__getitem__)
    return best if scores[best] >= THRESHOLD else None


def explain(text: str) -> NoiseScore:
    """Label, scores and features of one segment."""
    features = measure(text)
    scores = _scores(features)
    return NoiseScore(_label(scores), scores, features)


def _plain_content(stripped: str) -> bool:
    """Whether every label would score 0, judged without measuring the features.

    A score needs a listed word or label, a colon after a byline label, a segment ending in a
    file extension, a `|` list or two breadcrumb separators; most segments have none of them.
    """
    return (
        "|" not in stripped
        and "｜" not in stripped
        and not (stripped[-1:] in _FILENAME_LAST_LETTERS and "." in stripped)
        and stripped.count(">") + stripped.count("»") < 2
        and ":" not in stripped
        and "：" not in stripped
        and "分享到" not in stripped
        and "字号" not in stripped
        and not _word_groups_present(stripped)
    )


def classify(text: str) -> str | None:
    """`None` for content, else `metadata`, `caption`, `spam` or `boilerplate`."""
    if _plain_content(text.strip()):
        return None
    return explain(text).label


def _tail_member(label: str | None, features: NoiseFeatures) -> bool:
    if label == "spam":
        return True
    if label is not None:
        return False
    fragment = features.length <= FRAGMENT_MAX_LENGTH and not features.ends_like_sentence
    return fragment or _is_short_list(features)


def _label_and_tail(text: str) -> tuple[str | None, bool]:
    """The label of one segment and whether it may belong to a spam tail (see `_tail_member`)."""
    stripped = text.strip()
    if _plain_content(stripped):
        return None, len(stripped) <= FRAGMENT_MAX_LENGTH and not _ends_like_sentence(stripped)
    features = measure(text)
    label = _label(_scores(features))
    return label, _tail_member(label, features)


def classify_segments(texts: Sequence[str]) -> list[str | None]:
    """Labels for a document's segments in order, with the trailing spam tail marked whole."""
    labelled = [_label_and_tail(text) for text in texts]
    labels = [label for label, _ in labelled]
    tail_start = len(texts)
    while tail_start > 0 and labelled[tail_start - 1][1]:
        tail_start -= 1
    first_spam = next((i for i in range(tail_start, len(texts)) if labels[i] == "spam"), None)
    if first_spam is not None:
        for index in range(first_spam, len(texts)):
            labels[index] = "spam"
    return labels
