"""Loading administrative divisions from CSV, and the packaged places.csv."""

import pytest

from glossary.places import PROVINCIAL_LEVELS, Place, PlacesFileError, load_places, provincial_divisions

HEADER = "name,short,english,level,adjective,parent\n"


def write(tmp_path, body, header=HEADER):
    path = tmp_path / "places.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_loads_places_from_a_given_file(tmp_path):
    path = write(
        tmp_path,
        "广东省,广东,Guangdong,province,Guangdong Provincial,\n珠海市,珠海,Zhuhai,city,Zhuhai Municipal,广东省\n",
    )
    places = load_places(path)
    assert places == [
        Place("广东省", "广东", "Guangdong", "province", "Guangdong Provincial", ""),
        Place("珠海市", "珠海", "Zhuhai", "city", "Zhuhai Municipal", "广东省"),
    ]
    assert places[0].is_provincial and not places[1].is_provincial


def test_bom_and_blank_lines_tolerated(tmp_path):
    path = write(tmp_path, "\n北京市,北京,Beijing,municipality,Beijing Municipal,\n\n", header="\ufeff" + HEADER)
    assert [place.name for place in load_places(path)] == ["北京市"]


def test_adjective_falls_back_to_english_name():
    assert Place("和平县", "和平", "Heping", "county").english_adjective == "Heping"
    assert (
        Place("广东省", "广东", "Guangdong", "province", "Guangdong Provincial").english_adjective
        == "Guangdong Provincial"
    )


@pytest.mark.parametrize(
    "body, message",
    [
        ("广东省,广东,Guangdong,state,,\n", "unknown level"),
        ("广东省,广东,,province,,\n", "required"),
        ("广东省,广东,Guangdong,province\n", "expected 6 fields"),
        ("广东省,广东,Guangdong,province,,\n广东省,广东,Guangdong,province,,\n", "duplicate"),
    ],
)
def test_malformed_rows_name_their_line(tmp_path, body, message):
    with pytest.raises(PlacesFileError, match=message) as caught:
        load_places(write(tmp_path, body))
    assert "line " in str(caught.value)


def test_admitted_names_are_read_from_an_optional_column(tmp_path):
    path = write(
        tmp_path,
        "西藏自治区,西藏,Xizang,autonomous-region,Xizang Autonomous Regional,,Tibet | Tibet Autonomous Region\n"
        "北京市,北京,Beijing,municipality,Beijing Municipal,,\n",
        header="name,short,english,level,adjective,parent,admitted\n",
    )
    tibet, beijing = load_places(path)
    assert tibet.admitted == ("Tibet", "Tibet Autonomous Region") and beijing.admitted == ()


def test_an_unknown_column_is_rejected(tmp_path):
    with pytest.raises(PlacesFileError, match="line 1: unknown columns population"):
        load_places(write(tmp_path, "北京市,北京,Beijing,municipality,,,1\n", header=HEADER.strip() + ",population\n"))


def test_packaged_places_admit_the_names_in_official_use():
    places = {place.name: place for place in load_places()}
    assert places["西藏自治区"].english == "Xizang" and "Tibet" in places["西藏自治区"].admitted


def test_missing_column_rejected(tmp_path):
    with pytest.raises(PlacesFileError, match="adjective"):
        load_places(write(tmp_path, "广东省,广东,Guangdong,province,\n", header="name,short,english,level,parent\n"))


# The packaged data file.

PROVINCIAL_NAMES = {
    "北京市",
    "天津市",
    "上海市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "台湾省",
    "内蒙古自治区",
    "广西壮族自治区",
    "西藏自治区",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港特别行政区",
    "澳门特别行政区",
}


def test_packaged_file_has_all_34_provincial_level_divisions():
    provincial = provincial_divisions(load_places())
    assert {place.name for place in provincial} == PROVINCIAL_NAMES
    assert all(place.level in PROVINCIAL_LEVELS and not place.parent for place in provincial)


def test_packaged_file_parents_exist_and_english_names_are_set():
    places = load_places()
    names = {place.name for place in places}
    assert all(place.parent in names for place in places if place.parent)
    assert all(place.english and place.short for place in places)
