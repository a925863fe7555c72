"""Quality over the API: /score equals sacrebleu's command line; pair checks; reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import auth

HYP = [
    "The meeting was held in Guangzhou on January 18.",
    "The year 2024 marks the 75th anniversary.",
    "Veterans affairs work made new progress.",
]
REF1 = [
    "The meeting was held in Guangzhou from January 18 to 19.",
    "2024 marks the 75th anniversary of the PRC.",
    "New breakthroughs were made in veterans affairs work.",
]
REF2 = [
    "The conference took place in Guangzhou on 18 January.",
    "The year 2024 is the 75th anniversary.",
    "Work on veterans affairs achieved new breakthroughs.",
]


def _cli_scores(tmp_path: Path, refs: list[list[str]]) -> dict[str, float]:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("\n".join(HYP) + "\n")
    ref_files = []
    for i, ref in enumerate(refs):
        p = tmp_path / f"ref{i}.txt"
        p.write_text("\n".join(ref) + "\n")
        ref_files.append(str(p))
    exe = Path(sys.executable).with_name("sacrebleu")
    out = subprocess.run(
        [str(exe), *ref_files, "-i", str(hyp), "-m", "bleu", "chrf", "ter"], capture_output=True, text=True, check=True
    ).stdout
    by_name = {item["name"]: item for item in json.loads(out)}
    return {
        "bleu": by_name["BLEU"]["score"],
        "chrf": by_name["chrF2"]["score"],
        "ter": by_name["TER"]["score"],
        "bleu_signature": by_name["BLEU"]["signature"],
    }


def test_score_equals_sacrebleu_command_line(client, tmp_path):
    for refs in ([REF1], [REF1, REF2]):
        body = {"hypotheses": HYP, "references": refs if len(refs) > 1 else refs[0]}
        resp = client.post("/api/v1/score", json=body)
        assert resp.status_code == 200, resp.json
        cli = _cli_scores(tmp_path, refs)
        assert (resp.json["bleu"], resp.json["chrf"], resp.json["ter"]) == (cli["bleu"], cli["chrf"], cli["ter"])
        assert resp.json["signatures"]["bleu"] == cli["bleu_signature"]


def test_score_with_mismatched_lengths_is_422(client):
    resp = client.post("/api/v1/score", json={"hypotheses": HYP, "references": REF1[:2]})
    assert resp.status_code == 422


def test_segment_quality_flags_number_and_forbidden_term(client, editor_token):
    client.post(
        "/api/v1/terms",
        json={
            "source": "退役军人事务部",
            "target": "Ministry of Veterans Affairs",
            "category": "organization",
            "forbidden": ["Veterans Ministry"],
        },
        headers=auth(editor_token),
    )
    stored = client.post(
        "/api/v1/segments",
        json={
            "source": "退役军人事务部2024年安置了1.2万名退役士兵。",
            "target": "The Veterans Ministry resettled 1,200 soldiers in 2024.",
            "document": "d",
        },
        headers=auth(editor_token),
    ).json
    seg_id = stored["items"][0]["id"]
    quality = client.get(f"/api/v1/segments/{seg_id}/quality").json
    codes = {i["code"] for i in quality["issues"]}
    assert {"term-forbidden", "number-missing"} <= codes
    assert quality["score"] < 70
    report = client.get("/api/v1/quality/report?document=d").json
    assert report["pairs"] == 1 and report["worst"][0]["segment_id"] == seg_id
    assert report["by_code"]["term-forbidden"] == 1


def test_quality_is_refreshed_when_the_glossary_changes(client, editor_token):
    stored = client.post(
        "/api/v1/segments",
        json={"source": "光荣院改革发展。", "target": "Reform of honor homes."},
        headers=auth(editor_token),
    ).json
    seg_id = stored["items"][0]["id"]
    assert client.get(f"/api/v1/segments/{seg_id}/quality").json["issues"] == []
    client.post(
        "/api/v1/terms",
        json={"source": "光荣院", "target": "glory home", "category": "organization"},
        headers=auth(editor_token),
    )
    codes = {i["code"] for i in client.get(f"/api/v1/segments/{seg_id}/quality").json["issues"]}
    assert "term-missing" in codes


def test_a_flag_marked_a_false_positive_is_kept_counted_and_gives_the_precision(client, editor_token):
    from tests.helpers import auth

    stored = client.post(
        "/api/v1/segments",
        json={
            "pairs": [
                {"source": "2023年增长5%。", "target": "Growth was 5%."},
                {"source": "2024年增长6%。", "target": "Growth was 6%."},
            ]
        },
        headers=auth(editor_token),
    ).json["items"]
    first, second = (item["id"] for item in stored)
    [flag] = [
        i for i in client.get(f"/api/v1/segments/{first}/quality").json["issues"] if i["code"] == "number-missing"
    ]
    assert flag["verdict"] is None
    body = {"code": "number-missing", "message": flag["message"], "verdict": "false-positive"}
    assert client.post(f"/api/v1/segments/{first}/quality/verdicts", json=body).status_code == 401
    marked = client.post(f"/api/v1/segments/{first}/quality/verdicts", json=body, headers=auth(editor_token))
    assert marked.status_code == 200, marked.json
    [kept] = [i for i in marked.json["issues"] if i["code"] == "number-missing"]
    assert kept["verdict"] == "false-positive"  # kept, not hidden
    [other] = [
        i for i in client.get(f"/api/v1/segments/{second}/quality").json["issues"] if i["code"] == "number-missing"
    ]
    client.post(
        f"/api/v1/segments/{second}/quality/verdicts",
        json={"code": "number-missing", "message": other["message"], "verdict": "confirmed"},
        headers=auth(editor_token),
    )
    report = client.get("/api/v1/quality/report").json
    assert report["reviewed"]["number-missing"] == {"confirmed": 1, "false_positive": 1, "precision": 0.5}
    assert report["by_code"]["number-missing"] == 2  # still counted as flags
    unknown = client.post(
        f"/api/v1/segments/{first}/quality/verdicts",
        json={"code": "term-missing", "message": "no such flag", "verdict": "confirmed"},
        headers=auth(editor_token),
    )
    assert unknown.status_code == 422 and "no term-missing flag" in unknown.json["error"]["message"]
    assert (
        client.post("/api/v1/segments/999999/quality/verdicts", json=body, headers=auth(editor_token)).status_code
        == 404
    )
    client.delete(f"/api/v1/segments/{first}", headers=auth(editor_token))  # its verdict goes with it
    assert client.get("/api/v1/quality/report").json["reviewed"]["number-missing"] == {
        "confirmed": 1,
        "false_positive": 0,
        "precision": 1.0,
    }
