"""Calling the action server: a smaller request body, and one connection pool per endpoint.

Two costs of every custom action call, both spent in Rasa's process:

* The body. ``RemoteAction._action_call_format`` sends the whole conversation
  (``EventVerbosity.ALL``), and most of it is ``slot`` events whose values were set again
  later (the intake slot is re-set after every answer). The action server does not need
  them: rasa-sdk takes slot values from the payload's ``slots``, its
  ``Tracker.slots_to_validate()`` reads only the trailing run of ``slot`` events (which
  come after the latest user message), and the project's actions read ``tracker.events``
  only for user, bot and action events. :func:`send_trimmed_trackers` leaves out a
  ``slot`` event when a later ``slot`` event sets the same slot and the event comes
  before the latest user message; everything else is sent as Rasa builds it.
* The connection. ``EndpointConfig.request`` opens an ``aiohttp.ClientSession`` (with
  its own connector) per request, so every call opens and closes a TCP connection.
  :func:`reuse_action_server_connections` keeps one session per endpoint and event loop
  and sends requests exactly as Rasa does otherwise, except that a request the server
  never read because it closed the idle connection just then is sent once more
  (:func:`closed_while_idle`). The pooled sessions are closed when
  the loop shuts down its asynchronous generators (``asyncio.run``, ``asyncio.Runner``,
  pytest-asyncio), after the Rasa server stops (Rasa's ``close_resources`` listener), or
  by :func:`close_pooled_sessions`.
"""
from __future__ import annotations

import asyncio
import functools
import os
import ssl
import weakref
from dataclasses import dataclass, field
from typing import Any, AsyncGenerator, Dict, List, Optional

import aiohttp

#: Seconds an idle pooled connection may be reused. Below the keep-alive timeout of
#: Sanic (which serves rasa-sdk; 5 s by default), so that the client never sends a
#: request on a connection the server is closing as idle.
KEEPALIVE_SECONDS = 2.0


# --- The request body ------------------------------------------------------------------


def without_superseded_slot_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The events without the ``slot`` events that later ``slot`` events supersede.

    A ``slot`` event is left out when another ``slot`` event for the same slot name comes
    later in the list and the event itself comes before the latest ``user`` event. The
    events after the latest user message and all other events are kept, in order.

    Args:
        events: Serialised events (``Event.as_dict()``), oldest first. Not changed.

    Returns:
        A new list holding the kept event dicts themselves (not copies).
    """
    latest_user = -1
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            latest_user = index
            break
    kept: List[Dict[str, Any]] = []
    set_later: set = set()
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "slot":
            name = event.get("name")
            if index < latest_user and name in set_later:
                continue
            set_later.add(name)
        kept.append(event)
    kept.reverse()
    return kept


def with_trimmed_tracker(body: Dict[str, Any]) -> Dict[str, Any]:
    """An action call body whose tracker leaves out superseded slot events.

    Args:
        body: The body ``RemoteAction._action_call_format`` built. Not changed.

    Returns:
        ``body`` itself when nothing is left out, else a new body with a new tracker dict
        whose ``events`` is a new list; all other values are those of ``body``.
    """
    tracker = body.get("tracker")
    events = tracker.get("events") if isinstance(tracker, dict) else None
    if not isinstance(events, list):
        return body
    kept = without_superseded_slot_events(events)
    if len(kept) == len(events):
        return body
    return {**body, "tracker": {**tracker, "events": kept}}


def send_trimmed_trackers() -> None:
    """Makes custom action calls leave superseded slot events out of the tracker sent."""
    from rasa.core.actions import action  # noqa: PLC0415

    build = action.RemoteAction._action_call_format

    @functools.wraps(build)
    def _action_call_format(self: Any, tracker: Any, domain: Any) -> Dict[str, Any]:
        return with_trimmed_tracker(build(self, tracker, domain))

    action.RemoteAction._action_call_format = _action_call_format


# --- The connection --------------------------------------------------------------------


@dataclass
class _Pooled:
    """A session kept for one endpoint, with the settings it was made from."""

    endpoint: "weakref.ref[Any]"
    session: aiohttp.ClientSession
    headers: Dict[str, Any]
    basic_auth: Dict[str, Any]

    def serves(self, endpoint: Any) -> bool:
        """Whether this session is still the one ``endpoint.session()`` would stand for."""
        return (
            self.endpoint() is endpoint
            and not self.session.closed
            and self.headers == endpoint.headers
            and self.basic_auth == endpoint.basic_auth
        )


@dataclass
class _LoopPool:
    """The sessions of one event loop, by ``id`` of their endpoint."""

    sessions: Dict[int, _Pooled] = field(default_factory=dict)
    closer: Optional[AsyncGenerator[None, None]] = None

    async def close(self) -> None:
        """Closes every session and forgets it."""
        sessions = [pooled.session for pooled in self.sessions.values()]
        self.sessions.clear()
        for session in sessions:
            await session.close()


#: The pool of each event loop that has one. A pool is removed when it is closed, or
#: (unclosed) once its loop is found closed.
_POOLS: Dict[asyncio.AbstractEventLoop, _LoopPool] = {}


async def _close_when_loop_shuts_down(pool: _LoopPool) -> AsyncGenerator[None, None]:
    """An asynchronous generator that its loop finalises (``aclose``) at shutdown.

    ``loop.shutdown_asyncgens()`` closes every open asynchronous generator of the loop;
    this one then closes ``pool``.
    """
    try:
        yield
    finally:
        loop = asyncio.get_running_loop()
        if _POOLS.get(loop) is pool:
            del _POOLS[loop]
        await pool.close()


async def _loop_pool() -> _LoopPool:
    """The pool of the running loop, made (and registered for closing) on first use."""
    loop = asyncio.get_running_loop()
    pool = _POOLS.get(loop)
    if pool is None:
        for closed in [other for other in _POOLS if other.is_closed()]:
            del _POOLS[closed]
        pool = _POOLS[loop] = _LoopPool()
        pool.closer = _close_when_loop_shuts_down(pool)
        await pool.closer.__anext__()  # started inside the loop: the loop now tracks it
    return pool


def _new_session(endpoint: Any) -> aiohttp.ClientSession:
    """A session configured as ``EndpointConfig.session()`` configures one, for reuse.

    Same headers, basic auth and timeout. A session kept for many requests would, unlike
    one per request, carry cookies from one response to the next request and queue
    requests beyond its connector's limit (100 connections); this one keeps no cookies and
    has no limit, as before. Idle connections are reused for :data:`KEEPALIVE_SECONDS`.
    """
    from rasa.utils import endpoints  # noqa: PLC0415

    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
    else:
        auth = None
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=endpoints.DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS),
        cookie_jar=aiohttp.DummyCookieJar(),
    )


async def pooled_session(endpoint: Any) -> aiohttp.ClientSession:
    """The running loop's session for ``endpoint``, made on first use.

    A new one replaces it when the endpoint's headers or basic auth changed, or it was
    closed. Sessions of endpoints that no longer exist are closed when a session is made.
    """
    pool = await _loop_pool()
    pooled = pool.sessions.get(id(endpoint))
    if pooled is not None and pooled.serves(endpoint):
        return pooled.session
    stale = [key for key, entry in pool.sessions.items() if key == id(endpoint) or entry.endpoint() is None]
    session = _new_session(endpoint)
    old = [pool.sessions.pop(key).session for key in stale]
    pool.sessions[id(endpoint)] = _Pooled(weakref.ref(endpoint), session, dict(endpoint.headers),
                                          dict(endpoint.basic_auth))
    for previous in old:
        await previous.close()
    return session


async def close_pooled_sessions() -> None:
    """Closes the pooled sessions of the running loop (new requests open new ones)."""
    pool = _POOLS.pop(asyncio.get_running_loop(), None)
    if pool is not None and pool.closer is not None:
        await pool.closer.aclose()  # runs its ``finally``: closes the sessions


def closed_while_idle(error: BaseException) -> bool:
    """Whether a request failed because the server closed the kept-alive connection it took.

    A server closes a connection that has been idle for its keep-alive timeout; a request
    sent on it at that moment is never handled: its body cannot be written ("Can not write
    request body"), or the server disconnects without a word. Such a request is sent once
    more, on a new connection. Refused connections, errors while reading an answer and
    error answers are raised as before. (Sanic, which serves rasa-sdk, answers every
    request it has read, with 503 when it times out, so a request it handled never ends in
    a silent disconnect.)
    """
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return True
    return (
        isinstance(error, aiohttp.ClientOSError)
        and not isinstance(error, aiohttp.ClientConnectorError)
        and "Can not write request body" in str(error)
    )


def _request_with(stock_request: Any, stock_session: Any) -> Any:
    """``EndpointConfig.request`` sending through the pooled session of the endpoint.

    The body of Rasa's ``request`` with ``async with self.session() as session`` replaced
    by the pooled session. An endpoint class with its own ``session()`` is served by
    ``stock_request``.
    """
    from aiohttp.client_exceptions import ContentTypeError  # noqa: PLC0415
    from rasa.shared.exceptions import FileNotFoundException  # noqa: PLC0415
    from rasa.utils import endpoints  # noqa: PLC0415

    async def request(
        self: Any,
        method: str = "post",
        subpath: Optional[str] = None,
        content_type: Optional[str] = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Optional[Any]:
        if type(self).session is not stock_session:
            return await stock_request(self, method, subpath, content_type, compress, **kwargs)
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if "headers" in kwargs:
            headers.update(kwargs["headers"])
            del kwargs["headers"]
        if self.headers:
            headers.update(self.headers)

        url = endpoints.concat_url(self.url, subpath)

        sslcontext = None
        if self.cafile:
            try:
                sslcontext = ssl.create_default_context(cafile=self.cafile)
            except FileNotFoundError as e:
                raise FileNotFoundException(
                    f"Failed to find certificate file, '{os.path.abspath(self.cafile)}' does not exist."
                ) from e

        session = await pooled_session(self)

        async def send() -> Optional[Any]:
            async with session.request(
                method,
                url,
                headers=headers,
                params=self.combine_parameters(kwargs),
                compress=compress,
                ssl=sslcontext,
                **kwargs,
            ) as response:
                if response.status >= 400:
                    raise endpoints.ClientResponseError(
                        response.status,
                        response.reason,
                        await response.content.read(),
                    )
                try:
                    return await response.json()
                except ContentTypeError:
                    return None

        try:
            return await send()
        except aiohttp.ClientError as error:
            if not closed_while_idle(error):
                raise
        return await send()

    functools.update_wrapper(request, stock_request)
    return request


def reuse_action_server_connections() -> None:
    """Makes endpoint requests reuse one session (and its connections) per endpoint and loop.

    Also closes the pooled sessions when the Rasa server stops, after Rasa's own
    ``close_resources`` listener.
    """
    from rasa.core import run  # noqa: PLC0415
    from rasa.utils import endpoints  # noqa: PLC0415

    config = endpoints.EndpointConfig
    config.request = _request_with(config.request, config.session)

    close_resources = run.close_resources

    @functools.wraps(close_resources)
    async def close_resources_and_sessions(app: Any, loop: Any) -> None:
        try:
            await close_resources(app, loop)
        finally:
            await close_pooled_sessions()

    run.close_resources = close_resources_and_sessions
