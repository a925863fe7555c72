"""The quality dashboard: totals, issue bars and the score histogram as inline SVG, per document."""

from __future__ import annotations

import re

from service.application import glossary as glossary_service
from service.application import memory as memory_service
from service.memory.pairs import RawPair


def seed(app):
    with app.extensions["yiku"].db.session() as session:
        glossary_service.create_term(
            session,
            {
                "source": "退役军人事务厅",
                "target": "Department of Veterans Affairs",
                "category": "organization",
                "status": "approved",
            },
            "seed",
        )
        pairs = [
            RawPair("省退役军人事务厅召开会议。", "The provincial <b>bureau</b> held a meeting.", document="report"),
            RawPair("2023年增长5%。", "Growth was 5% in 2023.", document="report"),
            RawPair("会议在广州举行。", "会议在广州举行。", document="other"),
        ]
        memory_service.store_pairs(session, pairs, "seed")


def test_dashboard_for_the_whole_memory(app, client):
    seed(app)
    html = client.get("/quality").get_data(as_text=True)
    assert re.search(r"Pairs checked</span><strong>3</strong>", html)
    svgs = re.findall(r'<svg class="chart".*?</svg>', html, flags=re.S)
    assert len(svgs) == 2
    assert "<rect" in svgs[0] and "<title>" in svgs[0]
    drawn = [int(n) for n in re.findall(r"<title>\d+–\d+: (\d+)</title>", svgs[1])]
    with app.extensions["yiku"].db.session() as session:
        stored = [row.quality_score for row in memory_service.iter_pairs(session) if row.quality_score is not None]
    assert len(drawn) == 10 and sum(drawn) == len(stored) >= 2
    assert all(drawn[min(int(score // 10), 9)] for score in stored)
    assert "&lt;b&gt;bureau&lt;/b&gt;" in html and "<b>bureau</b>" not in html


def test_dashboard_for_one_document(app, client):
    seed(app)
    html = client.get("/quality?document=report").get_data(as_text=True)
    assert re.search(r"Pairs checked</span><strong>2</strong>", html)
    assert "会议在广州举行。" not in html.split("<main", 1)[1].split("</select>", 1)[1]


def test_empty_memory_shows_no_charts(client):
    html = client.get("/quality").get_data(as_text=True)
    assert "No issues found." in html and "No pair has been scored yet." in html


def test_the_pairs_to_fix_name_the_term_or_number_behind_each_issue(app, client):
    seed(app)
    html = client.get("/quality").get_data(as_text=True)
    table = html[html.index("Pairs to fix first") :]
    assert "“退役军人事务厅” should be rendered “Department of Veterans Affairs”" in table
    assert '<span class="code">term-missing</span>' in table
    report = client.get("/api/v1/quality/report").json
    [row] = [w for w in report["worst"] if "term-missing" in w["codes"]]
    assert any("Department of Veterans Affairs" in issue["message"] for issue in row["issues"])


def test_an_editor_marks_a_flag_a_false_positive_and_it_stays_counted(app, client):
    import re as _re

    from service.application.accounts import create_user

    seed(app)
    with app.extensions["yiku"].db.session() as session:
        create_user(session, "reviewer", "a long enough passphrase", "editor")
        session.commit()
    page = client.get("/sign-in").get_data(as_text=True)
    token = _re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"username": "reviewer", "password": "a long enough passphrase", "csrf_token": token})
    html = client.get("/quality").get_data(as_text=True)
    assert "Not a problem" in html and "Reviewed flags" not in html
    form = _re.search(r'<form method="post" action="/quality/verdict".*?</form>', html, _re.S).group(0)
    fields = dict(_re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', form))
    import html as _html

    fields = {k: _html.unescape(v) for k, v in fields.items()}
    resp = client.post("/quality/verdict", data=fields)
    assert resp.status_code == 302
    after = client.get("/quality").get_data(as_text=True)
    assert "marked a false positive" in after and "Reviewed flags" in after
    assert _re.search(r"<td>" + fields["code"] + r"</td><td>0</td><td>1</td><td>0.00</td>", after)
    assert client.post("/quality/verdict", data={**fields, "verdict": "maybe"}).status_code == 400


def test_the_link_of_a_pair_to_fix_opens_it_with_its_issues(app, client):
    from service.application.accounts import create_user

    seed(app)
    with app.extensions["yiku"].db.session() as session:
        create_user(session, "fixer", "a long enough passphrase", "editor")
        session.commit()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"username": "fixer", "password": "a long enough passphrase", "csrf_token": token})
    html = client.get("/quality").get_data(as_text=True)
    table = html[html.index("Pairs to fix first") :]
    row = next(r for r in table.split("<tr>") if "term-missing" in r)
    link = re.search(r'<a href="(/memory/\d+/edit)"', row).group(1)
    edit = client.get(link).get_data(as_text=True)
    assert "What the checks found" in edit
    assert "“退役军人事务厅” should be rendered “Department of Veterans Affairs”" in edit
    assert '<textarea id="target"' in edit  # the pair, ready to be corrected
