"""The web chat's API through the real system: ownership by cookie, CSRF, outages."""
from __future__ import annotations

import pytest
import requests

from tests.channels.chat_http import WIDGET_HEADERS, ChatHttp
from tests.channels.system import ChannelSystem

pytestmark = pytest.mark.conversation


@pytest.fixture
def chat(channel_system: ChannelSystem) -> ChatHttp:
    return ChatHttp(channel_system.web_url)


def consented(chat: ChatHttp) -> ChatHttp:
    chat.start()
    chat.say("/affirm")
    return chat


def test_the_page_and_widget_are_served_with_strict_headers(channel_system: ChannelSystem) -> None:
    page = requests.get(f"{channel_system.web_url}/chat", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert '<script src="/chat/widget.js" defer></script>' in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    script = requests.get(f"{channel_system.web_url}/chat/widget.js", timeout=30)
    assert script.status_code == 200 and script.headers["Content-Type"].startswith("text/javascript")
    assert "innerHTML" not in script.text and "http://" not in script.text.replace("http://www.w3.org", "")
    styles = requests.get(f"{channel_system.web_url}/chat/widget.css", timeout=30)
    assert styles.status_code == 200 and styles.headers["Content-Type"].startswith("text/css")


def test_a_new_browser_gets_a_signed_httponly_cookie_and_no_id_anywhere_else(chat: ChatHttp) -> None:
    response = chat.get()
    assert response.status_code == 200 and response.json() == {"messages": []}
    set_cookie = response.headers["Set-Cookie"]
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/chat", "Max-Age=2592000"):
        assert attribute in set_cookie
    assert "Secure" not in set_cookie  # plain http on loopback; https makes it Secure
    replies = chat.start()
    assert "agree" in replies[-1]["text"] and [b["payload"] for b in replies[-1]["buttons"]] == ["/affirm", "/deny"]
    assert chat.conversation_id not in response.text + str(replies)


def test_the_same_browser_continues_and_a_pressed_button_reads_as_its_title(
        chat: ChatHttp, channel_system: ChannelSystem) -> None:
    consented(chat)
    again = ChatHttp(channel_system.web_url).use_cookie(chat.cookie)  # the same browser, next day
    messages = again.messages()
    assert [m["text"] for m in messages if m["from"] == "patient"] == ["Yes, I agree"]
    assert "diagnosis" in messages[-1]["text"]
    status, intake = channel_system.intake(chat.conversation_id)
    assert status == 200 and intake["channel"] == "web" and intake["asking"] == "diagnosis.text"


def test_another_browser_never_sees_or_changes_the_conversation(chat: ChatHttp, channel_system: ChannelSystem) -> None:
    consented(chat)
    chat.say("I have atrial fibrillation")
    before = chat.messages()
    stranger = ChatHttp(channel_system.web_url)
    assert stranger.messages() == []
    assert stranger.conversation_id != chat.conversation_id
    # Guessing or replaying the id without its signature, or with a signature of another id:
    version, conversation_id, issued, signature = chat.cookie.split(".")
    forgeries = [
        conversation_id,
        f"{version}.{conversation_id}.{issued}",
        f"{version}.{conversation_id}.{issued}.{signature[:-4]}AAAA",
        f"{version}.{conversation_id}.{int(issued) + 1}.{signature}",
        f"{version}.{conversation_id}.{issued}.{stranger.cookie.split('.')[3]}",
    ]
    for forged in forgeries:
        thief = ChatHttp(channel_system.web_url).use_cookie(forged)
        response = thief.post({"text": "I am someone else"})
        assert response.status_code == 200
        assert thief.conversation_id != conversation_id  # a new conversation, with a new cookie
        assert all(m["text"] != "I am someone else" for m in chat.messages())
    assert chat.messages() == before


def test_requests_without_the_widget_header_or_from_other_sites_are_refused(
        chat: ChatHttp, channel_system: ChannelSystem) -> None:
    consented(chat)
    before = chat.messages()
    assert chat.post({"text": "csrf"}, headers={}).status_code == 403
    assert chat.get(headers={}).status_code == 403
    evil = {**WIDGET_HEADERS, "Origin": "https://evil.example"}
    assert chat.post({"text": "csrf"}, headers=evil).status_code == 403
    assert chat.get(headers=evil).status_code == 403
    form = chat.http.post(chat.api, data={"text": "csrf"}, headers=WIDGET_HEADERS, timeout=30)
    assert form.status_code == 415
    preflight = chat.http.options(chat.api, headers={"Origin": "https://evil.example",
                                                     "Access-Control-Request-Method": "POST"}, timeout=30)
    assert preflight.status_code == 403 and "Access-Control-Allow-Origin" not in preflight.headers
    assert chat.messages() == before
    own = {**WIDGET_HEADERS, "Origin": channel_system.web_url}
    assert chat.post({"text": "I have atrial fibrillation"}, headers=own).status_code == 200


def test_an_allowed_hospital_origin_gets_cors_with_credentials(chat: ChatHttp, channel_system: ChannelSystem) -> None:
    origin = channel_system.embed_origin
    preflight = chat.http.options(chat.api, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-requested-with"}, timeout=30)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    assert "X-Requested-With" in preflight.headers["Access-Control-Allow-Headers"]
    response = chat.get(headers={**WIDGET_HEADERS, "Origin": origin})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == origin


def test_patients_cannot_send_commands_they_were_not_offered(chat: ChatHttp, channel_system: ChannelSystem) -> None:
    consented(chat)
    chat.say('/inform{"patient_name": "Mallory"}')
    sent = [m["text"] for m in chat.messages() if m["from"] == "patient"]
    assert sent[-1] == 'inform{"patient_name": "Mallory"}'  # reached Rasa as words, not an intent
    status, intake = channel_system.intake(chat.conversation_id)
    assert status == 200 and (intake["record"]["patient"]["name"] or {}).get("text") != "Mallory"


def test_bad_bodies_are_refused(chat: ChatHttp) -> None:
    assert chat.post({"text": "   "}).status_code == 400
    assert chat.post(["hi"]).status_code == 400
    assert chat.post({"text": "x" * 2001}).status_code == 413


def test_rasa_down_is_a_polite_503_and_nothing_is_lost(chat: ChatHttp, channel_system: ChannelSystem) -> None:
    consented(chat)
    before = chat.messages()
    with channel_system.web_app_without_rasa() as down_url:
        down = ChatHttp(down_url).use_cookie(chat.cookie)
        response = down.post({"text": "I have atrial fibrillation"})
        assert response.status_code == 503 and response.json() == {"error": "unavailable"}
        assert down.get().status_code == 503
        assert down.conversation_id == chat.conversation_id  # still the patient's conversation
    assert chat.messages() == before
    chat.say("I have atrial fibrillation")
    sent = [m["text"] for m in chat.messages() if m["from"] == "patient"]
    assert sent[-1] == "I have atrial fibrillation" and len(chat.messages()) > len(before) + 1


def test_the_start_is_sent_once(chat: ChatHttp) -> None:
    first = chat.start()
    assert first
    assert chat.start() == []
    assert len(chat.messages()) == len(first)
