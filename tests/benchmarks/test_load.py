"""The load harness against a small real HTTP server standing in for Rasa's REST channel."""
from __future__ import annotations

import asyncio
import os

from aiohttp import web

from bot.benchmarks import procstat
from bot.benchmarks.client import AssistantClient, new_session
from bot.benchmarks.load import run_level


async def _serve(handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}"


async def test_every_turn_is_timed_and_every_finished_conversation_checked() -> None:
    seen: list[tuple[str, str]] = []

    async def echo(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append((body["sender"], body["message"]))
        await asyncio.sleep(0.01)
        return web.json_response([{"recipient_id": body["sender"], "text": "ok"}])

    runner, url = await _serve(echo)
    checked: list[str] = []

    async def check(client: AssistantClient, sender: str) -> bool:
        checked.append(sender)
        return True

    try:
        async with new_session(3) as session:
            result = await run_level(AssistantClient(session, url), [["hi", "yes"], ["hello", "no", "bye"]], 3, 0.3,
                                     pids={"me": os.getpid()}, check=check, prefix="t")
    finally:
        await runner.cleanup()
    assert result.turns == len(seen) > 0
    assert result.errors == 0
    assert result.conversations == result.conversations_ok == len(checked)
    assert all(sender.startswith("t-3-") for sender, _ in seen)
    assert {text for _, text in seen} <= {"hi", "yes", "hello", "no", "bye"}
    assert result.latency["p50_ms"] >= 10
    assert result.turns_per_second > 0
    assert result.rss_peak_mib["me"] > 0


async def test_failures_are_counted_not_raised() -> None:
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500)

    runner, url = await _serve(broken)
    try:
        async with new_session(2) as session:
            result = await run_level(AssistantClient(session, url), [["hi"]], 2, 0.1, pids={})
    finally:
        await runner.cleanup()
    assert result.turns == 0
    assert result.errors >= 2
    assert result.conversations == 0


def test_proc_readings_of_this_process() -> None:
    pid = os.getpid()
    assert pid in procstat.descendants(pid)
    assert procstat.vm_rss_kib(pid) > 0
    assert procstat.tree_rss_mib(pid) > 0
    assert procstat.tree_cpu_seconds(pid) > 0
    busy, total = procstat.machine_cpu_seconds()
    assert 0 < busy <= total
    assert procstat.vm_rss_kib(2**22 + 12345) is None  # no such process
