"""The web pages in headless Chromium against a live server: sign-in, terms, validation, the edit conflict,
CSV import, the assist page on the seed article and a TMX export. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from service.application import memory as memory_service
from service.application.accounts import create_user
from service.memory.pairs import RawPair

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "correct horse battery"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=os.environ.get("YIKU_CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_app(db_url, tmp_path):
    from service.config import Settings
    from service.http.app import create_app

    app = create_app(Settings(database_url=db_url, data_dir=tmp_path / "data", secret_key="browser-test"))
    with app.extensions["yiku"].db.session() as session:
        create_user(session, "admin1", PASSWORD, "admin")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(5)
    app.extensions["yiku"].close()


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_app.config["BASE_URL"], accept_downloads=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def shot(page, name: str, *, phone: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1280.png"), full_page=True)
    if phone:
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
        page.set_viewport_size(size)


def sign_in(page, name="admin1") -> None:
    page.goto("/sign-in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/glossary")


def fill_term(page, source: str, target: str) -> None:
    page.get_by_label("Source (Chinese)").fill(source)
    page.get_by_label("Target (English)").fill(target)


def test_sign_in_create_a_term_and_see_validation(page):
    page.goto("/sign-in")
    shot(page, "sign-in", phone=True)
    sign_in(page)
    assert page.locator(".who .user").inner_text().startswith("admin1")
    page.get_by_role("link", name="New term").click()
    fill_term(page, "退役军人事务厅", "")
    page.get_by_label("Forbidden renderings (one per line)").fill("Veterans Bureau")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#target-error").inner_text() == "target is empty"
    assert page.get_by_label("Source (Chinese)").input_value() == "退役军人事务厅"  # input kept
    shot(page, "term-form-errors", phone=True)
    page.get_by_label("Target (English)").fill("Department of Veterans Affairs")
    page.get_by_label("Category").select_option("organization")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/glossary/*")
    assert "Term 退役军人事务厅 created." in page.locator(".flashes").inner_text()
    shot(page, "term-detail")
    page.get_by_role("link", name="Glossary", exact=True).click()
    assert page.locator("table.terms").get_by_text("Department of Veterans Affairs").is_visible()
    shot(page, "glossary-list", phone=True)


def test_two_pages_edit_the_same_term_and_the_second_gets_the_conflict_view(page, live_app):
    sign_in(page)
    page.goto("/glossary/new")
    fill_term(page, "高质量发展", "high-quality development")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/glossary/*")
    term_url = page.url
    other = page.context.new_page()
    other.goto(term_url + "/edit")
    page.goto(term_url + "/edit")
    page.get_by_label("Note").fill("saved first")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(term_url)
    other.get_by_label("Note").fill("saved second")
    other.get_by_role("button", name="Save").click()
    assert other.get_by_role("heading", name="Someone else changed this term").is_visible()
    note_row = other.locator("table.compare tr.differs", has_text="Note")
    assert note_row.locator("ins").inner_text() == "second"
    assert note_row.locator("del").inner_text() == "first"
    shot(other, "term-conflict", phone=True)
    other.get_by_role("button", name="Apply mine on top of version 2").click()
    other.wait_for_url(term_url)
    assert "saved second" in other.locator("dl.term").inner_text()
    page.goto(term_url + "/history")
    assert page.get_by_text("Version 3").is_visible()
    shot(page, "term-history")


def test_import_a_csv_with_preview(page, tmp_path):
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text(
        "source,target,category,status,variants,forbidden,note,domain,pattern\n"
        "广东省,Guangdong Province,place,approved,廣東省,,,,\n"
        "退役军人事务部,Ministry of Veterans Affairs,organization,approved,退役軍人事務部,"
        "Veterans Ministry,,,\n",
        encoding="utf-8",
    )
    sign_in(page)
    page.get_by_role("link", name="Import CSV/TBX").click()
    page.get_by_label(re.compile(r"^Glossary file")).set_input_files(str(csv_file))
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_text("2 to create").is_visible()
    shot(page, "import-preview", phone=True)
    page.get_by_role("button", name="Apply the import (2 new, 0 updated)").click()
    page.wait_for_url("**/glossary")
    assert "2 created, 0 updated, 0 unchanged" in page.locator(".flashes").inner_text()
    assert page.locator("table.terms tbody tr").count() == 2


def test_paste_the_seed_article_and_see_highlighted_terms(page, seed_article):
    sign_in(page)
    page.goto("/glossary/new")
    fill_term(page, "退役军人事务厅", "Department of Veterans Affairs")
    page.get_by_label("Forbidden renderings (one per line)").fill("Veterans Bureau")
    page.get_by_label("Category").select_option("organization")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/glossary/*")
    page.get_by_role("link", name="Assist").click()
    page.get_by_label("Chinese text").fill(seed_article)
    page.get_by_role("button", name="Analyse").click()
    mark = page.locator("mark.term", has_text="退役軍人事務廳").first
    assert mark.is_visible()
    assert mark.get_attribute("title") == (
        "退役军人事务厅 → Department of Veterans Affairs; do not use: Veterans Bureau"
    )
    assert page.locator("li.segment.noise .noise-label").first.is_visible()
    shot(page, "assist-seed-article", phone=True)
    first_form = page.locator("form[data-store]").first
    first_form.locator("textarea").fill("Provincial meeting of veterans affairs bureau chiefs held")
    first_form.get_by_role("button", name="Store").click()
    expect(first_form.locator(".store-status")).to_contain_text("Stored as segment", timeout=10_000)


def test_memory_browser_and_tmx_export(page, live_app):
    with live_app.extensions["yiku"].db.session() as session:
        memory_service.store_pairs(
            session,
            [
                RawPair(
                    "退役军人事务厅召开会议。",
                    "The Department of Veterans Affairs held a meeting.",
                    document="meeting-2024",
                ),
                RawPair(
                    "广东省推进高质量发展。", "Guangdong promotes high-quality development.", document="meeting-2024"
                ),
            ],
            "seed",
        )
    page.goto("/memory")
    page.get_by_label("Concordance (source or target)").fill("高质量")
    page.get_by_role("button", name="Search").click()
    assert page.locator("table.pairs tbody tr").count() == 1
    shot(page, "memory-search", phone=True)
    page.get_by_label("Document").select_option("meeting-2024")
    page.get_by_label("Concordance (source or target)").fill("")
    page.get_by_role("button", name="Search").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export TMX").click()
    tmx = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "<tmx" in tmx and "广东省推进高质量发展。" in tmx and "退役军人事务厅召开会议。" in tmx
    page.goto("/quality")
    assert page.locator("svg.chart").count() >= 1
    shot(page, "quality-dashboard", phone=True)


def test_a_lower_match_is_offered_and_used_only_on_request(page, live_app):
    """A fuzzy match below the fill-in score leaves the translation box empty; "Use this draft" fills it (with the
    place the glossary renders carried over: Shenzhen for 深圳)."""
    with live_app.extensions["yiku"].db.session() as session:
        memory_service.store_pairs(
            session,
            [
                RawPair(
                    "全省退役军人事务局长会议在广州召开。",
                    "The provincial meeting of bureau chiefs was held in Guangzhou.",
                )
            ],
            "seed",
        )
        session.commit()
    sign_in(page)
    page.goto("/assist")
    page.get_by_label("Chinese text").fill("全省退役军人事务局长会议在深圳召开，部署今年工作。")
    page.get_by_role("button", name="Analyse").click()
    box = page.locator("#target-0")
    expect(box).to_have_value("")
    expect(page.locator(".draft.offered")).to_contain_text("not filled in")
    shot(page, "assist-offered-draft", phone=True)
    page.get_by_role("button", name="Use this draft").click()
    expect(box).to_have_value("The provincial meeting of bureau chiefs was held in Shenzhen.")
    expect(box).to_be_focused()


def test_a_forbidden_rendering_is_stored_only_after_a_second_confirmation(page, live_app):
    from service.application import glossary as glossary_service

    with live_app.extensions["yiku"].db.session() as session:
        glossary_service.create_term(
            session,
            {"source": "中国式现代化", "target": "Chinese modernization", "forbidden": ["Chinese-style modernization"]},
            "seed",
        )
        session.commit()
    sign_in(page)
    page.goto("/assist")
    page.get_by_label("Chinese text").fill("推进中国式现代化。")
    page.get_by_role("button", name="Analyse").click()
    form = page.locator("form[data-store]").first
    form.locator("textarea").fill("Advance Chinese-style modernization.")
    form.get_by_role("button", name="Store", exact=True).click()
    expect(form.locator(".store-status")).to_contain_text("Not stored yet", timeout=10_000)
    expect(form.locator(".store-issues")).to_contain_text("forbidden")
    shot(page, "assist-store-needs-confirmation")
    form.get_by_role("button", name="Store anyway").click()
    expect(form.locator(".store-status")).to_contain_text("Stored as segment", timeout=10_000)
    expect(form.locator(".store-issues")).to_contain_text("forbidden")


def test_term_marks_share_one_tab_stop_and_renderings_insert_at_the_caret(page, live_app, seed_article):
    from service.application.database import seed_starter_glossary

    assert seed_starter_glossary(live_app.extensions["yiku"].db) > 300
    sign_in(page)
    page.goto("/assist")
    page.get_by_label("Chinese text").fill(seed_article)
    page.get_by_role("button", name="Analyse").click()
    marks = page.locator("mark.term")
    assert marks.count() > 20
    assert page.locator('mark.term[tabindex="0"]').count() == 1  # one Tab stop for all of them
    marks.nth(0).focus()
    page.keyboard.press("ArrowRight")
    expect(marks.nth(1)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(marks.nth(0)).to_be_focused()
    segment = page.locator("li.segment", has=page.locator("button.rendering")).first
    box = segment.locator("textarea")
    box.fill("The ")
    button = segment.locator("button.rendering.preferred").first
    rendering = button.inner_text()
    button.click()
    expect(box).to_have_value("The " + rendering)
    shot(page, "assist-term-pane", phone=True)


def test_ctrl_enter_stores_and_moves_to_the_next_segment_with_progress(page, live_app):
    sign_in(page)
    page.goto("/assist")
    page.get_by_label("Chinese text").fill("全省退役军人事务局长会议召开。会议在广州举行。部署今年工作。")
    page.get_by_role("button", name="Analyse").click()
    progress = page.locator("[data-progress]")
    expect(progress).to_have_text("0 of 3 segments stored")
    first, second = page.locator("#target-0"), page.locator("#target-1")
    first.fill("The provincial meeting of veterans affairs bureau chiefs opened.")
    first.press("Control+Enter")
    expect(progress).to_have_text("1 of 3 segments stored", timeout=10_000)
    expect(second).to_be_focused()
    second.fill("The meeting was held in Guangzhou.")
    second.press("Control+Enter")
    expect(progress).to_have_text("2 of 3 segments stored", timeout=10_000)
    expect(page.locator("#target-2")).to_be_focused()
    expect(page.locator(".store-issues")).to_have_count(0)  # nothing found: no empty findings box
    shot(page, "assist-confirm-and-next", phone=True)


def test_selecting_words_of_a_source_offers_a_concordance_search(page, live_app):
    from service.application import memory as memory_service
    from service.memory.pairs import RawPair

    with live_app.extensions["yiku"].db.session() as session:
        memory_service.store_pairs(
            session, [RawPair("全省退役軍人事務局長會議在廣州召開。", "The meeting was held in Guangzhou.")], "seed"
        )
        session.commit()
    page.goto("/assist")
    page.get_by_label("Chinese text").fill("退役军人事务局长会议在深圳召开。")
    page.get_by_role("button", name="Analyse").click()
    source = page.locator(".seg-source p").first
    source.evaluate(
        """p => { const range = document.createRange(); const text = p.childNodes[0];
                  range.setStart(text, 0); range.setEnd(text, 2);
                  const s = document.getSelection(); s.removeAllRanges(); s.addRange(range); }"""
    )
    offer = page.locator("[data-concordance]")
    expect(offer).to_be_visible()
    link = offer.locator("a")
    expect(link).to_have_attribute("href", "/memory?q=%E9%80%80%E5%BD%B9")
    page.goto(link.get_attribute("href"))
    expect(page.locator("body")).to_contain_text("The meeting was held in Guangzhou.")


def _workspace_document(live_app, text: str, name: str = "seed") -> int:
    from service.application import workspace

    with live_app.extensions["yiku"].db.session() as session:
        created = workspace.create_document(session, name, text, "seed")
        session.commit()
    return created.id


def test_workspace_confirm_and_next_with_a_second_confirmation_and_statuses_that_persist(page, live_app, seed_article):
    doc_id = _workspace_document(live_app, seed_article)
    sign_in(page)
    page.goto(f"/workspace/{doc_id}")
    counts = page.locator("[data-counts]")
    expect(counts).to_have_text("0 of 24 confirmed · 0 drafts · 24 new")
    meeting = page.locator("li.segment", has_text="1月18日至19日").first
    number = int(meeting.get_attribute("id").split("-")[1])
    box = meeting.locator("textarea")
    box.fill("The conference was held in Guangzhou.")
    box.press("Control+Enter")
    expect(meeting.locator(".store-issues")).to_contain_text("18", timeout=10_000)
    expect(meeting.locator("[data-status]")).to_have_text("new")  # not confirmed, nothing stored
    shot(page, "workspace-needs-confirmation")
    box.fill("The provincial conference was held in Guangzhou from January 18 to 19.")
    box.press("Control+Enter")
    expect(meeting.locator("[data-status]")).to_have_text("confirmed", timeout=10_000)
    expect(counts).to_have_text("1 of 24 confirmed · 0 drafts · 23 new")
    expect(page.locator(f"#target-{number + 1}")).to_be_focused()  # confirm-and-next
    # a box left after a change saves itself as a draft
    page.locator(f"#target-{number + 1}").fill("The meeting was guided by Xi Jinping Thought.")
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(f"#target-{number + 2}")).to_be_focused()
    nxt = page.locator(f"#seg-{number + 1}")
    expect(nxt.locator("[data-status]")).to_have_text("draft", timeout=10_000)
    expect(counts).to_have_text("1 of 24 confirmed · 1 draft · 22 new")
    shot(page, "workspace-document", phone=True)
    page.reload()
    expect(page.locator(f"#seg-{number} [data-status]")).to_have_text("confirmed")
    expect(page.locator(f"#seg-{number + 1} [data-status]")).to_have_text("draft")
    expect(page.locator(f"#target-{number + 1}")).to_have_value("The meeting was guided by Xi Jinping Thought.")


def test_workspace_shortcuts_insert_renderings_and_marks_are_one_tab_stop(page, live_app, seed_article):
    from service.application.database import seed_starter_glossary

    seed_starter_glossary(live_app.extensions["yiku"].db)
    doc_id = _workspace_document(live_app, seed_article)
    sign_in(page)
    page.goto(f"/workspace/{doc_id}")
    assert page.locator('mark.term[tabindex="0"]').count() == 1
    segment = page.locator("li.segment", has=page.locator(".term-pane")).first
    preferred = segment.locator(".term-pane li").first.locator("button.preferred").inner_text()
    box = segment.locator("textarea")
    box.fill("")
    box.press("Alt+1")
    expect(box).to_have_value(preferred)
    shortcuts = page.locator("details.shortcuts")
    shortcuts.locator("summary").click()
    expect(shortcuts).to_contain_text("Ctrl+Enter confirm the translation and go to the next segment")
    shot(page, "workspace-shortcuts")


def test_every_page_fits_a_phone_without_sideways_scrolling(page, live_app, seed_article):
    from service.application.database import seed_starter_glossary

    seed_starter_glossary(live_app.extensions["yiku"].db)
    with live_app.extensions["yiku"].db.session() as session:
        memory_service.store_pairs(
            session,
            [RawPair("1月18日至19日,全省退役軍人事務局長會議在廣州召開。", "The conference was held in Guangzhou.")],
            "seed",
        )
        session.commit()
    doc_id = _workspace_document(live_app, seed_article)
    sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/glossary", "/workspace", f"/workspace/{doc_id}", "/memory", "/quality", "/glossary/import"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    page.goto("/assist")
    page.get_by_label("Chinese text").fill(seed_article)
    page.get_by_role("button", name="Analyse").click()
    page.locator("li.segment").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/quality")
    labels = page.locator("svg.chart text")
    assert labels.count() > 12  # both charts are drawn (the stored pair misses its dates)
    for i in range(labels.count()):  # chart labels stay readable at phone width: 12 px or more
        box = labels.nth(i).bounding_box()
        assert box["height"] >= 12 and box["x"] >= 0 and box["x"] + box["width"] <= 390, labels.nth(i).inner_text()
    shot(page, "quality-phone")


def _align_speech(page, zh_lines: int, en_lines: int):
    """Sign in and align the first lines of the first speech of The Governance of China on the Align page."""
    data = ROOT / "tests" / "data" / "align" / "pol-governance-v1"
    zh = "\n".join((data / "zh.txt").read_text(encoding="utf-8").splitlines()[:zh_lines])
    en = "\n".join((data / "en.txt").read_text(encoding="utf-8").splitlines()[:en_lines])
    sign_in(page)
    page.goto("/align")
    page.get_by_label("Chinese text").fill(zh)
    page.get_by_label("Its English version").fill(en)
    page.get_by_role("button", name="Align").click()
    rows = page.locator("tr[data-bead]")
    expect(rows.first).to_contain_text("人民对美好生活的向往")
    return rows


def test_align_a_speech_merge_a_bead_and_store_the_kept_pairs(page, live_app):
    rows = _align_speech(page, 20, 24)
    count = rows.count()
    shot(page, "align-beads", phone=True)
    second = rows.nth(1)
    second.get_by_role("button", name="Merge with next").click()
    expect(rows).to_have_count(count - 1)
    expect(second.locator("[data-type]")).to_have_text("2-2")  # both 1-1: two segments a side now
    expect(second.locator(".confidence")).to_have_text("edited")
    expect(second.locator("input[type=checkbox]")).to_be_checked()
    kept = page.locator("tr[data-bead] input[type=checkbox]:checked").count()
    page.get_by_label("Document the pairs belong to").fill("speech-1")
    page.get_by_role("button", name="Store the kept pairs").click()
    page.wait_for_url("**/memory?document=speech-1")
    expect(page.locator(".flashes")).to_contain_text(f"Stored {kept} aligned pair")
    with live_app.extensions["yiku"].db.session() as session:
        pairs = memory_service.search_pairs(session, document="speech-1", limit=200).items
    assert len(pairs) == kept


def shot_around(page, name: str, target) -> None:
    """The window with `target` near its top, at desktop and at phone width (which must not scroll sideways)."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        target.evaluate("node => node.scrollIntoView({block: 'start'})")
        page.evaluate("window.scrollBy(0, -60)")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
    page.set_viewport_size(size)


def _bead_fields(page) -> list[dict[str, str]]:
    """What the store form would send for each row, read from its inputs, with the names checked to follow the
    order of the rows (source_0, source_1, ...) and the count in `beads`."""
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll("tr[data-bead]")).map((row, i) => {
            const out = {};
            row.querySelectorAll("input[name]").forEach((input) => {
                const [name, n] = input.name.split("_");
                if (Number(n) !== i) { throw new Error(`row ${i} holds ${input.name}`); }
                out[name] = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value;
            });
            return out;
        })"""
    )
    assert page.locator("form[data-align] input[name=beads]").input_value() == str(len(rows))
    return rows


def test_align_split_a_bead_reject_another_and_store_exactly_the_kept_pairs(page, live_app):
    rows = _align_speech(page, 40, 40)
    count = rows.count()
    types = rows.locator("[data-type]").all_inner_texts()
    index = types.index("1-2")  # the first bead of one Chinese and two English segments
    bead = rows.nth(index)
    english = bead.locator("[data-side=target] [data-seg]").all_inner_texts()
    chinese = bead.locator("[data-side=source]").inner_text()
    assert len(english) == 2 and " ".join(english) == bead.locator("[data-side=target]").inner_text()

    split = bead.get_by_role("button", name="Split")
    split.click()
    chooser = page.locator("tr.split-chooser")
    expect(split).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")  # closed, the focus back on Split; Enter opens it again
    expect(chooser).to_have_count(0)
    expect(split).to_be_focused()
    page.keyboard.press("Enter")
    expect(chooser.get_by_role("group", name=f"Split bead {index + 1} in two")).to_be_visible()
    expect(chooser.get_by_label("English")).to_be_focused()  # the side with a cut to choose
    expect(chooser.get_by_label("English")).to_have_value("1")  # after the first English segment
    expect(chooser).to_contain_text("Two beads: 1-1 (yellow) and 0-1 (blue).")
    chooser.get_by_label("Chinese").select_option(label="none: all in the second part")
    expect(chooser).to_contain_text("Two beads: 0-1 (yellow) and 1-1 (blue).")
    chooser.get_by_label("English").select_option(label="none: all in the second part")
    expect(chooser.get_by_role("button", name="Split here")).to_be_disabled()  # a part would be empty
    chooser.get_by_label("Chinese").select_option(label="none: all in the first part")
    chooser.get_by_label("English").select_option(value="1")
    shot_around(page, "align-split-chooser", bead)
    chooser.get_by_role("button", name="Split here").click()

    expect(chooser).to_have_count(0)
    expect(rows).to_have_count(count + 1)
    first, second = rows.nth(index), rows.nth(index + 1)
    expect(first.locator("[data-type]")).to_have_text("1-1")
    expect(second.locator("[data-type]")).to_have_text("0-1")
    expect(first.locator(".confidence")).to_have_text("edited")
    expect(first.get_by_label(f"Keep bead {index + 1}")).to_be_checked()
    expect(first.get_by_label(f"Keep bead {index + 1}")).to_be_focused()
    expect(second.locator("input[type=checkbox]")).to_have_count(0)  # nothing to pair the English with
    expect(first.locator("[data-side=target]")).to_have_text(english[0])
    expect(second.locator("[data-side=target]")).to_have_text(english[1])
    expect(first.get_by_role("button", name="Split")).to_be_hidden()
    expect(page.locator("[data-align-status]")).to_have_text(f"Bead {index + 1} (1-2) split into 1-1 and 0-1.")

    # the bead to reject: the last ticked 1-1 before the split one
    reject = max(i for i in range(index) if types[i] == "1-1" and rows.nth(i).locator("input:checked").count())
    rejected = rows.nth(reject)
    expect(rejected.locator("input[type=checkbox]")).to_be_checked()
    rejected.get_by_role("button", name="Reject").click()
    expect(rejected).to_have_class(re.compile(r"\brejected\b"))
    expect(rejected.locator("input[type=checkbox]")).not_to_be_checked()
    expect(rejected.locator(".rejected-label")).to_have_text("rejected")
    rejected.get_by_role("button", name="Restore").click()  # taken back ...
    expect(rejected.locator("input[type=checkbox]")).to_be_checked()
    expect(rejected).not_to_have_class(re.compile(r"\brejected\b"))
    rejected.get_by_role("button", name="Reject").click()  # ... and rejected for good
    rejected_source = rejected.locator("[data-side=source]").inner_text()
    shot_around(page, "align-split-and-reject", rejected)

    fields = _bead_fields(page)
    assert len(fields) == count + 1
    assert fields[index]["target"] == english[0] and fields[index]["source"] == chinese
    assert fields[index]["edited"] == "1" and fields[index]["type"] == "1-1" and fields[index]["keep"] == "1"
    assert fields[index + 1]["source"] == "" and "keep" not in fields[index + 1]
    assert fields[reject]["keep"] == ""
    kept = [(f["source"].strip(), f["target"].strip()) for f in fields if f.get("keep") == "1"]
    page.get_by_label("Document the pairs belong to").fill("speech-split")
    page.get_by_role("button", name="Store the kept pairs").click()
    page.wait_for_url("**/memory?document=speech-split")
    expect(page.locator(".flashes")).to_contain_text(f"Stored {len(kept)} aligned pair")
    with live_app.extensions["yiku"].db.session() as session:
        pairs = memory_service.search_pairs(session, document="speech-split", limit=200).items
        stored = {(p.source, p.target): p.extra["alignment"] for p in pairs}
    assert set(stored) == set(kept)  # exactly the ticked rows, as shown
    assert stored[(chinese, english[0])] == {
        "confidence": float(fields[index]["confidence"]),
        "type": "1-1",
        "edited": True,
        "reviewed_by": "admin1",
    }
    assert not any(source == rejected_source for source, _ in stored)
    assert not any(english[1] in target for _, target in stored)
