"""Schemathesis against the live app: for every operation of the OpenAPI document, generated valid and invalid
requests (writes with an admin token) never get a 500, a status the document does not list, a content type it
does not list, or a body that breaks the documented schema.

Bounded: YIKU_FUZZ_CASES cases per operation (15 by default, a few hundred over all operations;
./scripts/test --fuzz runs 300 each), with a fixed seed.
"""

from __future__ import annotations

import logging
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks as core_checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from tests.helpers import auth

CASES = int(os.environ.get("YIKU_FUZZ_CASES", "15"))
SEED = 20240601
CHECKS = [
    core_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]


def _operation_labels() -> list[str]:
    import service.http.app  # noqa: F401  (registers every route)
    from service.http.api.openapi import build_document

    doc = build_document()
    return [f"{method.upper()} {path}" for path, item in doc["paths"].items() for method in item]


def _seed(client, token: str) -> None:
    """A few rows, so generated small ids sometimes reach real terms and segments (and their 200 bodies)."""
    for i, (src, tgt) in enumerate(
        [
            ("国务院", "State Council"),
            ("退役军人事务部", "Ministry of Veterans Affairs"),
            ("全国人民代表大会", "National People's Congress"),
        ]
    ):
        assert client.post("/api/v1/terms", json={"source": src, "target": tgt}, headers=auth(token)).status_code == 201
        resp = client.post(
            "/api/v1/segments",
            json={"source": f"{src}召开第{i + 1}次会议。", "target": f"The {tgt} held meeting {i + 1}."},
            headers=auth(token),
        )
        assert resp.status_code == 201


@pytest.mark.slow
@pytest.mark.parametrize("label", _operation_labels())
def test_operation_conforms_to_its_schema(app, client, admin_token, label):
    _seed(client, admin_token)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = auth(admin_token)
    calls = []

    def exercise(mode: GenerationMode, examples: int) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            calls.append(response.status_code)

        run._hypothesis_internal_use_seed = SEED
        run()

    logging.disable(logging.CRITICAL)  # expected 4xx noise; a 500 fails through the checks
    try:
        exercise(GenerationMode.POSITIVE, max(1, CASES * 2 // 3))
        exercise(GenerationMode.NEGATIVE, max(1, CASES // 3))
    finally:
        logging.disable(logging.NOTSET)
    assert calls, f"no request was made for {label}"
    assert all(status < 500 for status in calls)
