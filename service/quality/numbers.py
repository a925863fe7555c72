"""Numeric facts (numbers, percentages, dates, years, ordinals) in Chinese and English text.

A translation must carry every number, percentage and date of its source. Both languages write them
very differently (`1.2万` / `12,000` / `12 thousand`, `五千萬元` / `NT$50 million`, `2024年1月25日` /
`January 25, 2024`, `民國一百零二年六月二十七日` / `27 June 2013`, `第十三届` / `13th`), so each side
is reduced to comparable values and `compare` reports the source facts the target lacks.

Chinese text is first folded one character for one (offsets are kept): full-width forms to ASCII,
the traditional characters the rules read to their simplified forms (`萬億兩個屆點`), and financial
numerals (`壹貳參拾佰仟`) to ordinary ones. Numerals are then read by one grammar of digits, units
(十百千) and scales (万亿兆) that also takes Arabic coefficients (`1億2,000萬`). Chinese numerals
inside idioms, approximations and political set phrases (`一带一路`, `“四个意识”`, `进一步`, `数十`,
`上千`) are not facts and are skipped; see docs/quality.md for each rule and for what is missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import TypeAlias

from service.text.chars import HAN_CLASS
from service.text.months import MONTH_ABBREVIATIONS, MONTHS

DateValue: TypeAlias = tuple[int | None, int | None, int | None]  # (year, month, day), None where not written
FactValue: TypeAlias = Decimal | DateValue

KINDS = ("number", "percent", "date", "year", "ordinal")

ROC_EPOCH = 1911
"""Year 1 of the Republic of China (民國元年) is 1912: a 民國 year plus 1911 is the Western year."""


@dataclass(frozen=True)
class NumFact:
    """One numeric fact: where it is, how it was written, what kind it is and its value.

    `value` is a Decimal, except for dates (kind "date", and only those) where it is a
    (year, month, day) tuple with None for the parts not written. Fractions (`三分之一`,
    "a third") are numbers whose value is the quotient.
    """

    start: int
    end: int
    text: str
    kind: str
    value: FactValue


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _width_table() -> dict[str, str]:
    # Full-width ASCII to ASCII, except the full-width comma: in Chinese it separates clauses.
    table = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if code != 0xFF0C}
    table["\u3000"] = " "  # ideographic space
    table["￥"] = "¥"
    return table


def _fold_pattern(table: dict[str, str]) -> re.Pattern[str]:
    # Substituting only the characters that change is several times faster than str.translate here.
    return re.compile(f"[{''.join(re.escape(ch) for ch in table)}]")


_WIDTH = _width_table()
_WIDTH_CHARS = _fold_pattern(_WIDTH)
# A full-width comma inside a number written in full-width digits (１，２５０，０００) groups thousands.
_FULL_WIDTH_GROUP_COMMA = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")
_RATIO = Context(prec=20)


def _fold_width(text: str) -> str:
    if "，" in text:
        text = _FULL_WIDTH_GROUP_COMMA.sub(",", text)
    return _WIDTH_CHARS.sub(lambda m: _WIDTH[m.group()], text)


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


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """A fraction's value, computed the same way for both languages so that equal fractions compare equal."""
    return _RATIO.divide(Decimal(numerator), Decimal(denominator))


_ARABIC_BODY = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Units written in Latin letters right after a number (2.9s, 30km/h, 5kg), in either language.
# Case matters: 5g is five grams, 5G a network generation.
_LATIN_UNIT_NAMES = (
    "km/h m/s km/s kWh MWh GWh TWh mAh kHz MHz GHz Hz Gbps Mbps km² km2 m² m³ m2 m3 mph kph sqm "
    "kW MW GW TW kV kg mg kt Mt km cm mm nm μm ml mL ms sec min hrs hr ha lbs lb GB MB TB KB "
    "°C °F ° pp ppt ppts g t L s h m W V"
)
_LATIN_UNITS = sorted(_LATIN_UNIT_NAMES.split(), key=len, reverse=True)
_LATIN_UNIT = f"(?-i:(?P<unit>{'|'.join(re.escape(u) for u in _LATIN_UNITS)}))(?![A-Za-z])"
# Currency codes written against the number (RMB50, NTD1,000); symbols ($ ¥ €) are not word characters.
_CURRENCY_CODES = ("RMB", "CNY", "USD", "NTD", "TWD", "HKD", "EUR", "GBP", "JPY")
_AFTER_CURRENCY_CODE = "|".join(f"(?<={code})" for code in _CURRENCY_CODES)


# ---------------------------------------------------------------------------------------------
# Chinese: folding

# Traditional characters the rules below read, with their simplified forms (one for one).
_TRADITIONAL_PAIRS = (
    "萬万億亿兩两個个屆届黨党會会號号點点週周歲岁項项場场輪轮條条種种處处輛辆張张級级層层塊块間间門门節节"
    "類类臺台時时鐘钟鍾钟噸吨畝亩縣县鎮镇棟栋戶户數数幾几餘余國国華华體体規规劃划計计畫画達达雙双頃顷議议"
    "與与學学帶带釐厘圓圆筆笔區区裏里裡里約约過过紀纪"
)
_ZH_FOLD = _WIDTH | dict(zip(_TRADITIONAL_PAIRS[0::2], _TRADITIONAL_PAIRS[1::2]))
_ZH_FOLD_CHARS = _fold_pattern(_ZH_FOLD)
# Financial (anti-fraud) numerals, and ○ written for 〇 in dates (一○二年). Several are also ordinary
# words (參加, 队伍, 大陸, 收拾, ○○市), so a run is folded only when it holds an unambiguous one.
_FINANCIAL_CHARS = "壹贰貳叁叄參参肆伍陆陸柒捌玖拾佰仟○◯"
_FINANCIAL = str.maketrans(_FINANCIAL_CHARS, "一二二三三三三四五六六七八九十百千〇〇")
_FINANCIAL_SURE = "壹贰貳叁叄柒捌玖拾佰仟"
_PLAIN_NUMERALS = "零〇一二三四五六七八九十百千万亿兆两"
_RUN_CHARS = _PLAIN_NUMERALS + "元圆" + _FINANCIAL_CHARS
_FINANCIAL_RUN = re.compile(f"[{_RUN_CHARS}]*[{_FINANCIAL_SURE}○◯][{_RUN_CHARS}]*")


def _fold_financial(match: re.Match[str]) -> str:
    run = match.group(0)
    circles = run.count("○") + run.count("◯")
    if any(ch in _FINANCIAL_SURE for ch in run) or (circles and any(ch in _PLAIN_NUMERALS for ch in run)):
        return run.translate(_FINANCIAL)
    return run


def fold_chinese(text: str) -> str:
    """`text` with the forms the number rules read made uniform, one character for one: full-width
    ASCII to ASCII, traditional to simplified (only the characters the rules read), financial
    numerals to ordinary ones (`伍仟萬` → `五千万`)."""
    if "，" in text:
        text = _FULL_WIDTH_GROUP_COMMA.sub(",", text)
    folded = _ZH_FOLD_CHARS.sub(lambda m: _ZH_FOLD[m.group()], text)
    return _FINANCIAL_RUN.sub(_fold_financial, folded)


# ---------------------------------------------------------------------------------------------
# Chinese: numerals

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
_CN_TENS = {"廿": 20, "卅": 30}
_CN_SCALES = {"万": 10**4, "亿": 10**8, "兆": 10**12}  # 兆 is 10^12 (Taiwan and current mainland usage)
_DIGIT_CHARS = "〇零一二三四五六七八九两"
_CN = _DIGIT_CHARS + "十廿卅百千万亿兆"
# 千, 兆 and 百 are also metric prefixes: 千克 kilogram, 千米 kilometre, 千瓦 kilowatt, 兆瓦 megawatt, 百帕 hectopascal.
_CN_NUMERAL_CHAR = f"(?:[{_DIGIT_CHARS}十廿卅万亿]|百(?!帕)|千(?![克米瓦伏帕卡焦])|兆(?![瓦赫帕字位比]))"
_CN_NUM = f"[{_CN}]+(?:点[{_DIGIT_CHARS}]+)?"
_ARABIC_ZH = f"(?:(?<![A-Za-z_\\d.])(?<!\\d,)|{_AFTER_CURRENCY_CODE})(?:{_ARABIC_BODY})"
_NUM_ZH = f"(?:\\d+(?:\\.\\d+)?|{_CN_NUM})"
# A quantity: Arabic or Chinese coefficients with units and scales, 多/余 ("more than") before a scale.
_ZH_QUANTITY = re.compile(
    f"(?=[\\d{_DIGIT_CHARS}十廿卅])(?:{_ARABIC_ZH}|(?<![{_CN}])[{_DIGIT_CHARS}十廿卅])"
    f"(?:{_CN_NUMERAL_CHAR}|点[{_DIGIT_CHARS}]+|[多余](?=[万亿兆])|(?<=[{_CN}])(?:{_ARABIC_BODY}))*"
    f"(?!\\.\\d)(?:(?={_LATIN_UNIT})|(?![A-Za-z]))"
)
_QUANTITY_TOKEN = re.compile(f"({_ARABIC_BODY})|点([{_DIGIT_CHARS}]+)|([{_CN}])|[多余](?=[万亿兆])")
# Measure words and units after which a bare Chinese numeral is a count, not part of a word.
_MEASURES = (
    "周年|个月|小时|分钟|公里|千米|平方|立方|百分点|公斤|千克|公克|公尺|公分|厘米|毫米|公顷|千瓦|兆瓦|"
    "个|项|名|人|位|次|年|月|日|天|周|岁|件|家|所|条|批|种|支|户|座|处|倍|元|圆|吨|亩|米|台|辆|套|篇|"
    "部|场|轮|期|届|余|多|起|例|张|份|类|级|层|块|艘|架|省|市|县|镇|村|栋|间|门|章|节|款|笔|秒|克|度|瓦"
)
_ZH_MEASURE = re.compile(_MEASURES)
_OPEN_QUOTES = '“"「『‘'
_CLOSE_QUOTES = '”"」』’'


def _quantity_value(numeral: str) -> Decimal | None:
    """Value of a quantity in Chinese numerals, Arabic digits or both, or None if malformed.

    Digits multiply the unit after them (十百千) and everything before a scale is multiplied by it
    (万亿兆, strictly larger scales first: `三万亿` = 3×10^12, `1亿2,000万` = 120,000,000). A single
    digit right after a unit stands for the next lower unit, as in speech: `一百五` = 150, `三万五` =
    35,000 (`一百零五` = 105). A numeral of digits only is read digit by digit (`二〇二四`).
    """
    if numeral and all(ch in _CN_DIGITS for ch in numeral):
        if len(numeral) == 1 or "〇" in numeral or "零" in numeral or len(numeral) >= 3:
            return Decimal("".join(str(_CN_DIGITS[ch]) for ch in numeral))
        return None  # 一一, 三四: two digits in a row are "three or four", not 34
    parts: list[tuple[Decimal, int]] = []  # coefficients of the scales read so far
    section = Decimal(0)  # the part below 10^4 built with 十百千
    pending: Decimal | None = None  # a coefficient not yet multiplied by a unit
    spoken = False  # `pending` is one digit straight after a unit (一百五)
    last_unit = 0
    unit_limit = 10**4  # units inside a section must decrease
    after_unit = zero = decimal = False
    position = 0
    while position < len(numeral):
        m = _QUANTITY_TOKEN.match(numeral, position)
        if m is None:
            return None
        position = m.end()
        arabic, fraction, char = m.groups()
        if arabic is not None or _CN_DIGITS.get(char):
            if pending is not None:
                return None  # two coefficients in a row
            pending = _arabic(arabic) if arabic is not None else Decimal(_CN_DIGITS[char])
            spoken = after_unit and not zero and (arabic is None or len(arabic) == 1)
            after_unit = False
        elif char in _CN_DIGITS:  # 零, 〇 inside a structured numeral: a gap
            zero, after_unit = True, False
        elif fraction is not None:
            if decimal or (pending is None and not section):
                return None
            digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
            pending = section + (pending or 0) + Decimal(f"0.{digits}")
            section, spoken, decimal, after_unit = Decimal(0), False, True, False
        elif char in _CN_UNITS or char in _CN_TENS:
            unit = _CN_UNITS.get(char) or 10
            if decimal or unit >= unit_limit or (pending is None and char in "百千" and (section or parts)):
                return None  # 一千百; a leading 百 or 千 is one hundred or thousand (百分之百)
            if char in _CN_TENS:
                if pending is not None:
                    return None
                pending = Decimal(_CN_TENS[char] // 10)
            section += (pending if pending is not None else 1) * unit
            pending, spoken, last_unit, unit_limit, after_unit, zero = None, False, unit, unit, True, False
        elif char in _CN_SCALES:
            scale = _CN_SCALES[char]
            amount = section + (pending or 0) + sum((v * s for v, s in parts if s < scale), Decimal(0))
            if m.start() == 0:
                amount = Decimal(1)  # a leading 万 is ten thousand (逾万人)
            parts = [(v, s) for v, s in parts if s > scale]
            if amount == 0 or any(s == scale for _, s in parts):
                return None
            parts.append((amount, scale))
            section, pending, spoken, last_unit, unit_limit = Decimal(0), None, False, scale, 10**4
            after_unit, zero, decimal = True, False, False
        # 多/余 before a scale ("more than") leaves the value as written
    if not parts and pending is None and not section:
        return None
    trailing = pending or Decimal(0)
    if spoken and pending is not None and last_unit > 10:
        trailing = pending * last_unit / 10
    return sum((v * s for v, s in parts), Decimal(0)) + section + trailing


def chinese_numeral_value(numeral: str) -> Decimal | None:
    """Value of a Chinese numeral (`七十五`, `一百`, `二〇二四`, `三万五千`, `十二点五`, `一百二十五萬`,
    `伍仟`, `1.2万`), or None."""
    return _quantity_value(fold_chinese(numeral)) if numeral else None


def _zh_int(token: str | None) -> int | None:
    if token is None:
        return None
    value = _quantity_value(token)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


# ---------------------------------------------------------------------------------------------
# Chinese: passes, most specific first

_ZH_QUOTED = re.compile(f"[{_OPEN_QUOTES}]([^{_CLOSE_QUOTES}]{{2,8}})[{_CLOSE_QUOTES}]")
_HAS_CN = re.compile(f"[{_CN}]")
_HAS_DATE_OR_DIGIT = re.compile(r"\d|年|月|日|%")
_PLAN_NUMBER = re.compile("十[一二三四五六七八九]五")
_ZH_COUNTED_SLOGAN = re.compile(
    f"[一二三四五六七八九十两][个种][{HAN_CLASS}]{{2}}(?=[{_CLOSE_QUOTES}、，。；：,;和与及]|$)"
)
_ZH_ALTERNATING = re.compile(
    f"(?<![{_CN}])[一二三四五六七八九十两]([{HAN_CLASS}])[一二三四五六七八九十两双]([{HAN_CLASS}])"
)
_FILE_OR_URL_HINT = re.compile(r"\.(?:png|jpe?g|gif|bmp|pdf|docx?|xlsx?|pptx?|zip|html?)\b|https?://", re.IGNORECASE)
_FILE_OR_URL = re.compile(
    r"[\w\-()（）.]+\.(?:png|jpe?g|gif|bmp|pdf|docx?|xlsx?|pptx?|zip|html?)\b|https?://\S+", re.IGNORECASE
)
# Approximations: 数十 (dozens), 几百 (hundreds of), 数以万计, 上千 (thousands), 成千上万, 十几 (a dozen or so).
_ZH_APPROXIMATE = re.compile(
    f"(?=[好数几上成{_CN}])(?:好?[数几]以?[十百千万亿]+计?(?![{_DIGIT_CHARS}])"
    "|[上成][百千万亿](?:上[百千万亿])?"
    f"|(?<![{_CN}])[{_CN}]+几[十百千万亿]*)"
)
# The name of the plan, not a count: 第十四个五年规划 is "the 14th Five-Year Plan".
_ZH_FIVE_YEAR_PLAN = re.compile("五年(?=规划|计划|计画)")
# The 0 of a range from zero (0-100公里) is the origin of a scale, not a fact.
_ZH_ZERO_RANGE = re.compile(r"(?<![\d.])0\s*[-–—~至到](?=\s*\d)")


def _zh_set_phrases(found: _Collector, text: str) -> None:
    """Block numerals that belong to slogans, idioms and approximations rather than to facts."""
    # Quoted short slogans with a numeral: “两个确立”, “四个意识”, “五种力量”, “三严三实”.
    # “十四五” is the plan's number, not a slogan.
    for m in _ZH_QUOTED.finditer(text):
        inner = m.group(1)
        if _HAS_CN.search(inner) and not _HAS_DATE_OR_DIGIT.search(inner) and not _PLAN_NUMBER.fullmatch(inner):
            found.block(m.start(), m.end())
    # N个/N种 + two-character noun closing a phrase: 两个维护、四个自信。
    for m in _ZH_COUNTED_SLOGAN.finditer(text):
        found.block(m.start(), m.end())
    # Alternating four-character patterns: 一带一路, 一国两制, 两学一做, 五位一体, 三严三实
    # (but not counts such as 十三届四次, whose second and fourth characters are measure words).
    for m in _ZH_ALTERNATING.finditer(text):
        if m.group(1) in "至到":
            continue  # a range (一至三季度), not a pattern
        if all(ch not in _CN and not _ZH_MEASURE.fullmatch(ch) for ch in m.groups()):
            found.block(m.start(), m.end())
    # Approximations, the plan's name, the zero of a range; file names and addresses, whose digits are
    # not facts (_84A8693(1).png, www.gov.cn/2024), only when an extension or a scheme is there.
    patterns = [_ZH_APPROXIMATE, _ZH_FIVE_YEAR_PLAN, _ZH_ZERO_RANGE]
    if _FILE_OR_URL_HINT.search(text):
        patterns.append(_FILE_OR_URL)
    for pattern in patterns:
        for m in pattern.finditer(text):
            found.block(m.start(), m.end())


_ERA = "(?:中华民国|民国)"
_ZH_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
# The year of a date: 民國 (ROC) + any year, four digits (Western), or a bare 1-3 digit year before a month (ROC).
_ZH_DATE = re.compile(
    f"(?=[\\d{_CN}民中])(?:(?P<era>{_ERA})\\s*(?P<era_year>{_NUM_ZH})年"
    f"|(?<![\\d.{_CN}])(?P<year>\\d{{4}}|[〇零一二三四五六七八九]{{4}})年"
    f"|(?<![\\d.{_CN}])(?P<bare_year>\\d{{1,3}}|[{_CN}]+)年(?={_NUM_ZH}月))?"
    f"(?P<month>{_NUM_ZH})月(?:(?P<day>{_NUM_ZH})[日号])?"
    f"(?:\\s*[至到—\\-~–]\\s*(?:(?P<month2>{_NUM_ZH})月)?(?P<day2>{_NUM_ZH})[日号])?"
)
_ZH_ERA_YEAR = re.compile(f"{_ERA}\\s*({_NUM_ZH})年")
_ZH_NEXT_YEAR = re.compile(f"\\s*[至到—\\-~–、及和与或]\\s*({_NUM_ZH})年")
_ZH_YEAR = re.compile(r"(?<![\d.])(\d{4}|[〇零一二三四五六七八九]{4})年(?!代)")
# 上世纪 ("last century") and 本世纪 ("this century") in a text of today are the 20th and the 21st.
_ZH_DECADE = re.compile(f"(?<![\\d.])(?:({_NUM_ZH}|[上本])世纪({_NUM_ZH})|(\\d{{3}}0))年代")
_RELATIVE_CENTURIES = {"上": 20, "本": 21}
_ZH_TWO_DECADES = re.compile(
    "(?:上世纪)?([一二三四五六七八九])([一二三四五六七八九])十年代"
)  # 七八十年代: the 70s and 80s


def _roc_year(token: str | None) -> int | None:
    number = _zh_int(token)
    return ROC_EPOCH + number if number is not None and 1 <= number <= 200 else None


def _zh_dates(found: _Collector, text: str) -> None:
    year: int | None  # the written forms below may leave out any part
    month: int | None
    day: int | None
    for m in _ZH_ISO_DATE.finditer(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid_date(year, month, day):
            found.add(m.start(), m.end(), "date", (year, month, day))
    for m in _ZH_DATE.finditer(text):
        start = m.start()
        if m.group("era"):
            year = _roc_year(m.group("era_year"))
        elif m.group("bare_year"):
            year = _roc_year(m.group("bare_year"))
            if year is None:  # not a year: keep the month and day alone
                start = m.start("month")
        else:
            year = _zh_int(m.group("year"))
        month = _zh_int(m.group("month"))
        day = _zh_int(m.group("day"))
        if month is None or not _valid_date(year, month, day):
            continue
        if m.group("day2") is None:
            found.add(start, m.end(), "date", (year, month, day))
            continue
        end_month = _zh_int(m.group("month2")) or month
        end_day = _zh_int(m.group("day2"))
        if day is None or not _valid_date(year, end_month, end_day) or not found.free(start, m.end()):
            continue
        second_start = m.start("month2") if m.group("month2") else m.start("day2")
        found.add(start, m.end("day") + 1, "date", (year, month, day))
        found.add(second_start, m.end(), "date", (year, end_month, end_day))
    # 中華民國八十五年 = 1996, and the years listed after it in the same era (民國八十五年至八十七年).
    for m in _ZH_ERA_YEAR.finditer(text):
        year = _roc_year(m.group(1))
        if year is None or not found.add(m.start(), m.end(), "year", Decimal(year)):
            continue
        position = m.end()
        while (following := _ZH_NEXT_YEAR.match(text, position)) is not None:
            year = _roc_year(following.group(1))
            if year is None:
                break
            found.add(following.start(1), following.end(), "year", Decimal(year))
            position = following.end()
    for m in _ZH_YEAR.finditer(text):
        year = _zh_int(m.group(1))
        if year is not None and _valid_date(year, None, None):
            found.add(m.start(), m.end(), "year", Decimal(year))
    # A decade: 20世纪70年代, 上世纪70年代 and 1970年代 are "the 1970s", whose value is its first year.
    for m in _ZH_TWO_DECADES.finditer(text):
        if found.free(m.start(), m.end()):
            found.add(m.start(), m.start(2), "year", Decimal(1900 + 10 * _CN_DIGITS[m.group(1)]))
            found.add(m.start(2), m.end(), "year", Decimal(1900 + 10 * _CN_DIGITS[m.group(2)]))
    for m in _ZH_DECADE.finditer(text):
        century = _RELATIVE_CENTURIES.get(m.group(1) or "") or _zh_int(m.group(1))
        decade = _zh_int(m.group(2))
        if m.group(3):
            found.add(m.start(), m.end(), "year", Decimal(m.group(3)))
        elif century is not None and decade is not None and 1 <= century <= 30 and decade % 10 == 0 and decade < 100:
            found.add(m.start(), m.end(), "year", Decimal((century - 1) * 100 + decade))


_ZH_PERCENT_WORDS = re.compile(f"(?<![{_CN}\\d])([百千万])分之({_NUM_ZH})")
_ZH_PERCENT_SIGN = re.compile(f"(?=[\\d{_CN}])({_ARABIC_ZH}|{_CN_NUM})\\s*(%|‰|个百分点)")
_PER = {"百": 1, "千": 10, "万": 100}  # 千分之三 is 0.3 percent
_ZH_FRACTION = re.compile(f"(?=[\\d{_CN}])(?<![{_CN}\\d.])({_NUM_ZH})分之({_NUM_ZH})")


def _zh_percentages(found: _Collector, text: str) -> None:
    for m in _ZH_PERCENT_WORDS.finditer(text):
        value = _quantity_value(m.group(2))
        if value is not None:
            found.add(m.start(), m.end(), "percent", value / _PER[m.group(1)])
    for m in _ZH_PERCENT_SIGN.finditer(text):
        value = _quantity_value(m.group(1))
        if value is not None:
            found.add(m.start(), m.end(), "percent", value / 10 if m.group(2) == "‰" else value)
    # 三分之一 (a third), 四分之三 (three quarters): a number whose value is the fraction.
    for m in _ZH_FRACTION.finditer(text):
        denominator, numerator = _quantity_value(m.group(1)), _quantity_value(m.group(2))
        if denominator and numerator is not None:
            found.add(m.start(), m.end(), "number", _ratio(numerator, denominator))


_ZH_ORDINALS = [
    re.compile(pattern)
    for pattern in (
        f"第({_NUM_ZH})",  # 第一, 第13, 第十三届
        f"(?<=党的|中共)([{_CN}]+)大",  # 党的二十大
        f"([{_CN}]{{2,}})大(?![学小量力型概])",  # 二十大, 十九大 (单字 三大 = "three major")
        f"([{_CN}]+)届",  # 十三届 = 13th
        f"([{_CN}]+)中全会",  # 二中全会 = second plenary session
        f"([{_CN}]+)次(?:全会|全体会议)",  # 四次全会 = fourth plenary session
        f"(十[一二三四五六七八九])五(?=[{_CLOSE_QUOTES}]?(?:规划|时期|期间))",  # 十四五 = 14th Five-Year Plan
    )
]


# A list item's number where an enumeration item starts: 一、 （七） (3) 1、 at the start of the text or after a
# colon, semicolon, full stop or line break. Official texts number their items (laws their 款 and 目); the English
# numbers the same items "1.", "(7)" or "(a)".
ITEM = "item"  # a list item's number: matched when both sides number their items, optional when one does not
_ZH_ITEM = re.compile(
    f"(?:^|(?<=[：:；;。\n]))\\s*(?:[（(]([{_CN}]+|\\d{{1,3}})[)）]|([{_CN}]+|\\d{{1,3}})(?:[、．]|\\s+(?=[{HAN_CLASS}])))"
)
_EN_ITEM = re.compile(
    r"(?:^|(?<=[:;.]\s)|(?<=\n)|(?<=[;,]\sand\s)|(?<=[;,]\sor\s))\s*(?:\((\d{1,3}|[a-z])\)|(\d{1,3})\.(?=\s))"
)  # the last item of a list may follow "; and" ("…; and 3. Supervisory authorities")


def _zh_items(found: _Collector, text: str) -> None:
    for m in _ZH_ITEM.finditer(text):
        numeral = m.group(1) or m.group(2)
        value = Decimal(numeral) if numeral.isdigit() else _quantity_value(numeral)
        if value is not None and value > 0:
            found.add(m.start(1) if m.group(1) else m.start(2), m.end(), ITEM, value)


# A division numbered in Roman numerals: Chapter II, Part IV, Section XII (the Chinese writes 第二章, 第四编).
_EN_ROMAN_DIVISION = re.compile(r"\b(?:Chapter|Part|Section|Title|Book|Volume|Schedule|Division)\s+([IVXLC]+)\b")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral written with I, V, X, L and C (subtractive pairs such as IV included)."""
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN[char]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


def _en_items(found: _Collector, text: str) -> None:
    for m in _EN_ROMAN_DIVISION.finditer(text):
        found.add(m.start(1), m.end(1), "ordinal", Decimal(roman_value(m.group(1))))
    for m in _EN_ITEM.finditer(text):
        label = m.group(1) or m.group(2)
        value = Decimal(label) if label.isdigit() else Decimal(ord(label) - ord("a") + 1)
        found.add(m.start(1) if m.group(1) else m.start(2), m.end(), ITEM, value)


# 第三、四季度, 第二、三批, 第一至三季度: the numerals after the first go on the list of ordinals.
_LIST_LINK = "[、和及与至到—–\\-~]"
_ZH_ORDINAL_LIST = re.compile(f"第({_NUM_ZH})((?:{_LIST_LINK}(?:\\d{{1,3}}|[{_CN}]{{1,3}}))+)(?=[{HAN_CLASS}])")
_ZH_LIST_ITEM = re.compile(f"{_LIST_LINK}(\\d{{1,3}}|[{_CN}]{{1,3}})")
# Quarters of a year without 第: 一季度 (Q1), 一、二季度, 一至三季度, 四季度; 前三季度 counts three quarters.
_ZH_QUARTERS = re.compile(f"(?<![第前{_CN}\\d])([一二三四1-4])((?:{_LIST_LINK}[一二三四1-4])*)季度")
_ZH_FIRST_QUARTERS = re.compile("前([二三两2-3])(?:个)?季度")


def _zh_ordinal_lists(found: _Collector, text: str) -> None:
    for m in _ZH_ORDINAL_LIST.finditer(text):
        items = [(m.start(1), m.end(1), _quantity_value(m.group(1)))]
        items += [
            (m.start(2) + item.start(1), m.start(2) + item.end(1), _quantity_value(item.group(1)))
            for item in _ZH_LIST_ITEM.finditer(m.group(2))
        ]
        if not found.free(m.start(), m.end(2)):
            continue
        values = [value for _, _, value in items if value is not None and value > 0]
        if len(values) != len(items):
            continue
        found.add(m.start(), items[0][1], "ordinal", values[0])  # 第 belongs to the first
        for (start, end, _), value in zip(items[1:], values[1:]):
            found.add(start, end, "ordinal", value)
    for m in _ZH_QUARTERS.finditer(text):
        if not found.free(m.start(), m.end(2)):
            continue
        quarters = [(m.start(1), m.end(1), m.group(1))]
        quarters += [
            (m.start(2) + item.start(1), m.start(2) + item.end(1), item.group(1))
            for item in _ZH_LIST_ITEM.finditer(m.group(2))
        ]
        for start, end, numeral in quarters:
            found.add(
                start, end, "ordinal", Decimal("一二三四".index(numeral) + 1 if numeral in "一二三四" else numeral)
            )
    for m in _ZH_FIRST_QUARTERS.finditer(text):
        numeral = m.group(1)
        found.add(
            m.start(1), m.end(1), "number", Decimal(2 if numeral in "二两" else 3 if numeral == "三" else numeral)
        )


def _zh_ordinals(found: _Collector, text: str) -> None:
    _zh_ordinal_lists(found, text)
    for pattern in _ZH_ORDINALS:
        for m in pattern.finditer(text):
            value = _quantity_value(m.group(1))
            if value is not None and value > 0:
                found.add(m.start(), m.end(), "ordinal", value)
            elif m.group(0).startswith("第"):
                _shortened_ordinal(found, m)


def _shortened_ordinal(found: _Collector, m: re.Match[str]) -> None:
    """第N where the numeral runs on into a count (第三、第四兩款: 第四 and 兩): the longest numeral from 第 on
    that reads as a number."""
    leading = _leading_value(m.group(1), len(m.group(1)) - 1, positive=True)
    if leading is not None:
        found.add(m.start(), m.start(1) + leading[0], "ordinal", leading[1])


def _leading_value(numeral: str, longest: int, *, positive: bool = False) -> tuple[int, Decimal] | None:
    """(length, value) of the longest leading part of `numeral`, at most `longest` characters, that reads as a
    number (and, with `positive`, as one above zero); None when none does (四两 → (1, 4))."""
    for cut in range(longest, 0, -1):
        value = _quantity_value(numeral[:cut])
        if value is not None and (value > 0 or not positive):
            return cut, value
    return None


# 一次 ending a clause counts times (只能申请一次 "only once"); inside a phrase (一次会议) it is "a",
# and after 每 (每年一次) it is a frequency, usually "annually".
_ZH_ONCE = re.compile(f"(?<![{_CN}\\d第])一次(?![{HAN_CLASS}])")
_CLAUSE_START = re.compile(r"[，。；：！？,.;:!?\n]")
# A bare 百 before a unit of length or weight: 百公里加速 (0-100 km/h), 百米 (100 metres).
_ZH_HUNDRED_UNIT = re.compile(f"(?<![{_CN}\\d])百(?=公里|米|公斤)")
# A bare 百/千/万 after "nearly", "over", "about" is that round number: 近千人 (nearly 1,000), 逾万, 超百亿元.
_ZH_ROUND = re.compile(f"(?<=[近逾超过约破])[百千万亿]+(?=[多余]?(?:{_MEASURES}))")


def _zh_amounts(found: _Collector, text: str) -> None:
    for m in _ZH_ONCE.finditer(text):
        clause = _CLAUSE_START.split(text[max(0, m.start() - 40) : m.start()])[-1]
        if "每" not in clause:
            found.add(m.start(), m.end(), "number", Decimal(1))
    for m in _ZH_HUNDRED_UNIT.finditer(text):
        found.add(m.start(), m.end(), "number", Decimal(100))
    for m in _ZH_ROUND.finditer(text):
        value = _quantity_value(m.group(0))
        if value is not None:
            found.add(m.start(), m.end(), "number", value)
    for m in _ZH_QUANTITY.finditer(text):
        numeral = m.group(0)
        single = len(numeral) == 1 and numeral not in "0123456789"
        if single and (numeral == "一" or _ZH_MEASURE.match(text, m.end()) is None):
            continue  # 进一步, 十分, 三农; 一个 is mostly the article "a"
        value = _quantity_value(numeral)
        if value is not None:
            found.add(m.start(), m.end(), "number", value)


# A single space between two Han characters, as hard-wrapped or letter-spaced headings have it (第 一 節).
_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN_CLASS}]) (?=[{HAN_CLASS}])")


def extract_zh(text: str) -> list[NumFact]:
    """Numeric facts in Chinese text (simplified or traditional), in text order, with offsets into `text`.

    A single space between Han characters means nothing in Chinese: the facts are read with such spaces left
    out, and their offsets point back into `text`."""
    if " " not in text or _SPACE_BETWEEN_HAN.search(text) is None:
        return _extract_zh(text)
    positions = [i for i in range(len(text)) if not (text[i] == " " and _SPACE_BETWEEN_HAN.match(text, i))]
    positions.append(len(text))
    compact = "".join(text[i] for i in positions[:-1])
    out = []
    for fact in _extract_zh(compact):
        start, end = (
            positions[fact.start],
            positions[fact.end - 1] + 1 if fact.end > fact.start else positions[fact.start],
        )
        out.append(NumFact(start, end, text[start:end], fact.kind, fact.value))
    return out


def _extract_zh(text: str) -> list[NumFact]:
    folded = fold_chinese(text)
    found = _Collector(text)
    _zh_items(found, folded)
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
# a month's name or abbreviation as a whole word: "Mar" of "Marcel" and "Dec" of "Declaration" are none
_MONTH = f"((?:{'|'.join(MONTHS)})(?![A-Za-z])|(?:{'|'.join(a for names in MONTH_ABBREVIATIONS for a in names)})(?![A-Za-z])\\.?)"
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
_SHORT_SCALES_EN = {"bn": 10**9, "mn": 10**6, "mln": 10**6}
# Nouns that stand for a number in official English: 一百周年 is "the centenary", 十年来 "the past decade".
# Plurals ("dozens", "decades", "hundreds of") are approximations and stand for nothing.
_NUMBER_NOUNS_EN = {"centenary": 100, "centennial": 100, "century": 100, "decade": 10, "dozen": 12}
_TIMES_EN = {"once": 1, "twice": 2, "thrice": 3}  # 一次, 两次, 三次
# Words that count without a numeral: 两家工厂 "both plants", 两份 "in duplicate", 三份 "in triplicate".
_COUNT_WORDS_EN = {"both": 2, "duplicate": 2, "triplicate": 3, "quadruplicate": 4}
_DENOMINATORS_EN = {
    "half": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "hundredth": 100,
    "thousandth": 1000,
}
_WORD = "|".join(sorted([*_UNITS_EN, *_ORDINALS_EN, *_SCALES_EN], key=len, reverse=True))
_WORD_RUN = re.compile(f"\\b(?:{_WORD})(?:(?:\\s+and\\s+|\\s+|-)(?:{_WORD}))*\\b", re.IGNORECASE)
_PERCENT_EN = re.compile(r"\s*(?:%|(‰)|per\s*cent\b|percentage\s+points?\b|pp\b|ppts?\b)", re.IGNORECASE)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_CURRENCY_EN = r"(?:NT|US|HK|A|C|S|NZ)?\$|" + "|".join(_CURRENCY_CODES) + "|[¥€£]"
_EN_NUMBER = re.compile(
    f"(?:(?<![\\w.])|(?<=No\\.))(?<!\\d,)(?:(?P<currency>{_CURRENCY_EN})\\s?)?(?P<number>{_ARABIC_BODY})(?!\\.\\d)"
    f"(?:(?P<ordinal>st|nd|rd|th)\\b|\\s*(?P<short>bn|mn|mln)\\b|\\s+(?P<scale>{'|'.join(_SCALES_EN)})\\b"
    f"|(?={_LATIN_UNIT})|(?!\\w))",
    re.IGNORECASE,
)
# The plan's name, not a count; blanked (same length) so that "the Fourteenth Five-Year Plan" is 14th.
_EN_FIVE_YEAR_PLAN = re.compile(r"\bfive(?=[- ]year\s+plans?\b)", re.IGNORECASE)
_EN_ZERO_RANGE = re.compile(r"(?<![\w.])0\s*(?:-|–|—|to\b)(?=\s*\d)", re.IGNORECASE)
_EN_FRACTION = re.compile(
    "\\b(a|an|one|two|three|four|five|six|seven|eight|nine)[\\s-]+"
    f"(halves|(?:{'|'.join(_DENOMINATORS_EN)})s?)\\b(\\s+of\\b|(?=\\s*(?:[.,;:!?)]|$)))?",
    re.IGNORECASE,
)
_SMALL_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
_EN_ONE_IN = re.compile(f"\\b({_SMALL_WORDS})\\s+(?:in|out\\s+of)\\s+(?:every\\s+)?({_SMALL_WORDS})\\b", re.IGNORECASE)
_EN_HALF = re.compile(r"(?<![\w-])half(?![\w-])", re.IGNORECASE)  # alone: "one half" is a fraction above
_EN_COUNT_WORD = re.compile(f"\\b(?:{'|'.join(_COUNT_WORDS_EN)})\\b", re.IGNORECASE)
_EN_TIMES = re.compile(f"\\b(?:{'|'.join(_TIMES_EN)})\\b", re.IGNORECASE)
_EN_A_SCALE = re.compile(r"\ba\s+(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)  # nearly a thousand
_EN_NUMBER_NOUN = re.compile(f"\\b({'|'.join(_NUMBER_NOUNS_EN)})\\b", re.IGNORECASE)


def english_ordinal(value: int) -> str | None:
    """The ordinal word of 1 to 99 (third, twenty-first), None beyond."""
    by_value = {v: w for w, v in _ORDINALS_EN.items()}
    if value in by_value:
        return by_value[value]
    tens, unit = divmod(value, 10)
    tens_word = next((w for w, v in _UNITS_EN.items() if v == tens * 10), None)
    if not 2 <= tens <= 9 or tens_word is None or unit not in by_value:
        return None
    return f"{tens_word}-{by_value[unit]}"


def english_number_words_value(words: str) -> tuple[Decimal, bool] | None:
    """Value of an English number-word run (`seventy-five`, `one hundred and two`, `twenty-first`)
    and whether it is an ordinal; None when the run is not a well-formed number (`one third` is a
    fraction, `two three` no number)."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    total, current, ordinal = 0, 0, False
    previous: int | None = None  # the word before, when it was below a hundred
    for position, token in enumerate(tokens):
        if ordinal:
            return None  # nothing follows an ordinal word
        value = _UNITS_EN.get(token, _ORDINALS_EN.get(token))
        if value is not None and value < 100:
            if previous is not None and not (previous >= 20 and previous % 10 == 0 and value < 10):
                return None  # only a tens word takes a unit after it (twenty-one)
            current += value
            previous, ordinal = value, token in _ORDINALS_EN
        elif token in _ORDINALS_EN:  # hundredth, thousandth
            current = max(current, 1) * _ORDINALS_EN[token]
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
            previous = None
        else:
            return None
    return Decimal(total + current), ordinal


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_WORD_TOKEN = re.compile(r"[A-Za-z]+")


def _word_numbers(run: str, offset: int) -> list[tuple[int, int, tuple[Decimal, bool]]]:
    """(start, end, (value, is ordinal)) of the numbers in a run of number words: the whole run when it reads as
    one number ("one hundred and two"), else each part between "and"s that does ("second and third"), else each
    word of a part on its own ("two three")."""
    whole = english_number_words_value(run)
    if whole is not None:
        return [(offset, offset + len(run), whole)]
    found = []
    position = 0
    for piece in [*_AND.split(run)]:
        at = run.index(piece, position)
        position = at + len(piece)
        parsed = english_number_words_value(piece)
        if parsed is not None:
            found.append((offset + at, offset + position, parsed))
            continue
        for word in _WORD_TOKEN.finditer(piece):
            alone = english_number_words_value(word.group())
            if alone is not None:
                found.append((offset + at + word.start(), offset + at + word.end(), alone))
    return found


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
                if m.group(3).lower() == "may" and m.group(3) != "May":
                    continue  # "paragraph 1 may be": the verb; the month is written May
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
        if token.lower() == "may" and year is None and not _MONTH_AFTER.search(text, 0, m.start()):
            continue  # "may" the verb, unless a preposition puts it in time ("by the end of May")
        if token.endswith(".") and year is None:
            continue  # abbreviations only with a day or year
        if len(token.rstrip(".")) == 3 and token.lower() not in _MONTHS and year is None:
            continue
        found.add(m.start(), m.end(), "date", (year, month_of(token), None))


# Words after which a capitalized May is the month: "the end of May", "from February to May", "in May".
_MONTH_AFTER = re.compile(
    r"\b(?:of|in|from|to|until|till|since|by|before|after|through|between|early|late|mid|end|and)\s+$",
    re.IGNORECASE,
)


def _en_percent(text: str, end: int, value: Decimal) -> tuple[int, Decimal] | None:
    """End and percent value of a percent sign or word right after a number ending at `end`."""
    m = _PERCENT_EN.match(text, end)
    if m is None:
        return None
    return m.end(), value / 10 if m.group(1) else value


def _en_numbers(found: _Collector, text: str) -> None:
    for m in _EN_NUMBER.finditer(text):
        value = _arabic(m.group("number"))
        unit, end = m.group("unit"), m.end()
        if m.group("ordinal"):
            found.add(m.start(), end, "ordinal", value)
            continue
        if unit == "s" and value == value.to_integral_value() and value >= 10 and value % 10 == 0:
            # A decade, not seconds: the 1970s (20世纪70年代, 1970年代) or the 80s, in their 20s (80年代, 20多岁).
            found.add(m.start(), end, "year" if value >= 1000 else "number", value)
            continue
        if m.group("scale"):
            value *= _SCALES_EN[m.group("scale").lower()]
        elif m.group("short"):
            value *= _SHORT_SCALES_EN[m.group("short").lower()]
        elif unit == "m" and m.group("currency"):
            value, end = value * 10**6, end + 1  # US$5m
        percent = _en_percent(text, end, value) if unit in (None, "pp", "ppt", "ppts") else None
        plain = not (m.group("scale") or m.group("short") or m.group("currency") or unit)
        if percent is not None:
            found.add(m.start(), percent[0], "percent", percent[1])
        elif plain and "," not in m.group("number") and "." not in m.group("number") and 1900 <= value <= 2100:
            found.add(m.start(), end, "year", value)
        else:
            found.add(m.start(), end, "number", value)


_EN_QUARTER = re.compile(r"\b(?:Q([1-4])|H([12]))\b")
_EN_PERIOD_BEFORE = re.compile(r"\b(?:first|last|past|next|previous|preceding|following|final)\s+\Z", re.IGNORECASE)


def _en_fractions(found: _Collector, text: str) -> None:
    for m in _EN_FRACTION.finditer(text):
        numerator_word, denominator_word, after = m.group(1).lower(), m.group(2).lower(), m.group(3)
        numerator = 1 if numerator_word in ("a", "an") else _UNITS_EN[numerator_word]
        plural = denominator_word.endswith("s")
        denominator = _DENOMINATORS_EN["half" if denominator_word == "halves" else denominator_word.rstrip("s")]
        if plural != (numerator > 1) or numerator >= denominator:
            continue
        if numerator_word in ("a", "an") and after is None:
            continue  # "a third time", "a fifth consecutive year": ordinals
        if denominator >= 100 and not (after or "").strip():
            continue  # "the one-hundredth anniversary": an ordinal
        if denominator_word.startswith("quarter") and _EN_PERIOD_BEFORE.search(text, 0, m.start()):
            continue  # "the first three quarters", "the past two quarters": a count of quarters (前三季度)
        found.add(m.start(), m.end(2), "number", _ratio(numerator, denominator))
    for m in _EN_HALF.finditer(text):  # half the members: 二分之一
        found.add(m.start(), m.end(), "number", Decimal("0.5"))
    for m in _EN_ONE_IN.finditer(text):  # one in three
        numerator, denominator = _UNITS_EN[m.group(1).lower()], _UNITS_EN[m.group(2).lower()]
        if numerator < denominator:
            found.add(m.start(), m.end(), "number", _ratio(numerator, denominator))


# What every English fact needs: a figure, a lettered item "(a)", or one of the words the readers above know
# (a plural too). A text with none holds no fact, and skips the readers (a test checks this on every line of
# tests/data).
_EN_TRIGGER_WORDS = frozenset(
    {
        *_UNITS_EN,
        *_ORDINALS_EN,
        *_SCALES_EN,
        *_SHORT_SCALES_EN,
        *_NUMBER_NOUNS_EN,
        *_TIMES_EN,
        *_COUNT_WORDS_EN,
        *_DENOMINATORS_EN,
        "halves",
        *_MONTHS,
        *(word.lower() for word in ("Chapter", "Part", "Section", "Title", "Book", "Volume", "Schedule", "Division")),
    }
)
_EN_TRIGGER_TOKEN = re.compile(r"[a-z]+")
_EN_TRIGGER_MARK = re.compile(r"[0-9\uff10-\uff19]|\([A-Za-z]\)")


def _may_hold_facts_en(text: str) -> bool:
    if _EN_TRIGGER_MARK.search(text):
        return True
    return any(
        token in _EN_TRIGGER_WORDS or token[:-1] in _EN_TRIGGER_WORDS
        for token in _EN_TRIGGER_TOKEN.findall(text.lower())
    )


def extract_en(text: str) -> list[NumFact]:
    """Numeric facts in English text, in text order, with offsets into `text`."""
    if not _may_hold_facts_en(text):
        return []
    return _extract_en(text)


def _extract_en(text: str) -> list[NumFact]:
    folded = _EN_FIVE_YEAR_PLAN.sub("    ", _fold_width(text))
    found = _Collector(text)
    for m in _EN_ZERO_RANGE.finditer(folded):
        found.block(m.start(), m.end())
    _en_items(found, folded)
    for m in _EN_QUARTER.finditer(folded):  # Q1 2024, H2: the first quarter, the second half
        found.add(m.start(), m.end(), "ordinal", Decimal(m.group(1) or m.group(2)))
    _en_dates(found, folded)
    _en_numbers(found, folded)
    _en_fractions(found, folded)
    for m in _WORD_RUN.finditer(folded):
        for start, end, (value, ordinal) in _word_numbers(m.group(0), m.start()):
            percent = None if ordinal else _en_percent(folded, end, value)
            if percent is not None:
                found.add(start, percent[0], "percent", percent[1])
            else:
                found.add(start, end, "ordinal" if ordinal else "number", value)
    for m in _EN_A_SCALE.finditer(folded):
        found.add(m.start(), m.end(), "number", Decimal(_SCALES_EN[m.group(1).lower()]))
    for m in _EN_TIMES.finditer(folded):
        found.add(m.start(), m.end(), "number", Decimal(_TIMES_EN[m.group(0).lower()]))
    for m in _EN_COUNT_WORD.finditer(folded):
        found.add(m.start(), m.end(), "number", Decimal(_COUNT_WORDS_EN[m.group(0).lower()]))
    for m in _EN_NUMBER_NOUN.finditer(folded):
        found.add(m.start(), m.end(), "number", Decimal(_NUMBER_NOUNS_EN[m.group(1).lower()]))
    return _without_restatements(found.sorted(), folded)


_RESTATED = re.compile(r"\s*\(\s*")


def _without_restatements(facts: list[NumFact], text: str) -> list[NumFact]:
    """One fact for a number written out and then in figures, as legal English does: "two thousand five hundred
    (2,500)" or "thirty (30) days"."""
    kept: list[NumFact] = []
    for fact in facts:
        before = kept[-1] if kept else None
        if (
            before is not None
            and before.value == fact.value
            and before.kind != "ordinal"
            and _RESTATED.fullmatch(text, before.end, fact.start)
            and text[fact.end : fact.end + 1] == ")"
        ):
            continue
        kept.append(fact)
    return kept


# ---------------------------------------------------------------------------------------------
# Comparison


def facts_match(source: NumFact, target: NumFact) -> bool:
    """Whether `target` carries `source`.

    Percentages match percentages of the same value, list item numbers item numbers. Dates match dates agreeing on every part the
    source wrote (a target may add a year). Numbers, years and ordinals match each other by value,
    since `75周年` is the "75th anniversary" and `第三` may be "third" or "3".
    """
    if source.kind in ("percent", ITEM) or target.kind in ("percent", ITEM):
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
    # Item numbers are layout: a side that numbers no items (a translation that lists them unnumbered) owes
    # no item numbers; where both number them, the numbers must agree.
    items_optional = not any(t.kind == ITEM for t in target_facts)
    return [fact for i, fact in enumerate(distinct) if i not in matched and not (fact.kind == ITEM and items_optional)]


_ZH_NUMERAL_RUN = re.compile(f"[{_CN}]+")
_ARABIC_RUN = re.compile(r"\d+(?:\.\d+)?")


def hidden_values(text: str, facts: list[NumFact]) -> frozenset[Decimal]:
    """The values a Chinese text writes in numerals that are no fact of it (outside every fact's span): 一级
    writes 1 ("level-1"), 第四十条之一 writes 1 after the fact 40 ("Article 40-1"), though no English must carry
    them. Each run of Chinese numerals is read as a number (or its longest leading part that reads as one),
    each run of digits as its value. For judging whether a number the English adds comes from the source."""
    folded = fold_chinese(text)
    spans = [(fact.start, fact.end) for fact in facts]

    def outside(m: re.Match[str]) -> bool:
        return all(m.end() <= start or m.start() >= end for start, end in spans)

    values = {Decimal(m.group()) for m in _ARABIC_RUN.finditer(folded) if outside(m)}
    for m in _ZH_NUMERAL_RUN.finditer(folded):
        if not outside(m):
            continue
        leading = _leading_value(m.group(), len(m.group()))
        if leading is not None:
            values.add(leading[1])
    return frozenset(values)


def uncarried(target_facts: list[NumFact], source_facts: list[NumFact]) -> list[NumFact]:
    """Target facts equal to no source fact at all (repetitions allowed): numbers the target adds."""
    items_optional = not any(s.kind == ITEM for s in source_facts)
    return [
        t
        for t in target_facts
        if not any(facts_match(s, t) for s in source_facts) and not (t.kind == ITEM and items_optional)
    ]


def stale_facts(query: str, stored_source: str, draft: str) -> list[NumFact]:
    """The facts of a draft made from a memory match that do not belong to the query: those carrying a fact of
    the stored source that the query does not have (a date left from the old sentence, "19" in "February 20 to
    19"), and those written in digits that equal no fact of the query at all. A draft with any is not safe to
    offer as the query's translation."""
    query_facts = extract_zh(query)
    stored_facts = extract_zh(stored_source)
    stale = []
    for fact in extract_en(draft):
        if any(facts_match(q, fact) for q in query_facts):
            continue
        from_stored = any(facts_match(s, fact) for s in stored_facts)
        if from_stored or any(ch.isdigit() for ch in fact.text):
            stale.append(fact)
    return stale
