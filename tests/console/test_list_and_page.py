"""The intake list and page against a real database (Rasa down: record still shown)."""
from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from bot.console import audit
from bot.console.context import ConsoleContext
from bot.storage.intakes import IntakeStore
from tests.console.conftest import seed

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _row_ids(html: str) -> list[str]:
    return re.findall(r'<tr class="status-[a-z_]+" data-conversation-id="([^"]+)"', html)


async def _page(client: TestClient, path: str) -> str:
    response = await client.get(path, headers={"Accept": "text/html"})
    assert response.status == 200
    return await response.text()


async def test_list_puts_emergencies_and_needs_human_first(client: TestClient, store: IntakeStore, navigator) -> None:
    await seed(store, "c-old-emergency", status="emergency")
    await seed(store, "c-human", status="needs_human")
    await seed(store, "c-progress", status="in_progress")
    await seed(store, "c-confirm", status="awaiting_confirmation", name="Ana Lopez")
    html = await _page(client, "/console/intakes")
    assert _row_ids(html) == ["c-old-emergency", "c-human", "c-confirm", "c-progress"]
    assert 'class="badge badge-emergency">emergency<' in html
    assert "needs a human" in html and "awaiting confirmation" in html
    assert ">3/12<" in html  # completeness
    assert ">web<" in html   # channel


async def test_list_filters_by_status_and_searches(client: TestClient, store: IntakeStore, navigator) -> None:
    await seed(store, "c-1", name="Maria Garcia")
    await seed(store, "c-2", name="Ana Lopez", status="needs_human")
    await seed(store, "conv-xyz", name="Tom Baker")
    assert _row_ids(await _page(client, "/console/intakes?status=needs_human")) == ["c-2"]
    assert _row_ids(await _page(client, "/console/intakes?q=garc")) == ["c-1"]
    assert _row_ids(await _page(client, "/console/intakes?q=XYZ")) == ["conv-xyz"]
    assert _row_ids(await _page(client, "/console/intakes?q=nobody")) == []
    listed = await client.get("/console/intakes.json?status=in_progress&q=tom")
    items = (await listed.json())["items"]
    assert [item["conversation_id"] for item in items] == ["conv-xyz"]
    assert items[0]["patient"] == "Tom Baker"


async def test_search_by_reference(client: TestClient, store: IntakeStore, navigator) -> None:
    await seed(store, "c-sub", name="Ruth Ng")
    await seed(store, "c-other")
    view = await store.get("c-sub")
    reference = await store.submit("c-sub", view.record)
    rows = (await (await client.get(f"/console/intakes.json?q={reference.lower()}")).json())["items"]
    assert [row["conversation_id"] for row in rows] == ["c-sub"]
    assert rows[0]["status"] == "submitted" and rows[0]["reference"] == reference


async def test_patient_text_is_escaped_everywhere(client: TestClient, store: IntakeStore, navigator) -> None:
    await seed(store, "c-xss", name=XSS)
    for html in (await _page(client, "/console/intakes"), await _page(client, "/console/intakes/c-xss")):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    live = await (await client.get("/console/intakes/c-xss/live")).json()
    names = [row["value"] for row in live["fields"] if row["path"] == "patient.name"]
    assert names == [XSS]  # JSON carries the text; the page inserts it as text


async def test_views_are_audited_with_ids_only(client: TestClient, store: IntakeStore, console: ConsoleContext, navigator) -> None:
    await seed(store, "c-1", name="Maria Garcia")
    await seed(store, "c-2", name="Ana Lopez")
    await _page(client, "/console/intakes")
    await _page(client, "/console/intakes/c-1")
    await client.get("/console/intakes/c-1/live")
    entries = await console.audit.entries(user_id=navigator.id)
    seen = {(e.action, e.conversation_id) for e in entries}
    assert {(audit.LIST, "c-1"), (audit.LIST, "c-2"), (audit.VIEW, "c-1"), (audit.LIVE, "c-1"),
            (audit.LOGIN, None)} <= seen
    for entry in entries:
        assert entry.user_id == navigator.id
        assert "Maria" not in repr(entry) and "Ana" not in repr(entry)
    assert [e.action for e in await console.audit.entries(conversation_id="c-1")] == [
        audit.LIVE, audit.VIEW, audit.LIST]


async def test_intake_page_shows_provenance_and_missing_fields(client: TestClient, store: IntakeStore, navigator) -> None:
    await seed(store, "c-1")
    live = await (await client.get("/console/intakes/c-1/live")).json()
    fields = {row["path"]: row for row in live["fields"]}
    assert fields["patient.birth_date"]["value"] == "1961-03-04"
    assert fields["patient.birth_date"]["method"] == "patient_answer"
    assert fields["patient.birth_date"]["turn"] == 4
    assert fields["patient.birth_date"]["source_text"] == "March 4 1961"
    assert fields["diagnosis.text"]["method"] == "nlu" and fields["diagnosis.text"]["confidence"] == 0.8
    assert fields["patient.phone"]["missing"] and fields["questions"]["missing"]
    assert not fields["patient.name"]["missing"]
    assert "requester.name" not in fields  # only asked of caregivers
    assert live["transcript_available"] is False  # Rasa is not running here
    assert live["status"] == "in_progress" and live["progress"] == {"answered": 3, "total": 12}
    html = await _page(client, "/console/intakes/c-1")
    assert 'data-path="patient.phone" class="missing"' in html
    assert "The transcript is unavailable right now." in html


async def test_unknown_intake(client: TestClient, navigator) -> None:
    response = await client.get("/console/intakes/nope", headers={"Accept": "text/html"})
    assert response.status == 404
    assert (await client.get("/console/intakes/nope/live")).status == 404


async def test_actions_need_the_assistant(client: TestClient, store: IntakeStore, navigator) -> None:
    from tests.console.conftest import page_csrf

    await seed(store, "c-1")
    token = await page_csrf(client)
    response = await client.post("/console/intakes/c-1/takeover", json={}, headers={"X-CSRF-Token": token})
    assert response.status == 503
    assert await response.json() == {"error": "the assistant is unavailable; try again"}
    bad_field = await client.post("/console/intakes/c-1/fields", json={"path": "patient.secret", "value": "x"},
                                  headers={"X-CSRF-Token": token})
    assert bad_field.status == 422
