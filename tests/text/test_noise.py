import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.text.noise import THRESHOLD, classify, classify_segments, explain, measure


@pytest.mark.parametrize(
    "text",
    [
        "作者：张三 | 来源：新华社 | 发布时间：2023-05-06",
        "发布日期：2024年3月1日 浏览次数：128 字号：大 中 小",
        "来源:本网 点击数:12 分享到:",
    ],
)
def test_bylines_are_metadata(text):
    assert classify(text) == "metadata"


@pytest.mark.parametrize(
    "text", ["IMG_2034.JPG", "photo-1(2).png  photo-2.webp", "附件.pdf", "编辑图片", "图为会议现场", "image"]
)
def test_images_and_files_are_captions(text):
    assert classify(text) == "caption"


@pytest.mark.parametrize(
    "text",
    [
        "免费无码毛片在线观看",
        "百家乐娱乐城，注册即送",
        "Best casino and porn videos",
        "北京| 上海| 天津| 重庆| 石家庄| 太原| 沈阳| 长春| 哈尔滨| 南京| 杭州|",
    ],
)
def test_spam(text):
    assert classify(text) == "spam"


@pytest.mark.parametrize(
    "text",
    [
        "版权所有：某某省人民政府办公厅 粤ICP备12345678号",
        "当前位置：首页 > 新闻中心 > 工作动态",
        "上一篇：全省工作会议召开",
        "首页 | 机构 | 新闻 | 公开",
        "【打印】【关闭】",
        "Copyright © 2024 All rights reserved",
    ],
)
def test_boilerplate(text):
    assert classify(text) == "boilerplate"


@pytest.mark.parametrize(
    "text",
    [
        "会议强调，要严厉打击赌博、色情等违法犯罪活动。",
        "资金来源：省级财政专项资金。",
        "会议时间：2024年1月25日上午。",
        "在门户网站首页开设专栏，集中宣传先进典型。",
        "广州、深圳、茂名、揭阳等四个地市局做交流发言。",
        "全省退役军人事务局长会议召开",
        "The province held a meeting on veterans affairs.",
    ],
)
def test_official_prose_is_content(text):
    assert classify(text) is None


def test_explanation_carries_features_and_scores():
    score = explain("北京| 上海| 天津| 重庆| 石家庄| 太原| 沈阳| 长春| 哈尔滨| 南京|")
    assert score.label == "spam"
    assert score.features.list_items == 10
    assert score.features.pipe_share > 0.1
    assert score.scores["spam"] >= THRESHOLD
    content = explain("全面贯彻党的二十大精神。")
    assert content.label is None and content.features.han_share > 0.9


def test_spam_tail_is_marked_whole():
    texts = [
        "会议召开。",
        "会议强调，要做好工作。",
        "亚洲无码毛片免费观看",
        "拉萨市",
        "桦南县| 全椒县| 泸西县",
        "GOGOGO",
    ]
    assert classify_segments(texts) == [None, None, "spam", "spam", "spam", "spam"]


def test_content_after_spam_stops_the_tail():
    texts = ["无码毛片网址", "会议要求，要加强组织保障，持续淬炼政治忠诚。", "拉萨市"]
    assert classify_segments(texts) == ["spam", None, None]


def test_document_without_spam_keeps_its_labels():
    texts = ["作者：张三 来源：本网", "会议召开。", "简短标题"]
    assert classify_segments(texts) == ["metadata", None, None]


@pytest.mark.parametrize(
    "text, strong, weak",
    [
        ("PORN 网站", 1, 0),
        ("ſex", 0, 1),  # the long s matches s when case is ignored
        ("CASİNO", 1, 0),  # so does the dotted capital I for i
        ("vıagra", 1, 0),  # and the dotless i
        ("sexy", 0, 0),
        ("成人视频 成人", 1, 2),  # the weak word also counts inside the strong one
    ],
)
def test_spam_words_match_without_case_like_the_patterns(text, strong, weak):
    features = measure(text)
    assert (features.strong_spam_words, features.weak_spam_words) == (strong, weak)


@pytest.mark.parametrize(
    "text, boilerplate, starts, metadata, placeholders",
    [
        ("icp备12号", 1, True, 0, 0),
        ("©2024 Copyright", 2, True, 0, 0),
        ("本站 COPYRİGHT", 1, False, 0, 0),
        ("作者 ：张三 来源:本网", 0, False, 2, 0),
        ("分享到", 0, False, 1, 0),
        ("说明:", 0, False, 0, 0),
        ("图为IMG", 0, False, 0, 2),
    ],
)
def test_labels_and_placeholders_are_counted(text, boilerplate, starts, metadata, placeholders):
    f = measure(text)
    assert (f.boilerplate_labels, f.starts_with_boilerplate, f.metadata_labels, f.placeholder_words) == (
        boilerplate,
        starts,
        metadata,
        placeholders,
    )


@pytest.mark.parametrize(
    "text, ends",
    [("会议召开。”", True), ("”", False), ("x.pdf.", True), ("他说：“好！”）", True), ("标题", False), ("Hi!'", True)],
)
def test_sentence_end_allows_trailing_closers(text, ends):
    assert measure(text).ends_like_sentence is ends


def test_shares_count_han_and_visible_ascii():
    f = measure("会议 GDP 增长𠀀")
    assert f.length == 10
    assert f.han_share == 5 / 10 and f.ascii_share == 3 / 10


NOISE_PIECES = [
    "会议召开",
    "。",
    "！",
    "”",
    "|",
    "｜",
    ">",
    "»",
    ".",
    "png",
    ".pdf",
    ":",
    "：",
    "作者",
    "来源",
    "分享到",
    "字号",
    ".DOCX",
    "65.3%",
    "图片",
    "IMG",
    "版权所有",
    "首页",
    "ICP备",
    "©",
    "无码",
    "成人",
    "ſex",
    "CASİNO",
    "av",
    "2024-01-25",
    " ",
    "拉萨市",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NOISE_PIECES), max_size=12).map("".join), max_size=6))
def test_quick_labels_agree_with_the_full_explanation(texts):
    labels = classify_segments(texts)
    for text, label in zip(texts, labels):
        assert classify(text) == explain(text).label
        if label != "spam":
            assert label == explain(text).label
