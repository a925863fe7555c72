from service.memory.keys import SLOT_CHARS, context_hash, exact_hash, fold_text, match_key, pair_hash
from service.text.placeables import find_placeables


def key_of(text):
    return match_key(text, find_placeables(text))


def test_years_with_different_values_share_a_key():
    a, b = key_of("总结2023年工作"), key_of("总结2024年工作")
    assert a.key == b.key
    assert a.slot_values != b.slot_values
    assert SLOT_CHARS["date"] in a.key and "2023" not in a.key


def test_each_kind_has_its_own_slot_character():
    key = key_of("增长5.2%，共120人，见www.gd.gov.cn")
    assert SLOT_CHARS["percent"] in key.key
    assert SLOT_CHARS["number"] in key.key
    assert SLOT_CHARS["url"] in key.key
    assert [p.kind for p in key.slots] == ["percent", "number", "url"]


def test_punctuation_width_and_spacing_do_not_matter():
    assert key_of("会议认为, 要(坚持)改革!").key == key_of("会议认为，要（坚持）改革！").key
    assert fold_text("“关于”") == fold_text("「关于」")
    assert fold_text("GDP Growth") == "gdpgrowth"
    assert key_of("会议在广州召开.").key == key_of("会议在广州召开。").key
    assert fold_text("v1.2 e.g.") == "v1.2e.g."


def test_slot_characters_in_the_input_cannot_fake_a_placeable():
    assert match_key("总结\ue000工作", []).key == "总结工作"


def test_hashes_are_32_hex_and_separate_parts():
    assert len(exact_hash("abc")) == 32
    assert exact_hash("abc") != exact_hash("abd")
    assert context_hash("a", "b", "c") != context_hash("ab", "", "c")
    assert context_hash(None, "b", None) == context_hash("", "b", "")
    assert context_hash("a", "b", "c") != exact_hash("b")


def test_pair_hash_ignores_target_spacing_only():
    assert pair_hash("高质量发展", " high-quality  development ") == pair_hash("高质量发展", "high-quality development")
    assert pair_hash("高质量发展", "high quality development") != pair_hash("高质量发展", "high-quality development")
