"""Numeric facts (numbers, percentages, dates, years, ordinals) in Chinese and English text.

A translation must carry every number, percentage and date of its source. Both languages write them
very differently (`1.2万` / `12,000` / `12 thousand`, `2024年1月25日` / `January 25, 2024`,
`第十三届` / `13th`), so each side is reduced to comparable values and `compare` reports the source
facts the target lacks. Chinese numerals inside idioms and political set phrases (`一带一路`,
`“四个意识”`, `进一步`) are not facts and are skipped; see docs/quality.md for what is missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeAlias

from service.text.chars import HAN_CLASS
from service.text.months import MONTH_ABBREVIATIONS, MONTHS

DateValue: TypeAlias = tuple[int | None, int | None, int | None]  # (year, month, day), None where not written
FactValue: TypeAlias = Decimal | DateValue

KINDS = ("number", "percent", "date", "year", "ordinal")


@dataclass(frozen=True)
class NumFact:
    """One numeric fact: where it is, how it was written, what kind it is and its value.

    `value` is a Decimal, except for dates (kind "date", and only those) where it is a
    (year, month, day) tuple with None for the parts not written.
    """

    start: int
    end: int
    text: str
    kind: str
    value: FactValue


# ---------------------------------------------------------------------------------------------
# Shared helpers

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


class _Collector:
    """Facts found so far, keeping spans disjoint: earlier (more specific) passes win."""

    def __init__(self, text: str):
        self.text = text
        self.taken: list[tuple[int, int]] = []
        self.facts: list[NumFact] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def block(self, start: int, end: int) -> None:
        """Mark a span as consumed without a fact (an idiom or set phrase)."""
        self.taken.append((start, end))

    def add(self, start: int, end: int, kind: str, value: FactValue) -> bool:
        if not self.free(start, end):
            return False
        self.taken.append((start, end))
        self.facts.append(NumFact(start, end, self.text[start:end], kind, value))
        return True

    def sorted(self) -> list[NumFact]:
        return sorted(self.facts, key=lambda fact: (fact.start, fact.end))


def _valid_date(year: int | None, month: int | None, day: int | None) -> bool:
    return (
        (month is None or 1 <= month <= 12)
        and (day is None or 1 <= day <= 31)
        and (year is None or 1000 <= year <= 2999)
    )


def _arabic(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# ---------------------------------------------------------------------------------------------
# Chinese

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_SECTIONS = {"万": 10**4, "亿": 10**8}
_CN = "〇零一二三四五六七八九十百千万亿两"
_CN_NUM = f"[{_CN}]+(?:点[〇零一二三四五六七八九]+)?"
_ARABIC = r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?"
_ARABIC_ZH = r"(?<![A-Za-z_\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![A-Za-z_\d.,])\d+(?:\.\d+)?"
_NUM_ZH = f"(?:\\d+(?:\\.\\d+)?|{_CN_NUM})"
# Measure words and units after which a bare Chinese numeral is a count, not part of a word.
_MEASURES = (
    "周年|个月|小时|分钟|公里|平方|百分点|"
    "个|项|名|人|位|次|年|月|日|天|周|岁|件|家|所|条|批|种|支|户|座|处|倍|元|吨|亩|米|台|辆|套|篇|"
    "部|场|轮|期|届|余|多|起|例|张|份|类|级|层|块|艘|架|省|市|县|镇|村|栋|间|门|届|章|节|款"
)
_OPEN_QUOTES = '“"「『‘'
_CLOSE_QUOTES = '”"」』’'


def chinese_numeral_value(numeral: str) -> Decimal | None:
    """Value of a Chinese numeral (`七十五`, `一百`, `二〇二四`, `三万五千`, `十二点五`), or None."""
    whole, point, fraction = numeral.partition("点")
    if (point and not fraction) or not all(ch in _CN_DIGITS for ch in fraction):
        return None
    integer = _chinese_integer(whole) if whole else None
    if integer is None:
        return None
    if fraction:
        return Decimal(f"{integer}.{''.join(str(_CN_DIGITS[ch]) for ch in fraction)}")
    return Decimal(integer)


def _chinese_integer(numeral: str) -> int | None:
    if all(ch in _CN_DIGITS for ch in numeral):
        # Digit by digit (二〇二四); a lone digit is simply its value.
        if len(numeral) == 1 or "〇" in numeral or "零" in numeral or len(numeral) >= 3:
            return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
        return None
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None  # two digits in a row inside a structured numeral
            digit = _CN_DIGITS[ch] if _CN_DIGITS[ch] != 0 else None
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_SECTIONS:
            scale = _CN_SECTIONS[ch]
            amount = section + (digit or 0)
            if amount == 0 and total == 0:
                return None
            if scale == 10**8:
                total = (total + amount) * scale
            else:
                total += amount * scale
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _parse_zh_number(token: str) -> Decimal | None:
    if token and token[0].isdigit():
        try:
            return _arabic(token)
        except InvalidOperation:
            return None
    return chinese_numeral_value(token)


def _zh_set_phrases(found: _Collector, text: str) -> None:
    """Block numerals that belong to slogans and idioms rather than to facts."""
    # Quoted short slogans with a numeral: “两个确立”, “四个意识”, “五种力量”, “三严三实”.
    for m in re.finditer(f"[{_OPEN_QUOTES}]([^{_CLOSE_QUOTES}]{{2,8}})[{_CLOSE_QUOTES}]", text):
        inner = m.group(1)
        if re.search(f"[{_CN}]", inner) and not re.search(r"\d|年|月|日|%", inner):
            found.block(m.start(), m.end())
    # N个/N种 + two-character noun closing a phrase: 两个维护、四个自信。
    for m in re.finditer(
        f"[一二三四五六七八九十两][个种][{HAN_CLASS}]{{2}}(?=[{_CLOSE_QUOTES}、，。；：,;和与及]|$)", text
    ):
        found.block(m.start(), m.end())
    # Alternating four-character patterns: 一带一路, 一国两制, 两学一做, 五位一体, 三严三实
    # (but not counts such as 十三届四次, whose second and fourth characters are measure words).
    for m in re.finditer(
        f"(?<![{_CN}])[一二三四五六七八九十两]([{HAN_CLASS}])[一二三四五六七八九十两双]([{HAN_CLASS}])", text
    ):
        if all(ch not in _CN and not re.fullmatch(_MEASURES, ch) for ch in m.groups()):
            found.block(m.start(), m.end())
    # File names and addresses carry digits that are not facts: _84A8693(1).png, www.gov.cn/2024.
    for m in re.finditer(r"[\w\-()（）.]+\.(?:png|jpe?g|gif|bmp|pdf|docx?|xlsx?|pptx?|zip|html?)\b|https?://\S+", text):
        found.block(m.start(), m.end())


def _zh_dates(found: _Collector, text: str) -> None:
    year: int | None  # the written forms below may leave out any part
    month: int | None
    day: int | None
    for m in re.finditer(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid_date(year, month, day):
            found.add(m.start(), m.end(), "date", (year, month, day))
    year_part = "(?:(\\d{4}|[〇零一二三四五六七八九]{4})年)?"
    pattern = (
        f"{year_part}({_NUM_ZH})月(?:({_NUM_ZH})[日号])?(?:\\s*[至到—\\-~－–]\\s*(?:({_NUM_ZH})月)?({_NUM_ZH})[日号])?"
    )
    for m in re.finditer(pattern, text):
        year = _zh_int(m.group(1))
        month = _zh_int(m.group(2))
        day = _zh_int(m.group(3))
        if month is None or not _valid_date(year, month, day):
            continue
        if m.group(5) is None:
            found.add(m.start(), m.end(), "date", (year, month, day))
            continue
        end_month = _zh_int(m.group(4)) or month
        end_day = _zh_int(m.group(5))
        if day is None or not _valid_date(year, end_month, end_day) or not found.free(m.start(), m.end()):
            continue
        second_start = m.start(4) if m.group(4) else m.start(5)
        found.add(m.start(), m.end(3) + 1, "date", (year, month, day))
        found.add(second_start, m.end(), "date", (year, end_month, end_day))
    for m in re.finditer(r"(?<![\d.])(\d{4}|[〇零一二三四五六七八九]{4})年(?!代)", text):
        year = _zh_int(m.group(1))
        if year is not None and _valid_date(year, None, None):
            found.add(m.start(), m.end(), "year", Decimal(year))


def _zh_int(token: str | None) -> int | None:
    if token is None:
        return None
    value = _parse_zh_number(token)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _zh_percentages(found: _Collector, text: str) -> None:
    for m in re.finditer(f"百分之({_NUM_ZH})", text):
        value = _parse_zh_number(m.group(1))
        if value is not None:
            found.add(m.start(), m.end(), "percent", value)
    for m in re.finditer(f"({_ARABIC_ZH}|{_CN_NUM})\\s*(?:[%]|个百分点)", text):
        value = _parse_zh_number(m.group(1))
        if value is not None:
            found.add(m.start(), m.end(), "percent", value)


def _zh_ordinals(found: _Collector, text: str) -> None:
    patterns = [
        f"第({_NUM_ZH})",  # 第一, 第13, 第十三届
        f"(?<=党的|中共)([{_CN}]+)大",  # 党的二十大
        f"([{_CN}]{{2,}})大(?![学小量力型概])",  # 二十大, 十九大 (单字 三大 = "three major")
        f"([{_CN}]+)届",  # 十三届 = 13th
        f"([{_CN}]+)中全会",  # 二中全会 = second plenary session
        f"([{_CN}]+)次(?:全会|全体会议)",  # 四次全会 = fourth plenary session
        r"(十[一二三四五六七八九])五(?=规划|时期|期间)",  # 十四五 = 14th Five-Year Plan
    ]
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            value = _parse_zh_number(m.group(1))
            if value is not None and value > 0:
                found.add(m.start(), m.end(), "ordinal", value)


def _zh_amounts(found: _Collector, text: str) -> None:
    # 多/余 ("more than") may sit between the number and its unit: 5700多万 is over 57 million.
    for m in re.finditer(f"({_ARABIC_ZH})\\s*(?:[多余]?(万亿|亿|万))?", text):
        value = _arabic(m.group(1))
        for ch in m.group(2) or "":
            value *= _CN_SECTIONS[ch]
        found.add(m.start(), m.end(), "number", value)
    for m in re.finditer(f"(?<![{_CN}])({_CN_NUM})(?:[多余](万亿|亿|万))?(?=({_MEASURES})?)", text):
        numeral, scale, measure = m.group(1), m.group(2), m.group(3)
        if numeral[0] in "百千万亿":
            continue  # 千万 (by all means), 万一 (in case), 百姓 (people)
        single = len(numeral) == 1
        if single and (measure is None or numeral == "一"):
            continue  # 进一步, 十分, 三农; 一个 is mostly the article "a"
        amount = chinese_numeral_value(numeral)
        if amount is not None:
            for ch in scale or "":
                amount *= _CN_SECTIONS[ch]
            found.add(m.start(), m.end(), "number", amount)


def extract_zh(text: str) -> list[NumFact]:
    """Numeric facts in Chinese text, in text order, with offsets into `text`."""
    folded = text.translate(_FULL_WIDTH)
    found = _Collector(text)
    _zh_set_phrases(found, folded)
    _zh_dates(found, folded)
    _zh_percentages(found, folded)
    _zh_ordinals(found, folded)
    _zh_amounts(found, folded)
    return found.sorted()


# ---------------------------------------------------------------------------------------------
# English

_MONTHS = {
    name.lower(): number
    for number, (month, abbreviations) in enumerate(zip(MONTHS, MONTH_ABBREVIATIONS), 1)
    for name in (month, *abbreviations)
}
_MONTH = f"({'|'.join(MONTHS)}|(?:{'|'.join(a for names in MONTH_ABBREVIATIONS for a in names)})\\.?)"
_UNITS_EN = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS_EN = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
_SCALES_EN = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Nouns that stand for a number in official English: 一百周年 is "the centenary", 十年来 "the past decade".
_NUMBER_NOUNS_EN = {"centenary": 100, "centennial": 100, "decade": 10, "dozen": 12}
_WORD = "|".join(sorted([*_UNITS_EN, *_ORDINALS_EN, *_SCALES_EN], key=len, reverse=True))
_WORD_RUN = f"\\b(?:{_WORD})(?:(?:\\s+and\\s+|\\s+|-)(?:{_WORD}))*\\b"
_PERCENT_EN = r"\s*(?:%|per\s*cent\b|percentage\s+points?\b)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"


def english_number_words_value(words: str) -> tuple[Decimal, bool] | None:
    """Value of an English number-word run (`seventy-five`, `one hundred and two`, `twenty-first`)
    and whether it is an ordinal; None when the run is not a well-formed number."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    total, current, ordinal = 0, 0, False
    for position, token in enumerate(tokens):
        if ordinal:
            return None  # nothing follows an ordinal word
        if token in _UNITS_EN:
            current += _UNITS_EN[token]
        elif token in _ORDINALS_EN:
            value = _ORDINALS_EN[token]
            if value >= 100:
                current = max(current, 1) * value
            else:
                current += value
            ordinal = True
        elif token in _SCALES_EN:
            scale = _SCALES_EN[token]
            if position == 0:
                return None  # "hundred" alone is not a count
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        else:
            return None
    return Decimal(total + current), ordinal


def _en_dates(found: _Collector, text: str) -> None:
    def month_of(token: str) -> int:
        return _MONTHS[token.lower().rstrip(".")]

    def year_of(token: str | None) -> int | None:
        return int(token) if token else None

    year: int | None  # a date written with its month may leave out the year

    for m in re.finditer(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid_date(year, month, day):
            found.add(m.start(), m.end(), "date", (year, month, day))
    # January 18 to 19, 2024 / Jan. 25 / January 25, 2024
    month_first = f"\\b{_MONTH}\\s+{_DAY}(?:\\s*(?:-|–|to|and|through)\\s*{_DAY})?(?!\\d)(?:,?\\s+(\\d{{4}})\\b)?"
    # 18-19 January 2024 / 25 January, 2024 / the 25th of January
    day_first = f"\\b{_DAY}(?:\\s*(?:-|–|to|and)\\s*{_DAY})?\\s+(?:of\\s+)?{_MONTH}(?:,?\\s+(\\d{{4}})\\b)?"
    for pattern, order in ((month_first, "md"), (day_first, "dm")):
        for m in re.finditer(pattern, text, flags=re.IGNORECASE if order == "dm" else 0):
            if order == "md":
                month, day, day2, year = month_of(m.group(1)), int(m.group(2)), m.group(3), year_of(m.group(4))
            else:
                day, day2, month, year = int(m.group(1)), m.group(2), month_of(m.group(3)), year_of(m.group(4))
            day2 = int(day2) if day2 else None
            if not _valid_date(year, month, day) or (day2 is not None and not _valid_date(year, month, day2)):
                continue
            if not found.free(m.start(), m.end()):
                continue
            if day2 is None:
                found.add(m.start(), m.end(), "date", (year, month, day))
            else:
                found.block(m.start(), m.end())
                found.facts.append(NumFact(m.start(), m.end(), m.group(0), "date", (year, month, day)))
                found.facts.append(NumFact(m.start(), m.end(), m.group(0), "date", (year, month, day2)))
    # January 2024 / in May 2023 / in January
    for m in re.finditer(f"\\b{_MONTH}(?:,?\\s+(\\d{{4}})\\b)?", text):
        token, year = m.group(1), year_of(m.group(2))
        if (token.lower() == "may" and year is None) or (token.endswith(".") and year is None):
            continue  # "may" the verb; abbreviations only with a day or year
        if len(token.rstrip(".")) == 3 and token.lower() not in _MONTHS and year is None:
            continue
        found.add(m.start(), m.end(), "date", (year, month_of(token), None))


def _en_percent_end(text: str, end: int) -> int | None:
    m = re.compile(_PERCENT_EN, re.IGNORECASE).match(text, end)
    return m.end() if m else None


def _en_numbers(found: _Collector, text: str) -> None:
    scale_words = "|".join(_SCALES_EN)
    for m in re.finditer(f"({_ARABIC})(?:(st|nd|rd|th)|\\s+({scale_words}))?(?!\\w)", text, re.IGNORECASE):
        value = _arabic(m.group(1))
        end = m.end()
        if m.group(2):
            found.add(m.start(), end, "ordinal", value)
            continue
        if m.group(3):
            value *= _SCALES_EN[m.group(3).lower()]
        percent_end = _en_percent_end(text, end)
        if percent_end is not None:
            found.add(m.start(), percent_end, "percent", value)
        elif m.group(3) is None and "," not in m.group(1) and "." not in m.group(1) and 1900 <= value <= 2100:
            found.add(m.start(), end, "year", value)
        else:
            found.add(m.start(), end, "number", value)
    for m in re.finditer(_WORD_RUN, text, re.IGNORECASE):
        parsed = english_number_words_value(m.group(0))
        if parsed is None:
            continue
        value, ordinal = parsed
        percent_end = None if ordinal else _en_percent_end(text, m.end())
        if percent_end is not None:
            found.add(m.start(), percent_end, "percent", value)
        else:
            found.add(m.start(), m.end(), "ordinal" if ordinal else "number", value)


def extract_en(text: str) -> list[NumFact]:
    """Numeric facts in English text, in text order, with offsets into `text`."""
    found = _Collector(text)
    _en_dates(found, text)
    _en_numbers(found, text)
    for m in re.finditer(f"\\b({'|'.join(_NUMBER_NOUNS_EN)})\\b", text, re.IGNORECASE):
        found.add(m.start(), m.end(), "number", Decimal(_NUMBER_NOUNS_EN[m.group(1).lower()]))
    return found.sorted()


# ---------------------------------------------------------------------------------------------
# Comparison


def facts_match(source: NumFact, target: NumFact) -> bool:
    """Whether `target` carries `source`.

    Percentages match percentages of the same value. Dates match dates agreeing on every part the
    source wrote (a target may add a year). Numbers, years and ordinals match each other by value,
    since `75周年` is the "75th anniversary" and `第三` may be "third" or "3".
    """
    if source.kind == "percent" or target.kind == "percent":
        return source.kind == target.kind and source.value == target.value
    source_value, target_value = source.value, target.value
    if isinstance(source_value, tuple):  # a date
        if not isinstance(target_value, tuple):
            return False
        return all(s is None or s == t for s, t in zip(source_value, target_value))
    if isinstance(target_value, tuple):
        # A year written as part of an English date ("January 25, 2024").
        return source.kind == "year" and target_value[0] == int(source_value)
    return source_value == target_value


def compare(source_facts: list[NumFact], target_facts: list[NumFact]) -> list[NumFact]:
    """The source facts that the target does not carry.

    Each distinct source fact (by its written form) needs a target fact of its own, assigned one to
    one, so `二十大` and `二十届` need two "20th"s. A form repeated in the source (`2024年` twice) needs
    only one: translations often replace the repetition with "this year". Only the first occurrence
    of an unmatched form is returned.
    """
    distinct: list[NumFact] = []
    for fact in source_facts:
        if all(fact.text != seen.text for seen in distinct):
            distinct.append(fact)
    candidates = [[j for j, t in enumerate(target_facts) if facts_match(s, t)] for s in distinct]
    owner: dict[int, int] = {}  # target index -> distinct source index

    def assign(i: int, visited: set[int]) -> bool:
        for j in candidates[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or assign(owner[j], visited):
                owner[j] = i
                return True
        return False

    matched = {i for i in range(len(distinct)) if assign(i, set())}
    return [fact for i, fact in enumerate(distinct) if i not in matched]


def uncarried(target_facts: list[NumFact], source_facts: list[NumFact]) -> list[NumFact]:
    """Target facts equal to no source fact at all (repetitions allowed): numbers the target adds."""
    return [t for t in target_facts if not any(facts_match(s, t) for s in source_facts)]
