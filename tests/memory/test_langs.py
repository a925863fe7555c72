import pytest

from service.memory.langs import canonical_lang, same_lang


@pytest.mark.parametrize(
    "tag, expected",
    [
        ("zh-CN", "zh-Hans"),
        ("ZH-cn", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh_Hans_CN", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("en-US", "en"),
        ("EN-GB", "en"),
        ("en", "en"),
        ("fr-FR", "fr-fr"),
        ("", ""),
        (None, ""),
    ],
)
def test_canonical_lang(tag, expected):
    assert canonical_lang(tag) == expected


def test_same_lang():
    assert same_lang("zh-cn", "ZH-Hans")
    assert not same_lang("zh-TW", "zh-CN")
    assert not same_lang("", "")
