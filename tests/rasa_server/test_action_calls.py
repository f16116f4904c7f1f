"""Action server calls: a trimmed tracker, pooled connections (bot/rasa_server/action_calls.py).

Stock Rasa is the reference throughout: each test does a thing with stock Rasa first,
then with the change applied, and compares.
"""
from __future__ import annotations

import asyncio
import contextlib
import copy
import gc
import json
import logging
import socket
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, List, Optional

import aiohttp
import pytest
from aiohttp import web
from rasa.core import run
from rasa.core.actions import action
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    SessionStarted,
    SlotSet,
    UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils import endpoints
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

from actions.conversation import is_fresh_message, user_turn
from bot.rasa_server import action_calls

ROOT = Path(__file__).resolve().parents[2]

#: What these changes replace, undone after each test.
OWN_PATCHES = [
    (action.RemoteAction, "_action_call_format"),
    (endpoints.EndpointConfig, "request"),
    (run, "close_resources"),
]


def _apply(monkeypatch: pytest.MonkeyPatch) -> None:
    for owner, name in OWN_PATCHES:
        monkeypatch.setattr(owner, name, getattr(owner, name))
    action_calls.send_trimmed_trackers()
    action_calls.reuse_action_server_connections()


@pytest.fixture()
def apply(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Applies the changes when called; they are undone after the test."""
    return lambda: _apply(monkeypatch)


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "bot" / "domain"))


# --- A real conversation ----------------------------------------------------------------


def _intake(answers: int) -> Dict[str, Any]:
    """An intake slot value of the project's shape, growing with every answer."""
    return {"values": {f"field_{i}": f"answer number {i} " * 5 for i in range(answers)},
            "flags": [], "asking": f"field_{answers}", "consent_at": "2026-11-20T10:00:00+00:00"}


def _user(text: str, intent: str = "inform", **kwargs: Any) -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": 0.97},
                       parse_data={"intent": {"name": intent, "confidence": 0.97},
                                   "intent_ranking": [{"name": intent, "confidence": 0.97}], "entities": [],
                                   "text": text},
                       input_channel="rest", metadata={"channel": "web"}, **kwargs)


def _conversation_events(turns: int = 6) -> List[Any]:
    """Rasa events as a form conversation stores them, ending inside a form validation.

    The form re-sets ``intake`` after every answer; the validation call is made with the
    slot candidates appended after the latest user message (as Rasa's ``FormAction``
    does), here two values of ``intake`` and one of ``requested_slot``.
    """
    events: List[Any] = [
        ActionExecuted(ACTION_SESSION_START_NAME),
        SessionStarted(),
        SlotSet("session_started_metadata", {"channel": "web"}),
        SlotSet("intake", _intake(0)),
        SlotSet("intake_stage", "collecting"),
        ActionExecuted(ACTION_LISTEN_NAME),
        _user("hello", "greet"),
        DefinePrevUserUtteredFeaturization(False),
        ActionExecuted("intake_form"),
        ActiveLoop("intake_form"),
        SlotSet("requested_slot", "field_0"),
        BotUttered("Hello! What brings you here?", {"buttons": []}),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]
    for turn in range(turns):
        events += [
            _user(f"my answer {turn}"),
            DefinePrevUserUtteredFeaturization(False),
            ActionExecuted("intake_form"),
            SlotSet("intake", _intake(turn + 1)),
            SlotSet("requested_slot", f"field_{turn + 1}"),
            BotUttered(f"Question {turn + 1}?", {"buttons": [{"title": "Skip", "payload": "/skip"}]}),
            ActionExecuted(ACTION_LISTEN_NAME),
        ]
        if turn == 2:  # an answer taken back: Rasa's fallback reverts the user message
            events += [_user("asdf", "nlu_fallback"), ActionExecuted("action_default_fallback"),
                       UserUtteranceReverted(), ActionExecuted(ACTION_LISTEN_NAME)]
    events += [
        _user("my name is Ada", entities=[{"entity": "name", "value": "Ada", "start": 11, "end": 14}]),
        DefinePrevUserUtteredFeaturization(False),
        SlotSet("intake", {"candidate": 1}),
        SlotSet("requested_slot", "field_99"),
        SlotSet("intake", _intake(turns + 1)),
    ]
    for second, event in enumerate(events):  # the same conversation every time
        event.timestamp = 1_790_000_000.0 + second
    return events


def _tracker(domain: Domain) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("patient-7", _conversation_events(), domain.slots)


def _latest_user_index(events: List[Dict[str, Any]]) -> int:
    return max(i for i, event in enumerate(events) if event["event"] == "user")


def _sdk_view(tracker_json: Dict[str, Any]) -> Dict[str, Any]:
    """What a rasa-sdk action (and the project's helpers) can read of a tracker payload."""
    tracker = Tracker.from_dict(tracker_json)
    return {
        "slots": tracker.slots,
        "latest_message": tracker.latest_message,
        "slots_to_validate": tracker.slots_to_validate(),
        "active_loop": tracker.active_loop_name,
        "latest_input_channel": tracker.get_latest_input_channel(),
        "intent": tracker.get_intent_of_latest_message(),
        "paused": tracker.is_paused(),
        "last_action": tracker.get_last_event_for("action", exclude=[ACTION_LISTEN_NAME]),
        "last_bot": tracker.get_last_event_for("bot"),
        "non_slot_applied": [e for e in tracker.applied_events() if e["event"] != "slot"],
        "non_slot_after_restart": [e for e in tracker.events_after_latest_restart() if e["event"] != "slot"],
        "user_turn": user_turn(tracker),
        "is_fresh_message": is_fresh_message(tracker),
    }


# --- The trimmed tracker ----------------------------------------------------------------


def test_superseded_slot_events_before_the_latest_user_message_are_left_out() -> None:
    events = [
        {"event": "slot", "name": "a", "value": 1},     # superseded by the a=2 before the user message
        {"event": "slot", "name": "b", "value": 1},     # superseded by b=2 after the user message
        {"event": "slot", "name": "c", "value": 1},     # never set again
        {"event": "action", "name": "x"},
        {"event": "slot", "name": "a", "value": 2},     # the latest a
        {"event": "user", "text": "hi"},
        {"event": "slot", "name": "b", "value": 2},     # after the user message: kept
        {"event": "slot", "name": "b", "value": 3},
    ]
    before = copy.deepcopy(events)

    kept = action_calls.without_superseded_slot_events(events)

    assert kept == [events[i] for i in (2, 3, 4, 5, 6, 7)]
    assert all(a is b for a, b in zip(kept, [events[i] for i in (2, 3, 4, 5, 6, 7)]))
    assert events == before


def test_without_a_user_message_nothing_is_left_out() -> None:
    events = [{"event": "slot", "name": "a", "value": 1}, {"event": "slot", "name": "a", "value": 2},
              {"event": "action", "name": "x"}]
    assert action_calls.without_superseded_slot_events(events) == events
    body = {"tracker": {"events": events}}
    assert action_calls.with_trimmed_tracker(body) is body


def test_the_trimmed_payload_keeps_what_the_action_server_reads(
    domain: Domain, apply: Callable[[], None]
) -> None:
    tracker = _tracker(domain)
    remote = action.RemoteAction("validate_intake_form", None)
    stock = remote._action_call_format(tracker, domain)
    stock_copy = copy.deepcopy(stock)
    apply()

    trimmed = remote._action_call_format(tracker, domain)

    stock_events, events = stock["tracker"]["events"], trimmed["tracker"]["events"]
    assert {k: v for k, v in trimmed["tracker"].items() if k != "events"} == \
           {k: v for k, v in stock["tracker"].items() if k != "events"}
    assert {k: v for k, v in trimmed.items() if k != "tracker"} == {k: v for k, v in stock.items() if k != "tracker"}
    # Everything after the latest user message, exactly.
    assert events[_latest_user_index(events):] == stock_events[_latest_user_index(stock_events):]
    # Before it: every non-slot event, in order, and of the slot events only the latest per slot.
    before, stock_before = events[:_latest_user_index(events)], stock_events[:_latest_user_index(stock_events)]
    assert [e for e in before if e["event"] != "slot"] == [e for e in stock_before if e["event"] != "slot"]
    for index, event in enumerate(before):
        if event["event"] == "slot":
            assert not any(later["event"] == "slot" and later["name"] == event["name"] for later in events[index + 1:])
    latest_set_before = [e for i, e in enumerate(stock_before) if e["event"] == "slot" and not any(
        later["event"] == "slot" and later["name"] == e["name"] for later in stock_events[i + 1:])]
    assert [e for e in before if e["event"] == "slot"] == latest_set_before
    assert sum(e["event"] == "slot" and e["name"] == "intake" for e in before) == 0  # re-set after the user
    assert len(json.dumps(trimmed)) < 0.8 * len(json.dumps(stock))
    # rasa-sdk (and the project's helpers) read the same.
    assert _sdk_view(trimmed["tracker"]) == _sdk_view(stock["tracker"])
    assert _sdk_view(trimmed["tracker"])["slots_to_validate"] == {"intake": _intake(7), "requested_slot": "field_99"}
    # Nothing shared was changed.
    assert stock == stock_copy
    assert len(tracker.events) == len(_conversation_events())
    assert action.RemoteAction._action_call_format.__wrapped__(remote, tracker, domain) == stock_copy


# --- A rasa-sdk action server -----------------------------------------------------------


class _RecordingValidation(FormValidationAction):
    """The form's validation action, recording what it was given; accepts ``intake``."""

    seen: List[Dict[str, Any]] = []

    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(self, domain_slots: List[str], dispatcher: Any, tracker: Tracker,
                             domain: Dict[str, Any]) -> List[str]:
        return ["intake"]

    def validate_intake(self, value: Any, dispatcher: Any, tracker: Tracker, domain: Dict[str, Any]) -> Dict[str, Any]:
        self.seen.append(_sdk_view(tracker.current_state()))
        dispatcher.utter_message(text=f"Thanks, turn {user_turn(tracker)}.")
        return {"intake": {**value, "checked": True}}


def _action_server() -> tuple[web.Application, Dict[str, Any]]:
    """An aiohttp app answering as rasa-sdk's ``/webhook`` does, with the sdk's executor.

    Records the raw bodies and the transport of each request.
    """
    executor = ActionExecutor()
    executor.register_action(_RecordingValidation())
    record: Dict[str, Any] = {"bodies": [], "transports": [], "headers": [], "queries": []}

    async def webhook(request: web.Request) -> web.Response:
        record["transports"].append(request.transport)
        record["headers"].append(dict(request.headers))
        record["queries"].append(dict(request.query))
        raw = await request.read()
        record["bodies"].append(raw)
        try:
            result = await executor.run(json.loads(raw))
        except ActionExecutionRejection as e:
            return web.json_response({"error": e.message, "action_name": e.action_name}, status=400)
        except ActionNotFoundException as e:
            return web.json_response({"error": e.message, "action_name": e.action_name}, status=404)
        return web.json_response(result)

    async def echo(request: web.Request) -> web.Response:
        record["transports"].append(request.transport)
        record["headers"].append(dict(request.headers))
        record["queries"].append(dict(request.query))
        response = web.json_response({"ok": True})
        response.set_cookie("session", "abc")
        return response

    async def boom(request: web.Request) -> web.Response:
        return web.Response(status=500, text="boom")

    async def plain(request: web.Request) -> web.Response:
        return web.Response(text="not json")

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    app.router.add_route("*", "/echo", echo)
    app.router.add_post("/boom", boom)
    app.router.add_get("/plain", plain)
    return app, record


@contextlib.asynccontextmanager
async def _serving(app: web.Application) -> AsyncIterator[str]:
    """Serves ``app`` on a free loopback port (in any event loop) and yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    finally:
        await runner.cleanup()


@pytest.fixture()
async def action_server(aiohttp_server: Any) -> SimpleNamespace:
    app, record = _action_server()
    server = await aiohttp_server(app)
    return SimpleNamespace(url=str(server.make_url("/")).rstrip("/"), record=record)


async def _run_validation(url: str, domain: Domain) -> List[Any]:
    remote = action.RemoteAction("validate_intake_form", endpoints.EndpointConfig(f"{url}/webhook"))
    return await remote.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
                            _tracker(domain), domain)


async def test_the_action_server_gets_the_trimmed_tracker_and_answers_as_before(
    action_server: SimpleNamespace, domain: Domain, apply: Callable[[], None]
) -> None:
    _RecordingValidation.seen = []
    stock_events = await _run_validation(action_server.url, domain)
    apply()

    events = await _run_validation(action_server.url, domain)

    assert events == stock_events
    assert [e.key for e in events if isinstance(e, SlotSet)] == ["intake"]
    assert events[0].text == "Thanks, turn 9."  # the reverted message counts too
    stock_body, body = (json.loads(raw) for raw in action_server.record["bodies"])
    assert len(action_server.record["bodies"][1]) < 0.8 * len(action_server.record["bodies"][0])
    expected = action_calls.with_trimmed_tracker(stock_body)
    assert body == expected and body != stock_body
    stock_seen, seen = _RecordingValidation.seen
    assert seen == stock_seen


# --- Pooled connections -----------------------------------------------------------------


def _connections(record: Dict[str, Any]) -> int:
    """How many TCP connections the requests came over (transports are kept, so distinct)."""
    return len({id(transport) for transport in record["transports"]})


async def test_requests_of_one_endpoint_share_one_connection(
    action_server: SimpleNamespace, apply: Callable[[], None]
) -> None:
    stock = endpoints.EndpointConfig(f"{action_server.url}/echo")
    assert await stock.request(json={"n": 1}) == {"ok": True}
    assert await stock.request(json={"n": 2}) == {"ok": True}
    assert _connections(action_server.record) == 2
    apply()
    action_server.record["transports"].clear()

    endpoint = endpoints.EndpointConfig(f"{action_server.url}/echo")
    results = [await endpoint.request(json={"n": n}) for n in range(3)]
    results += await asyncio.gather(*(endpoint.request(method="get") for _ in range(3)))
    assert await endpoint.request(method="get") == {"ok": True}

    assert results == [{"ok": True}] * 6
    assert _connections(action_server.record) <= 3  # the concurrent ones may need more than one
    action_server.record["transports"].clear()
    assert [await endpoint.request(json={"n": n}) for n in range(3)] == [{"ok": True}] * 3
    assert _connections(action_server.record) == 1
    other = endpoints.EndpointConfig(f"{action_server.url}/echo")
    await other.request()
    assert await action_calls.pooled_session(other) is not await action_calls.pooled_session(endpoint)


async def test_remote_actions_reuse_the_connection(
    action_server: SimpleNamespace, domain: Domain, apply: Callable[[], None]
) -> None:
    apply()
    remote = action.RemoteAction("validate_intake_form", endpoints.EndpointConfig(f"{action_server.url}/webhook"))
    for _ in range(2):
        await remote.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
                         _tracker(domain), domain)
    assert _connections(action_server.record) == 1


def _configured(url: str) -> endpoints.EndpointConfig:
    return endpoints.EndpointConfig(url, params={"a": "1"}, headers={"X-Api": "key"},
                                    basic_auth={"username": "user", "password": "pass"}, token="secret")


_COMPARED_HEADERS = ("Authorization", "X-Api", "X-Extra", "Content-Type", "Cookie", "Content-Encoding")


async def _configured_requests(url: str) -> List[Dict[str, Any]]:
    # By host name: aiohttp's cookie jar ignores cookies of IP addresses.
    endpoint = _configured(f"{url.replace('127.0.0.1', 'localhost')}/echo")
    replies = [
        await endpoint.request(method="get", headers={"X-Extra": "extra"}, params={"b": "2"}),
        await endpoint.request(json={"x": 1}, content_type=None, compress=True),
        await endpoint.request(subpath="", json={"x": 2}),
    ]
    endpoint.headers.pop("X-Api")  # a fresh session (per request, as before) no longer sends it
    replies.append(await endpoint.request(method="get"))
    return replies


async def test_headers_auth_parameters_and_cookies_are_sent_as_before(
    action_server: SimpleNamespace, apply: Callable[[], None]
) -> None:
    stock_replies = await _configured_requests(action_server.url)
    stock = list(zip(action_server.record["headers"], action_server.record["queries"]))
    for key in ("headers", "queries", "transports"):
        action_server.record[key].clear()
    apply()

    replies = await _configured_requests(action_server.url)

    assert replies == stock_replies
    pooled = list(zip(action_server.record["headers"], action_server.record["queries"]))
    assert len(pooled) == len(stock) == 4
    for (headers, query), (stock_headers, stock_query) in zip(pooled, stock):
        assert query == stock_query
        assert {h: headers.get(h) for h in _COMPARED_HEADERS} == {h: stock_headers.get(h) for h in _COMPARED_HEADERS}
    assert pooled[0][0]["Authorization"].startswith("Basic ") and pooled[0][1] == {"a": "1", "token": "secret", "b": "2"}
    assert "X-Api" not in pooled[3][0] and "Cookie" not in pooled[1][0]


async def test_a_plain_text_answer_is_none_as_before(action_server: SimpleNamespace, apply: Callable[[], None]) -> None:
    assert await endpoints.EndpointConfig(f"{action_server.url}/plain").request(method="get") is None
    apply()
    assert await endpoints.EndpointConfig(f"{action_server.url}/plain").request(method="get") is None


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _raised(call: Callable[[], Awaitable[Any]]) -> BaseException:
    with pytest.raises(Exception) as caught:
        await call()
    return caught.value


async def test_errors_are_raised_as_before(
    action_server: SimpleNamespace, domain: Domain, apply: Callable[[], None]
) -> None:
    refused = f"http://127.0.0.1:{_closed_port()}/webhook"

    def calls() -> List[Callable[[], Awaitable[Any]]]:
        return [
            lambda: endpoints.EndpointConfig(f"{action_server.url}/missing").request(json={}),
            lambda: endpoints.EndpointConfig(f"{action_server.url}/boom").request(json={}),
            lambda: endpoints.EndpointConfig(refused).request(json={}),
            lambda: endpoints.EndpointConfig(action_server.url, cafile="/no/such/ca.pem").request(json={}),
            lambda: action.RemoteAction("no_such_action", endpoints.EndpointConfig(f"{action_server.url}/webhook")).run(
                CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), _tracker(domain), domain),
            lambda: action.RemoteAction("validate_intake_form", endpoints.EndpointConfig(refused)).run(
                CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), _tracker(domain), domain),
        ]

    stock = [await _raised(call) for call in calls()]
    apply()
    errors = [await _raised(call) for call in calls()]

    assert [type(e) for e in errors] == [type(e) for e in stock] == [
        endpoints.ClientResponseError, endpoints.ClientResponseError, aiohttp.ClientConnectorError,
        type(stock[3]), RasaException, RasaException]
    for error, before in zip(errors[:2], stock[:2]):
        assert (error.status, error.message, error.text) == (before.status, before.message, before.text)
    assert errors[1].status == 500 and errors[1].text == b"boom"
    assert [str(e) for e in errors[3:]] == [str(e) for e in stock[3:]]
    assert isinstance(errors[4].__cause__, endpoints.ClientResponseError) and errors[4].__cause__.status == 404


async def test_a_rejection_by_the_action_server_is_raised_as_before(
    action_server: SimpleNamespace, domain: Domain, apply: Callable[[], None]
) -> None:
    class Rejecting(FormValidationAction):
        def name(self) -> str:
            return "validate_intake_form"

        async def run(self, dispatcher: Any, tracker: Tracker, domain: Dict[str, Any]) -> List[Any]:
            raise ActionExecutionRejection(self.name(), "not now")

    async def rejected() -> BaseException:
        executor = ActionExecutor()
        executor.register_action(Rejecting())
        app = web.Application()

        async def webhook(request: web.Request) -> web.Response:
            try:
                return web.json_response(await executor.run(await request.json()))
            except ActionExecutionRejection as e:
                return web.json_response({"error": e.message, "action_name": e.action_name}, status=400)

        app.router.add_post("/webhook", webhook)
        async with _serving(app) as url:
            return await _raised(lambda: _run_validation(url, domain))

    stock = await rejected()
    apply()
    error = await rejected()
    assert type(error) is type(stock) is action.ActionExecutionRejection
    assert (error.action_name, error.message) == (stock.action_name, stock.message) == ("validate_intake_form", "not now")


async def test_an_endpoint_class_with_its_own_session_is_served_as_before(
    action_server: SimpleNamespace, apply: Callable[[], None]
) -> None:
    made: List[aiohttp.ClientSession] = []

    class OwnSession(endpoints.EndpointConfig):
        def session(self) -> aiohttp.ClientSession:
            made.append(aiohttp.ClientSession(headers={"X-Own": "yes"}))
            return made[-1]

    apply()
    endpoint = OwnSession(f"{action_server.url}/echo")
    await endpoint.request()
    await endpoint.request()
    assert len(made) == 2 and all(session.closed for session in made)
    assert [headers.get("X-Own") for headers in action_server.record["headers"]] == ["yes", "yes"]


# --- Closing ----------------------------------------------------------------------------


async def _serve_and_request(requests: int = 2) -> Dict[str, Any]:
    app, record = _action_server()
    async with _serving(app) as url:
        endpoint = endpoints.EndpointConfig(f"{url}/echo")
        for _ in range(requests):
            await endpoint.request()
        session = await action_calls.pooled_session(endpoint)
    return {"session": session, "record": record, "loop": asyncio.get_running_loop()}


def test_pooled_sessions_are_closed_when_the_loop_shuts_down(
    apply: Callable[[], None], caplog: pytest.LogCaptureFixture
) -> None:
    apply()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with caplog.at_level(logging.ERROR, logger="asyncio"):
            first = asyncio.run(_serve_and_request())
            second = asyncio.run(_serve_and_request())
            gc.collect()

    assert first["session"].closed and second["session"].closed
    assert first["session"] is not second["session"]  # one per loop
    assert _connections(first["record"]) == 1
    assert first["loop"] not in action_calls._POOLS and second["loop"] not in action_calls._POOLS
    assert not [w for w in caught if "Unclosed" in str(w.message)]
    assert "Unclosed" not in caplog.text


async def _used_once(action_server: SimpleNamespace, apply: Callable[[], None]) -> tuple:
    """With the changes applied, an endpoint that sent one request, and its pooled session."""
    apply()
    endpoint = endpoints.EndpointConfig(f"{action_server.url}/echo")
    await endpoint.request()
    return endpoint, await action_calls.pooled_session(endpoint)


async def test_pooled_sessions_can_be_closed_explicitly(
    action_server: SimpleNamespace, apply: Callable[[], None]
) -> None:
    endpoint, session = await _used_once(action_server, apply)

    await action_calls.close_pooled_sessions()

    assert session.closed
    assert asyncio.get_running_loop() not in action_calls._POOLS
    assert await endpoint.request() == {"ok": True}
    assert await action_calls.pooled_session(endpoint) is not session
    assert _connections(action_server.record) == 2


async def test_stopping_the_rasa_server_closes_the_pooled_sessions(
    action_server: SimpleNamespace, apply: Callable[[], None]
) -> None:
    _, session = await _used_once(action_server, apply)

    await run.close_resources(SimpleNamespace(ctx=SimpleNamespace()), asyncio.get_running_loop())

    assert session.closed


async def test_a_session_of_an_endpoint_that_is_gone_is_closed(
    action_server: SimpleNamespace, apply: Callable[[], None]
) -> None:
    apply()
    gone: Optional[endpoints.EndpointConfig] = endpoints.EndpointConfig(f"{action_server.url}/echo")
    await gone.request()
    old = await action_calls.pooled_session(gone)
    gone = None
    gc.collect()

    await endpoints.EndpointConfig(f"{action_server.url}/echo").request()

    assert old.closed


# --- A connection the server closes as a request arrives ----------------------------------


class _ClosesIdleConnections:
    """A raw HTTP/1.1 server that answers the first request of each connection and keeps
    it open, then drops the connection, unanswered, when the next request arrives on it,
    as a server does whose keep-alive timeout expires just as the client reuses it."""

    def __init__(self) -> None:
        self.answered = 0
        self.dropped = 0
        self.connections = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        first = True
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                if not first:
                    self.dropped += 1
                    writer.transport.abort()
                    return
                first = False
                self.answered += 1
                body = b'{"ok": true}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\nConnection: keep-alive\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


async def test_a_request_on_a_connection_the_server_just_closed_is_sent_again(apply: Callable[[], None]) -> None:
    server = _ClosesIdleConnections()
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{listening.sockets[0].getsockname()[1]}/webhook"
    try:
        apply()
        endpoint = endpoints.EndpointConfig(url)
        replies = [await endpoint.request(json={"n": n}) for n in range(3)]
        assert replies == [{"ok": True}] * 3
        assert (server.answered, server.dropped, server.connections) == (3, 2, 3)
        await action_calls.close_pooled_sessions()
    finally:
        listening.close()
        await listening.wait_closed()


async def test_an_error_answer_or_a_refused_connection_is_not_sent_again(apply: Callable[[], None]) -> None:
    apply()
    calls = []

    async def failing(request: web.Request) -> web.Response:
        calls.append(await request.read())
        return web.Response(status=500, text="boom")

    app = web.Application()
    app.router.add_post("/webhook", failing)
    async with _serving(app) as url:
        with pytest.raises(endpoints.ClientResponseError):
            await endpoints.EndpointConfig(f"{url}/webhook").request(json={"n": 1})
    assert len(calls) == 1
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = endpoints.EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    with pytest.raises(aiohttp.ClientConnectorError) as caught:
        await refused.request(json={})
    assert not action_calls.closed_while_idle(caught.value)
    assert not action_calls.closed_while_idle(aiohttp.ClientOSError(104, "Connection reset by peer"))
    assert action_calls.closed_while_idle(aiohttp.ClientOSError(None, f"Can not write request body for {refused.url}"))
    await action_calls.close_pooled_sessions()
