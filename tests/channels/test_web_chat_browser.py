"""The chat widget in Debian's Chromium against the real system.

Screenshots go to tests/artifacts/ (git-ignored): chat-desktop.png, chat-phone.png,
chat-summary-desktop.png, chat-summary-phone.png, chat-reference.png,
chat-rasa-down.png and chat-embedded.png.
"""
from __future__ import annotations

import contextlib
import http.server
import re
import threading
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from bot.channels.web_chat_binding import COOKIE_NAME
from bot.processes import ROOT
from tests.channels.system import ChannelSystem

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
REFERENCE = re.compile(r"\bSO-[2-9A-HJ-NP-Z]{6}\b")

#: One answer per question, keyed by what the intake API says is being asked.
ANSWERS = {
    "requester.role": "I am the patient",
    "patient.name": "Robert Chen",
    "patient.birth_date": "3/4/61",
    "patient.phone": "617.555.0142",
    "patient.region": "Massachusetts",
    "diagnosis.text": "I have atrial fibrillation and my cardiologist suggested an ablation",
    "diagnosis.diagnosed_on": "March 2024",
    "care_team.physician": "Dr. Alan Gupta",
    "care_team.institution": "Boston Medical Center",
    "treatment.current": "metoprolol",
    "treatment.proposed": "catheter ablation",
    "treatment.decision_deadline": "no deadline",
    "reason": "to compare treatment options",
    "questions": "Is ablation better than staying on medication? What are the risks?",
    "records.available": "my EKG and blood work",
    "coverage.type": "my health insurance",
    "coverage.sponsor": "Blue Cross",
}


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


@pytest.fixture
def context(browser) -> Iterator[Any]:
    """A fresh browser (its own cookies) at desktop size."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(30_000)
    yield context
    context.close()


class ChatPage:
    """The /chat page in one browser tab."""

    def __init__(self, page: Any, web_url: str) -> None:
        self.page = page
        self.web_url = web_url

    def open(self, url: Optional[str] = None) -> "ChatPage":
        self.page.goto(url or f"{self.web_url}/chat")
        self.wait_idle()
        return self

    def locator(self, selector: str) -> Any:
        return self.page.locator(selector)

    def wait_idle(self) -> None:
        """Waits until the widget shows a message and is not sending."""
        self.locator(".ic-msg").first.wait_for()
        self.locator('.ic-panel[aria-busy="false"]').wait_for()

    def texts(self, who: str = "") -> list[str]:
        return self.locator(f".ic-msg{'-' + who if who else ''} .ic-text").all_text_contents()

    def _sent(self) -> int:
        return self.locator(".ic-msg-patient:not(.ic-sending)").count()

    def _wait_sent(self, count: int) -> None:
        from playwright.sync_api import expect

        expect(self.locator(".ic-msg-patient:not(.ic-sending)")).to_have_count(count, timeout=60_000)
        self.locator('.ic-panel[aria-busy="false"]').wait_for()

    def type(self, text: str) -> None:
        """Types a message and presses Enter; waits for the replies."""
        sent = self._sent()
        self.locator(".ic-input").fill(text)
        self.locator(".ic-input").press("Enter")
        self._wait_sent(sent + 1)

    def click(self, title: str) -> None:
        """Presses an offered choice; waits for the replies."""
        sent = self._sent()
        self.locator(".ic-choice", ).filter(has_text=title).click()
        self._wait_sent(sent + 1)

    def conversation_id(self) -> str:
        cookie = next(c for c in self.page.context.cookies() if c["name"] == COOKIE_NAME)
        return cookie["value"].split(".")[1]

    def progress(self) -> str:
        return self.locator(".ic-progress-label").text_content() or ""


def asking(system: ChannelSystem, chat: ChatPage) -> Optional[str]:
    status, intake = system.intake(chat.conversation_id())
    assert status == 200, status
    return intake["asking"]


def answer_until(system: ChannelSystem, chat: ChatPage, stop: str, max_turns: int = 30) -> None:
    """Types the answer to whatever is asked until ``stop`` is asked."""
    for _ in range(max_turns):
        now = asking(system, chat)
        if now == stop:
            return
        assert now in ANSWERS, f"unexpected question {now!r}: {chat.texts()[-1]!r}"
        chat.type(ANSWERS[now])
    raise AssertionError(f"{stop!r} never asked")


def test_a_full_intake_typed_into_the_page_ends_with_a_reference(context, channel_system: ChannelSystem) -> None:
    chat = ChatPage(context.new_page(), channel_system.web_url).open()
    assert "agree" in chat.texts("bot")[-1]
    assert chat.locator(".ic-choice").all_text_contents() == ["Yes, I agree", "No"]
    chat.click("Yes, I agree")
    assert chat.texts("patient") == ["Yes, I agree"]
    chat.type(ANSWERS["diagnosis.text"])
    assert re.fullmatch(r"Question \d+ of \d+", chat.progress()), chat.progress()
    n, m = map(int, re.findall(r"\d+", chat.progress()))
    width = chat.locator(".ic-progress-fill").evaluate("e => e.style.width")
    assert width == f"{round(100 * n / m)}%"
    chat.page.screenshot(path=str(artifact("chat-desktop.png")))
    answer_until(channel_system, chat, "confirmation")
    summary = chat.locator(".ic-msg-bot .ic-text").last
    assert "\n" in (summary.text_content() or "")  # one line per answer, kept as lines
    assert summary.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    assert "Robert Chen" in (summary.text_content() or "")
    assert summary.bounding_box()["height"] > 150
    chat.page.screenshot(path=str(artifact("chat-summary-desktop.png")), full_page=True)
    chat.page.set_viewport_size(PHONE)
    chat.page.screenshot(path=str(artifact("chat-summary-phone.png")))
    chat.page.set_viewport_size(DESKTOP)
    chat.type("yes")
    reference = REFERENCE.search(chat.texts("bot")[-1] + " ".join(chat.texts("bot")[-2:]))
    assert reference, chat.texts("bot")[-2:]
    chat.page.screenshot(path=str(artifact("chat-reference.png")))
    status, intake = channel_system.intake(chat.conversation_id())
    assert intake["reference"] == reference.group(0) and intake["channel"] == "web"
    assert intake["record"]["patient"]["name"]["text"] == "Robert Chen"


def test_a_reload_mid_intake_shows_the_transcript_and_the_same_question(context, channel_system: ChannelSystem) -> None:
    chat = ChatPage(context.new_page(), channel_system.web_url).open()
    chat.click("Yes, I agree")
    chat.type(ANSWERS["diagnosis.text"])
    answer_until(channel_system, chat, "patient.birth_date")
    before = chat.texts()
    pending = asking(channel_system, chat)
    chat.page.reload()
    chat.wait_idle()
    chat.locator(".ic-msg").nth(len(before) - 1).wait_for()
    assert chat.texts() == before
    assert chat.texts("patient")[0] == "Yes, I agree"  # the pressed button, not its payload
    assert asking(channel_system, chat) == pending
    # The same browser the next day: a new tab, the same conversation.
    tomorrow = ChatPage(context.new_page(), channel_system.web_url).open()
    tomorrow.locator(".ic-msg").nth(len(before) - 1).wait_for()
    assert tomorrow.texts() == before
    tomorrow.type(ANSWERS["patient.birth_date"])
    assert asking(channel_system, chat) != "patient.birth_date"


def test_phone_width_screenshot_and_layout(browser, channel_system: ChannelSystem) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        chat = ChatPage(context.new_page(), channel_system.web_url).open()
        chat.click("Yes, I agree")
        chat.type(ANSWERS["diagnosis.text"])
        panel = chat.locator(".ic-panel").bounding_box()
        assert panel["width"] == PHONE["width"] and panel["height"] <= PHONE["height"] + 1
        assert chat.locator(".ic-input").bounding_box()["y"] + 40 <= PHONE["height"]  # input on screen
        assert chat.locator(".ic-progress").is_visible()
        chat.page.screenshot(path=str(artifact("chat-phone.png")))
    finally:
        context.close()


def test_another_browser_and_a_tampered_cookie_get_fresh_conversations(browser, context,
                                                                       channel_system: ChannelSystem) -> None:
    mine = ChatPage(context.new_page(), channel_system.web_url).open()
    mine.click("Yes, I agree")
    mine.type("I have lupus and my rheumatologist wants to start methotrexate")
    my_texts = mine.texts()
    other_context = browser.new_context(viewport=DESKTOP)
    try:
        other = ChatPage(other_context.new_page(), channel_system.web_url).open()
        assert other.texts("patient") == [] and "agree" in other.texts("bot")[-1]
        assert other.conversation_id() != mine.conversation_id()
        # A cookie carrying my conversation id but not my signature:
        cookie = next(c for c in context.cookies() if c["name"] == COOKIE_NAME)
        version, conversation_id, issued, signature = cookie["value"].split(".")
        other_context.clear_cookies()
        other_context.add_cookies([{**cookie, "value": f"{version}.{conversation_id}.{issued}.{signature[::-1]}"}])
        other.open()
        assert other.texts("patient") == [] and "lupus" not in " ".join(other.texts())
        assert other.conversation_id() not in (conversation_id, "")
    finally:
        other_context.close()
    mine.open()
    mine.locator(".ic-msg").nth(len(my_texts) - 1).wait_for()
    assert mine.texts() == my_texts


def test_patient_text_with_markup_shows_as_text(context, channel_system: ChannelSystem) -> None:
    chat = ChatPage(context.new_page(), channel_system.web_url).open()
    chat.click("Yes, I agree")
    hostile = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> my knee hurts'
    chat.type(hostile)
    assert chat.texts("patient")[-1] == hostile
    assert chat.page.evaluate("() => window.__xss") is None
    assert chat.locator(".ic-msg img, .ic-msg script").count() == 0
    chat.page.reload()
    chat.wait_idle()
    chat.locator(".ic-msg-patient").nth(1).wait_for()
    assert chat.texts("patient")[-1] == hostile
    assert chat.page.evaluate("() => window.__xss") is None


def test_navigator_messages_appear_without_a_reload(context, channel_system: ChannelSystem) -> None:
    chat = ChatPage(context.new_page(), channel_system.web_url).open()
    chat.click("Yes, I agree")
    channel_system.say_as_navigator(chat.conversation_id(), "Hi, this is Dana from the care team. I'm here if you need me.")
    chat.locator(".ic-msg-navigator").wait_for(timeout=15_000)
    assert "Dana" in chat.locator(".ic-msg-navigator .ic-text").text_content()
    assert chat.locator(".ic-msg-navigator .ic-who").text_content() == "Care navigator"


def test_rasa_down_shows_a_polite_error_and_keeps_the_typed_text(context, channel_system: ChannelSystem) -> None:
    chat = ChatPage(context.new_page(), channel_system.web_url).open()
    chat.click("Yes, I agree")
    typed = "I have atrial fibrillation"
    with channel_system.web_app_without_rasa() as down_url:
        # The same browser (cookies are per host, not per port) on a web app whose Rasa is down.
        down = context.new_page()
        down.goto(f"{down_url}/chat")
        error = down.locator(".ic-error")
        error.wait_for()
        assert "can\u2019t reach the assistant" in (error.text_content() or "")
        down.locator(".ic-input").fill(typed)
        down.locator(".ic-input").press("Enter")
        down.locator('.ic-panel[aria-busy="false"]').wait_for()
        down.locator(".ic-error").filter(has_text="not sent").wait_for()
        assert down.locator(".ic-input").input_value() == typed
        assert down.locator(".ic-msg-patient").count() == 0
        down.screenshot(path=str(artifact("chat-rasa-down.png")))
    chat.open()
    assert chat.texts("patient") == ["Yes, I agree"]
    chat.type(typed)


@contextlib.contextmanager
def hospital_site(port: int, widget_url: str) -> Iterator[str]:
    """A hospital's page on another origin of the same site, embedding the widget with one tag."""
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>General Hospital</title></head>"
        "<body style='font-family: serif; background: #fafafa'><h1>General Hospital</h1>"
        "<p>Second opinions from our specialists.</p>"
        f"<script src='{widget_url}' defer></script></body></html>"
    ).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_one_script_tag_embeds_the_widget_on_a_hospital_page(context, channel_system: ChannelSystem) -> None:
    web_port = channel_system.web_url.rsplit(":", 1)[1]
    widget_url = f"http://localhost:{web_port}/chat/widget.js"
    with hospital_site(channel_system.embed_port, widget_url) as page_url:
        page = context.new_page()
        page.goto(page_url)
        launcher = page.locator(".ic-launcher")
        launcher.click()
        chat = ChatPage(page, channel_system.web_url)
        chat.wait_idle()
        assert "agree" in chat.texts("bot")[-1]
        chat.click("Yes, I agree")
        assert "diagnosis" in chat.texts("bot")[-1]
        page.screenshot(path=str(artifact("chat-embedded.png")))
        assert page.locator("h1").text_content() == "General Hospital"  # the host page is untouched
