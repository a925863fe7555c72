"""Deterministic zh-en benchmark data: official-style sentences from the starter glossary and phrase templates.

Every sentence is built from a template whose Chinese and English forms share named slots, so the
English target is produced in parallel with the source. Slots are filled with starter-glossary
terms (organizations, titles, political phrases, laws, events), provincial places, generic
official phrases, person names, and placeables (numbers, dates, percents). Because the generator
knows where its placeables are, it also produces the memory match key directly (placeables as
slot characters, the rest width-folded as `service.memory.keys.match_key` does) without running
the text pipeline over a million sentences; tests check both keys agree.
"""

from __future__ import annotations

import csv
import random
import string
from dataclasses import dataclass
from pathlib import Path

from service.memory.keys import SLOT_CHARS, fold_text
from service.text.months import MONTHS

ROOT = Path(__file__).resolve().parents[2]
STARTER_CSV = ROOT / "glossary" / "data" / "starter.csv"
PLACES_CSV = ROOT / "glossary" / "data" / "places.csv"
TERM_CATEGORIES = ("organization", "title", "political-phrase", "law-document", "event")


@dataclass(frozen=True, slots=True)
class Fill:
    """One slot value in both languages; `kind` names the placeable kind, or None for words."""

    zh: str
    en: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    """A generated source sentence, its English rendering and its memory match key."""

    source: str
    target: str
    key: str


@dataclass(frozen=True)
class Vocabulary:
    """Slot fillers by slot name: glossary terms by category plus generic official phrases."""

    fills: dict[str, tuple[Fill, ...]]


# Generic official phrases (verb phrases and objects) that are not glossary terms.
ACTIONS = (
    ("深入贯彻", "thoroughly implement"),
    ("全面落实", "fully implement"),
    ("认真学习", "earnestly study"),
    ("扎实推进", "solidly advance"),
    ("持续加强", "continue to strengthen"),
    ("不断完善", "continuously improve"),
    ("切实做好", "effectively carry out"),
    ("大力推动", "vigorously promote"),
    ("稳步推进", "steadily advance"),
    ("着力提升", "strive to enhance"),
    ("积极探索", "actively explore"),
    ("坚决维护", "resolutely safeguard"),
    ("统筹推进", "advance in a coordinated way"),
    ("进一步健全", "further improve"),
    ("加快构建", "accelerate building"),
    ("全力做好", "do everything possible for"),
)
OBJECTS = (
    ("工作机制", "working mechanisms"),
    ("服务保障体系", "the service and support system"),
    ("政策制度体系", "the system of policies"),
    ("基层治理", "community-level governance"),
    ("就业创业工作", "employment and entrepreneurship work"),
    ("优抚安置工作", "preferential treatment and resettlement"),
    ("权益保障工作", "the protection of rights and interests"),
    ("思想政治工作", "ideological and political work"),
    ("干部队伍建设", "the building of the cadre force"),
    ("作风建设", "the improvement of conduct"),
    ("信息化建设", "digital development"),
    ("风险防范化解", "the prevention and defusing of risks"),
    ("营商环境", "the business environment"),
    ("民生保障", "the protection of people's wellbeing"),
    ("应急管理能力", "emergency management capacity"),
    ("褒扬纪念工作", "commemoration work"),
    ("示范创建活动", "model-building campaigns"),
    ("信访维稳工作", "petition handling and stability work"),
    ("服务站点建设", "the building of service stations"),
    ("教育培训工作", "education and training"),
)
UNITS = (
    ("地市", "prefectures"),
    ("县区", "counties and districts"),
    ("乡镇", "townships"),
    ("服务中心", "service centers"),
    ("项目", "projects"),
    ("示范点", "pilot sites"),
)
VERBS_PASSIVE = (
    ("安置", "resettled"),
    ("走访慰问", "visited"),
    ("培训", "trained"),
    ("帮扶", "assisted"),
    ("表彰", "commended"),
    ("接收", "received"),
)
SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("许", "Xu"),
    ("董", "Dong"),
    ("唐", "Tang"),
    ("梁", "Liang"),
)
GIVEN = (
    ("明", "ming"),
    ("华", "hua"),
    ("强", "qiang"),
    ("军", "jun"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("敏", "min"),
    ("静", "jing"),
    ("涛", "tao"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("平", "ping"),
    ("刚", "gang"),
    ("辉", "hui"),
    ("建", "jian"),
    ("永", "yong"),
    ("忠", "zhong"),
    ("学", "xue"),
    ("仲", "zhong"),
    ("琪", "qi"),
    ("汉", "han"),
    ("君", "jun"),
    ("谦", "qian"),
    ("创", "chuang"),
)

# (Chinese, English) templates sharing slot names. Slots: org, title, phrase, law, event, place,
# action/action2, object/object2, unit, verb, name; placeables: date, year, number, count, percent, money.
TEMPLATES = (
    ("{date}，{org}召开会议，研究部署{object}。", "On {date}, the {org} held a meeting to study and plan {object}."),
    (
        "会议强调，要{action}{phrase}，{action2}{object}。",
        "The meeting stressed the need to {action} {phrase} and {action2} {object}.",
    ),
    ("{title}{name}出席会议并讲话。", "{title} {name} attended the meeting and delivered a speech."),
    (
        "{year}，全省共{verb}{count}人，同比增长{percent}。",
        "In {year}, a total of {count} people were {verb} across the province, up {percent} year on year.",
    ),
    ("{org}要{action}{law}，{action2}{object}。", "The {org} must {action} the {law} and {action2} {object}."),
    (
        "各级{org}要以{phrase}为指导，{action}{object}。",
        "{org} bodies at all levels should be guided by {phrase} and {action} {object}.",
    ),
    (
        "截至{date}，已累计投入资金{money}元，惠及{count}户家庭。",
        "As of {date}, a total of {money} yuan had been invested, benefiting {count} households.",
    ),
    (
        "{event}期间，{org}{action}{object}，取得明显成效。",
        "During the {event}, the {org} worked to {action} {object}, with notable results.",
    ),
    (
        "要坚持{phrase}，把{object}摆在更加突出的位置。",
        "We must uphold {phrase} and give greater prominence to {object}.",
    ),
    (
        "{place}{number}个{unit}已全部完成{object}任务。",
        "All {number} {unit} in {place} have completed their tasks concerning {object}.",
    ),
    (
        "全年共实施{object}项目{number}个，完成率达{percent}。",
        "{number} projects on {object} were carried out during the year, a completion rate of {percent}.",
    ),
    (
        "{title}{name}强调，{phrase}是做好{object}的根本保证。",
        "{title} {name} stressed that {phrase} is the fundamental guarantee for {object}.",
    ),
    (
        "根据{law}有关规定，{org}将于{date}起{action}{object}。",
        "In accordance with the {law}, the {org} will {action} {object} from {date}.",
    ),
    (
        "{place}{org}与{org2}联合开展{object}专项行动，{action}{object2}。",
        "The {org} of {place} and the {org2} jointly launched a campaign on {object} to {action} {object2}.",
    ),
    (
        "第{number}次会议审议通过了关于{action}{object}的意见。",
        "Meeting No. {number} reviewed and adopted the opinions on how to {action} {object}.",
    ),
    (
        "{title}{name}、{title2}{name2}等参加调研。",
        "{title} {name}, {title2} {name2} and others took part in the fact-finding visit.",
    ),
)
_FIELDS = string.Formatter()


def _term_rows() -> list[tuple[str, str, str]]:
    """(source, target, category) of every starter term, via glossary.starter when it exists."""
    try:
        from glossary.starter import load_starter
    except ImportError:
        with open(STARTER_CSV, encoding="utf-8", newline="") as rows:
            return [(r["source"], r["target"], r["category"]) for r in csv.DictReader(rows)]
    return [(t.source, t.target, str(t.category)) for t in load_starter()]


def load_vocabulary() -> Vocabulary:
    """Slot fillers from the starter glossary, places.csv and the generic phrase lists."""
    by_category: dict[str, list[Fill]] = {c: [] for c in TERM_CATEGORIES}
    for source, target, category in _term_rows():
        if category in by_category and not any(ch.isdigit() or ch in "（）()" for ch in source):
            by_category[category].append(Fill(source, target))
    with open(PLACES_CSV, encoding="utf-8", newline="") as rows:
        places = tuple(Fill(r["name"], r["english"]) for r in csv.DictReader(rows))
    pairs = lambda items: tuple(Fill(zh, en) for zh, en in items)  # noqa: E731
    fills = {
        "org": tuple(by_category["organization"]),
        "title": tuple(by_category["title"]),
        "phrase": tuple(by_category["political-phrase"]),
        "law": tuple(by_category["law-document"]),
        "event": tuple(by_category["event"]),
        "place": places,
        "action": pairs(ACTIONS),
        "object": pairs(OBJECTS),
        "unit": pairs(UNITS),
        "verb": pairs(VERBS_PASSIVE),
    }
    return Vocabulary({name: values for name, values in fills.items() if values})


def _date(rng: random.Random) -> Fill:
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    if rng.random() < 0.5:
        return Fill(f"{year}年{month}月{day}日", f"{MONTHS[month - 1]} {day}, {year}", "date")
    return Fill(f"{month}月{day}日", f"{MONTHS[month - 1]} {day}", "date")


def _placeable(slot: str, rng: random.Random) -> Fill:
    if slot == "date":
        return _date(rng)
    if slot == "year":
        year = rng.randint(2015, 2025)
        return Fill(f"{year}年", str(year), "date")
    if slot == "percent":
        value = f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
        return Fill(f"{value}%", f"{value}%", "percent")
    if slot == "money":
        value = rng.randint(2, 9999)
        return Fill(f"{value}万", f"{value * 10_000:,}", "number")
    upper = 99 if slot == "number" else 99_999
    value = str(rng.randint(2, upper))
    return Fill(value, value, "number")


PLACEABLE_SLOTS = frozenset({"date", "year", "percent", "money", "number", "count"})


class SentenceFactory:
    """Deterministic stream of `Pair`s for one seed."""

    def __init__(self, seed: int, vocabulary: Vocabulary | None = None, templates=TEMPLATES):
        self._rng = random.Random(seed)
        self._vocabulary = vocabulary or load_vocabulary()
        self._templates = [(zh, en, list(_FIELDS.parse(zh))) for zh, en in templates]

    def _name(self) -> Fill:
        rng = self._rng
        (sz, se), parts = rng.choice(SURNAMES), [rng.choice(GIVEN) for _ in range(rng.randint(1, 2))]
        return Fill(sz + "".join(p[0] for p in parts), se + " " + "".join(p[1] for p in parts).capitalize())

    def _fill(self, slot: str) -> Fill:
        base = slot.rstrip("0123456789")
        if base in PLACEABLE_SLOTS:
            return _placeable(base, self._rng)
        if base == "name":
            return self._name()
        return self._rng.choice(self._vocabulary.fills[base])

    def pair(self) -> Pair:
        """The next generated pair."""
        _zh_template, en_template, parsed = self._rng.choice(self._templates)
        values: dict[str, Fill] = {}
        source_parts: list[str] = []
        key_parts: list[str] = []
        for literal, slot, _spec, _conv in parsed:
            source_parts.append(literal)
            key_parts.append(fold_text(literal))
            if slot is None:
                continue
            fill = values.get(slot) or values.setdefault(slot, self._fill(slot))
            source_parts.append(fill.zh)
            key_parts.append(SLOT_CHARS[fill.kind] if fill.kind else fold_text(fill.zh))
        target = en_template.format_map({slot: fill.en for slot, fill in values.items()})
        return Pair("".join(source_parts), target[0].upper() + target[1:], "".join(key_parts))

    def pairs(self, count: int) -> list[Pair]:
        return [self.pair() for _ in range(count)]

    def text(self, min_chars: int, paragraph_sentences: int = 6) -> str:
        """Running Chinese text of at least `min_chars` characters, in paragraphs."""
        chunks: list[str] = []
        size = 0
        while size < min_chars:
            paragraph = "".join(self.pair().source for _ in range(paragraph_sentences)) + "\n"
            chunks.append(paragraph)
            size += len(paragraph)
        return "".join(chunks)
