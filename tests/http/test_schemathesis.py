"""schemathesis against the live OpenAPI document, in-process, with authentication.

Every operation of /schema/openapi.json gets generated requests that fit its schema
(positive) and requests that break it (negative), sent to the real application over a
seeded store as the users who would send them (and sometimes as others), with real case,
referral, worker, organisation and team ids put in. Each answer must pass:

- not_a_server_error: never a 5xx;
- status_code_conformance: only statuses the document lists for the operation;
- content_type_conformance and response_schema_conformance: the body is what the
  document says (problem+json for errors);
- negative_data_rejection: a request that breaks the schema is refused (4xx).

The run is derandomized (the same requests every time) and keeps no example database.
test_schemathesis_stateful.py runs schemathesis' state machine with the same checks:
sequences of calls in which a response's ids feed the next request (the document's links).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.http.fuzz_support import Deployment, deployment

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
EXAMPLES = 40          # per operation and mode: 39 operations x 2 modes
MINIMUM_CASES = 1000
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate, Phase.shrink],
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(tmp_path_factory.mktemp("fuzz") / "var") as built:
        yield built
        asgi.shutdown_lifespans()  # the lifespan schemathesis started for the app


@pytest.fixture(scope="module")
def schema(deployed: Deployment) -> Any:
    return schemathesis.openapi.from_asgi("/schema/openapi.json", deployed.app)


def run_operation(deployed: Deployment, operation: Any, mode: GenerationMode,
                  sent: list[int]) -> str | None:
    """Send the operation's generated requests; the failure report, if any."""
    callers = deployed.callers(operation.path)

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def check(case: Any, data: st.DataObject) -> None:
        caller = data.draw(st.sampled_from(callers))
        deployed.fill(case, data, positive=mode.is_positive)
        case.headers["Authorization"] = deployed.bearer(caller)
        response = case.call()
        sent.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    except (Exception, BaseExceptionGroup) as failure:  # the shrunk failure, re-raised
        return f"{operation.label} ({mode.value}):\n{failure}"
    return None


def modes(operation: Any) -> list[GenerationMode]:
    """Negative requests need something to break: parameters, a body or a token."""
    raw = operation.definition.raw
    if raw.get("parameters") or raw.get("requestBody") or raw.get("security") != []:
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]  # /healthz, /readyz, /metrics


@pytest.mark.long
def test_every_operation_holds_to_its_schema(deployed: Deployment, schema: Any) -> None:
    started = time.monotonic()
    sent: list[int] = []
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in modes(operation):
            failure = run_operation(deployed, operation, mode, sent)
            if failure is not None:
                failures.append(failure)
    elapsed = time.monotonic() - started

    assert failures == [], "\n\n".join(failures)
    assert len(sent) >= MINIMUM_CASES, f"only {len(sent)} cases in {elapsed:.0f} s"
    reached = sum(1 for status in sent if status < 300)
    assert reached >= len(sent) // 10, f"only {reached} of {len(sent)} requests succeeded"
    print(f"schemathesis: {len(sent)} cases over {len(operations)} operations, "
          f"{reached} answered 2xx, in {elapsed:.0f} s")
