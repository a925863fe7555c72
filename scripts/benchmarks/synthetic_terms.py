"""Deterministic synthetic glossary terms: local organs, their units and local regulations, zh with English.

Names are composed the way real local organ names are: place + field of work + (qualifier) + kind
of body (广州市生态环境监测中心), or place + field + 条例 for regulations, so the automaton sees
realistic shared prefixes and suffixes rather than random strings.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from scripts.benchmarks.corpus import PLACES_CSV

FIELDS = (
    ("退役军人事务", "Veterans Affairs"),
    ("自然资源", "Natural Resources"),
    ("生态环境", "Ecology and Environment"),
    ("住房和城乡建设", "Housing and Urban-Rural Development"),
    ("交通运输", "Transport"),
    ("水利", "Water Resources"),
    ("农业农村", "Agriculture and Rural Affairs"),
    ("商务", "Commerce"),
    ("文化和旅游", "Culture and Tourism"),
    ("卫生健康", "Health"),
    ("应急管理", "Emergency Management"),
    ("市场监督管理", "Market Regulation"),
    ("体育", "Sports"),
    ("统计", "Statistics"),
    ("医疗保障", "Healthcare Security"),
    ("林业", "Forestry"),
    ("粮食和物资储备", "Food and Strategic Reserves"),
    ("能源", "Energy"),
    ("人力资源和社会保障", "Human Resources and Social Security"),
    ("教育", "Education"),
    ("科学技术", "Science and Technology"),
    ("工业和信息化", "Industry and Information Technology"),
    ("民政", "Civil Affairs"),
    ("司法", "Justice"),
    ("财政", "Finance"),
    ("审计", "Audit"),
    ("外事", "Foreign Affairs"),
    ("民族宗教", "Ethnic and Religious Affairs"),
    ("信访", "Public Complaints and Proposals"),
    ("地方金融", "Local Financial Regulation"),
    ("政务服务数据管理", "Government Services and Data Management"),
    ("乡村振兴", "Rural Revitalization"),
    ("城市管理和综合执法", "Urban Management and Law Enforcement"),
    ("机关事务管理", "Government Offices Administration"),
    ("知识产权", "Intellectual Property"),
    ("药品监督管理", "Medical Products Administration"),
    ("人民防空", "Civil Air Defense"),
    ("地震", "Earthquake"),
    ("气象", "Meteorology"),
    ("档案", "Archives"),
)
QUALIFIERS = (
    ("", ""),
    ("综合", "General"),
    ("信息", "Information"),
    ("宣传教育", "Publicity and Education"),
    ("监测", "Monitoring"),
    ("规划", "Planning"),
    ("技术", "Technical"),
    ("执法", "Enforcement"),
    ("服务", "Service"),
    ("培训", "Training"),
    ("发展研究", "Development Research"),
    ("应急", "Emergency"),
)
BODIES = (
    ("厅", "Department"),
    ("局", "Bureau"),
    ("委员会", "Commission"),
    ("办公室", "Office"),
    ("中心", "Center"),
    ("研究院", "Research Institute"),
    ("服务中心", "Service Center"),
    ("执法支队", "Law Enforcement Detachment"),
    ("管理处", "Administration Division"),
    ("指挥部", "Headquarters"),
    ("事务所", "Affairs Office"),
    ("协会", "Association"),
)


@dataclass(frozen=True, slots=True)
class SyntheticTerm:
    source: str
    target: str
    category: str


def _places() -> list[tuple[str, str]]:
    with open(PLACES_CSV, encoding="utf-8", newline="") as rows:
        return [(r["name"], r["english"]) for r in csv.DictReader(rows)]


def synthetic_terms(count: int, seed: int) -> list[SyntheticTerm]:
    """`count` distinct terms (organizations and regulations), the same list for the same seed."""
    rng = random.Random(seed)
    places = _places()
    capacity = len(places) * len(FIELDS) * (len(QUALIFIERS) * len(BODIES) + 1)
    if count > capacity:
        raise ValueError(f"at most {capacity} distinct synthetic terms")
    terms: dict[str, SyntheticTerm] = {}
    while len(terms) < count:
        (place, place_en), (field, field_en) = rng.choice(places), rng.choice(FIELDS)
        if rng.random() < 0.08:
            source, target, category = f"{place}{field}条例", f"Regulations of {place_en} on {field_en}", "law-document"
        else:
            (qualifier, qualifier_en), (body, body_en) = rng.choice(QUALIFIERS), rng.choice(BODIES)
            source = f"{place}{field}{qualifier}{body}"
            words = [place_en, field_en, qualifier_en, body_en]
            target, category = " ".join(w for w in words if w), "organization"
        terms.setdefault(source, SyntheticTerm(source, target, category))
    return list(terms.values())
