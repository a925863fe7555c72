from service.text.pipeline import format_table, process, to_json

RAW = "  作者：张三 | 来源：本网 | 时间：2024-01-25\n\u3000\u3000會(huì)議強調,2024年是關鍵一年。增長5.2%。\n\n_84A8693(1).png\n"


def test_segments_carry_original_offsets_and_normalized_text():
    segments = process(RAW)
    assert [s.index for s in segments] == list(range(len(segments)))
    for segment in segments:
        assert RAW[segment.start : segment.end] == segment.text
        assert segment.offsets.to_original(0, len(segment.normalized)) == (segment.start, segment.end)
    assert [s.normalized for s in segments] == [
        "作者：张三 | 来源：本网 | 时间：2024-01-25",
        "会议强调，2024年是关键一年。",
        "增长5.2%。",
        "_84A8693(1).png",
    ]
    assert [s.noise for s in segments] == ["metadata", None, None, "caption"]


def test_placeables_are_in_normalized_coordinates():
    segment = process(RAW)[1]
    assert [(p.text, p.kind) for p in segment.placeables] == [("2024年", "date")]
    placeable = segment.placeables[0]
    assert segment.normalized[placeable.start : placeable.end] == "2024年"
    start, end = segment.offsets.to_original(placeable.start, placeable.end)
    assert RAW[start:end] == "2024年"


def test_offsets_of_a_word_behind_an_annotation():
    segment = process(RAW)[1]
    start, end = segment.offsets.to_original(0, 2)
    assert RAW[start:end] == "會(huì)議"


def test_english_documents():
    segments = process("Mr. Li spoke. The meeting ended.", lang="en")
    assert [s.text for s in segments] == ["Mr. Li spoke.", "The meeting ended."]


def test_format_table_lists_every_segment():
    table = format_table(process(RAW))
    lines = table.splitlines()
    assert lines[0].split() == ["#", "start", "end", "noise", "text"]
    assert len(lines) == 5
    assert "metadata" in lines[1] and "caption" in lines[4]
    assert lines[2].split()[:4] == ["1", str(process(RAW)[1].start), str(process(RAW)[1].end), "-"]


def test_format_table_shortens_long_text():
    long_text = "会议" * 100 + "。"
    line = format_table(process(long_text), width=20).splitlines()[1]
    assert line.endswith("…") and "会议" * 10 not in line


def test_to_json():
    data = to_json(process(RAW))
    assert data[1]["normalized"] == "会议强调，2024年是关键一年。"
    assert data[1]["placeables"] == [{"start": 5, "end": 10, "text": "2024年", "kind": "date"}]
    assert set(data[0]) == {"index", "start", "end", "text", "normalized", "noise", "placeables"}
