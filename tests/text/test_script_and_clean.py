"""A stored source without scraper noise (`clean`) and the script of a Chinese text (`han_script`), on the seed
article's own strings."""

from __future__ import annotations

import pytest

from service.text.normalize import clean
from service.text.script import han_script


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("發(fā)揮退役軍人優勢作用", "發揮退役軍人優勢作用"),
        ("廳長王創(chuàng)出席", "廳長王創出席"),
        ("退役\u200b軍人\ufeff事務廳\r\n", "退役軍人事務廳\n"),
        ("１月１８日，全省會議", "１月１８日，全省會議"),  # width, punctuation and script stay as sent
    ],
)
def test_clean_removes_zero_width_characters_and_pinyin_but_keeps_the_script(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize(
    "text, script",
    [
        ("省退役軍人事務廳黨組書記", "zh-Hant"),
        ("省退役军人事务厅党组书记", "zh-Hans"),
        ("廣州", "zh-Hant"),
        ("广州", "zh-Hans"),
        ("会议", "zh-Hans"),
        ("中華民國憲法", "zh-Hant"),
        ("Meeting 2024", None),
        ("人民", None),  # written alike in both scripts
    ],
)
def test_han_script_counts_the_characters_each_conversion_changes(text, script):
    assert han_script(text) == script


def test_the_seed_article_is_traditional(seed_article):
    assert han_script(seed_article) == "zh-Hant"
