"""The console in a real browser (Debian's Chromium via Playwright) against the real system.

Patients chat through Rasa's REST channel while a navigator uses the console pages.
Screenshots go to tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.console.system import Account, artifact, audit_entries, create_account, wait_for
from tests.conversations.driver import Patient, drive, start

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

TERSE = {
    "consent": "yes",
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
    "questions": "Is ablation better than staying on medication?",
    "records.available": "my EKG and blood work",
    "coverage.type": "my health insurance",
    "coverage.sponsor": "Blue Cross",
}

XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> my knee hurts'


def intake(system: Any, conversation_id: str) -> dict[str, Any]:
    """The intake as the intake API shows it."""
    request = urllib.request.Request(
        f"{system.web_url}/api/intakes/{conversation_id}",
        headers={"Authorization": f"Bearer {system.api_token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def sign_in(page, web_url: str, account: Account, path: str = "/console/intakes") -> None:
    page.goto(web_url + path)
    assert "/console/login" in page.url
    page.fill("#username", account.username)
    page.fill("#password", account.password)
    page.click("#sign-in")
    page.wait_for_url(f"{web_url}{path}*")


def open_intake(page, web_url: str, conversation_id: str) -> None:
    page.goto(f"{web_url}/console/intakes/{conversation_id}")
    page.wait_for_selector("#intake[data-updated]")


def wait_js(page, expression: str, timeout: float = 20.0) -> None:
    """Waits until a JavaScript expression is true in the page.

    (Playwright's ``wait_for_function`` evaluates strings with ``eval``, which the
    console's Content-Security-Policy forbids; ``evaluate`` does not need it.)
    """
    wait_for(lambda: page.evaluate(expression), timeout=timeout, message=expression)


def field_cell(page, path: str, cell: str) -> str:
    return page.text_content(f'#fields tr[data-path="{path}"] td.{cell}') or ""


def test_sign_in_wrong_password_and_lock_out(page, console_system) -> None:
    account = create_account(console_system.database_url)
    web = console_system.web_url
    page.goto(f"{web}/console/intakes")
    page.wait_for_url("**/console/login?next=/console/intakes")
    page.fill("#username", account.username)
    page.fill("#password", "not the password")
    page.click("#sign-in")
    assert page.text_content("#login-message") == "Wrong username or password."
    page.screenshot(path=artifact("console-wrong-password.png"))
    for _ in range(4):
        page.fill("#password", "still not the password")
        page.click("#sign-in")
    assert "Too many failed sign-ins" in page.text_content("#login-message")
    page.fill("#password", account.password)  # right password, but locked out
    page.click("#sign-in")
    assert "Too many failed sign-ins" in page.text_content("#login-message")
    assert "/console/login" in page.url
    page.screenshot(path=artifact("console-locked-out.png"))
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "console_session" not in cookies

    other = create_account(console_system.database_url)
    sign_in(page, web, other)
    cookie = {c["name"]: c for c in page.context.cookies()}["console_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.text_content(".who") == other.username
    page.click("#logout")
    page.wait_for_url("**/console/login")
    page.goto(f"{web}/console/intakes")
    assert "/console/login" in page.url


def test_list_shows_status_channel_progress_with_emergencies_on_top(page, console_system, account, new_patient) -> None:
    calm, urgent = new_patient(), new_patient()
    start(calm)
    calm.say("I have atrial fibrillation")
    start(urgent)
    urgent.say("I have crushing chest pain right now")
    assert intake(console_system, urgent.conversation_id)["status"] == "emergency"
    calm.say("I am the patient")  # the calm one is now the most recently active

    sign_in(page, console_system.web_url, account)
    rows = page.query_selector_all("#intakes tbody tr")
    statuses = [row.get_attribute("class") for row in rows]
    first_other = next(i for i, s in enumerate(statuses) if s not in ("status-emergency", "status-needs_human"))
    assert all(s in ("status-emergency", "status-needs_human") for s in statuses[:first_other])
    ids = [row.get_attribute("data-conversation-id") for row in rows]
    assert ids.index(urgent.conversation_id) < first_other <= ids.index(calm.conversation_id)

    badge = page.query_selector(f'tr[data-conversation-id="{urgent.conversation_id}"] .badge')
    assert badge.text_content() == "emergency"
    assert badge.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(200, 30, 30)"
    calm_row = page.query_selector(f'tr[data-conversation-id="{calm.conversation_id}"]')
    calm_text = calm_row.text_content()
    assert "in progress" in calm_text and "web" in calm_text
    calm_intake = intake(console_system, calm.conversation_id)
    assert f"{calm_intake['progress']['answered']}/{calm_intake['progress']['total']}" in calm_text
    page.screenshot(path=artifact("console-list.png"), full_page=True)

    page.select_option("#status-filter", "emergency")
    page.click("#apply-filters")
    page.wait_for_url("**status=emergency**")
    shown = {row.get_attribute("class") for row in page.query_selector_all("#intakes tbody tr")}
    assert shown == {"status-emergency"}
    page.fill("#search", urgent.conversation_id[-8:])
    page.select_option("#status-filter", "")
    page.click("#apply-filters")
    ids = [row.get_attribute("data-conversation-id") for row in page.query_selector_all("#intakes tbody tr")]
    assert ids == [urgent.conversation_id]


def test_search_by_patient_name(page, console_system, account, patient: Patient) -> None:
    start(patient)
    patient.say("I have a herniated disc")
    for _ in range(3):
        asking = patient.asking()
        if asking == "patient.name":
            patient.say("Philippa Quixley")
            break
        patient.say(TERSE[asking])
    sign_in(page, console_system.web_url, account, "/console/intakes?q=quixley")
    ids = [row.get_attribute("data-conversation-id") for row in page.query_selector_all("#intakes tbody tr")]
    assert ids == [patient.conversation_id]
    assert page.text_content("#intakes tbody td.patient") == "Philippa Quixley"


def test_intake_page_updates_live_while_the_patient_chats(page, console_system, account, patient: Patient) -> None:
    start(patient)
    sign_in(page, console_system.web_url, account)
    open_intake(page, console_system.web_url, patient.conversation_id)
    page.evaluate("window.__sameDocument = true")
    assert field_cell(page, "patient.birth_date", "value") == "missing"
    assert "missing" in page.get_attribute('#fields tr[data-path="patient.birth_date"]', "class")

    patient.say("I have atrial fibrillation and my cardiologist wants to do an ablation")
    wait_js(page, 
        "document.querySelector('#transcript').textContent.includes('my cardiologist wants to do an ablation')")
    wait_js(page, 
        "document.querySelector('#fields tr[data-path=\"diagnosis.text\"] td.method').textContent === 'nlu'")
    while (asking := patient.asking()) != "patient.birth_date":
        patient.say(TERSE[asking])
    patient.say("3/4/61")
    wait_js(page, 
        "document.querySelector('#fields tr[data-path=\"patient.birth_date\"] td.value').textContent === '1961-03-04'")
    assert field_cell(page, "patient.birth_date", "method") == "patient_answer"
    assert field_cell(page, "patient.birth_date", "source") == "3/4/61"
    assert field_cell(page, "patient.birth_date", "confidence") != ""
    assert "missing" not in (page.get_attribute('#fields tr[data-path="patient.birth_date"]', "class") or "")
    assert page.evaluate("window.__sameDocument") is True  # no reload: the page refreshed itself
    answered = intake(console_system, patient.conversation_id)["progress"]
    assert page.text_content("#progress") == f"{answered['answered']}/{answered['total']}"
    page.screenshot(path=artifact("console-live-intake.png"), full_page=True)


def test_assist_mode_intake_to_submission(page, console_system, account) -> None:
    web = console_system.web_url
    sign_in(page, web, account)
    page.click("#start-assist")
    page.wait_for_url("**/console/intakes/nav-*")
    conversation_id = page.url.rsplit("/", 1)[1]
    page.wait_for_selector("#intake[data-updated]")
    assert "Do you agree?" in page.text_content("#read-out")
    page.screenshot(path=artifact("console-assist-start.png"), full_page=True)

    asked = []
    for _ in range(30):
        current = intake(console_system, conversation_id)
        asking = current["asking"]
        if asking == "confirmation":
            break
        asked.append(asking)
        count = len(page.query_selector_all("#transcript li"))
        page.fill("#caller-says", TERSE[asking])
        page.click("#send-caller")
        wait_js(page, f"document.querySelectorAll('#transcript li').length > {count + 1}")
        wait_js(page, "document.querySelector('#caller-says').value === ''")
    else:
        raise AssertionError(f"no summary; asked {asked}")
    page.wait_for_selector("#submit-for-caller:not([hidden])")
    assert "Is everything correct?" in page.text_content("#read-out")
    page.screenshot(path=artifact("console-assist-summary.png"), full_page=True)
    page.click("#submit-for-caller")
    wait_js(page, "['submitted', 'delivered'].includes(document.querySelector('#intake').dataset.status)")
    reference = page.text_content("#reference")
    assert reference.startswith("SO-")
    page.screenshot(path=artifact("console-assist-submitted.png"), full_page=True)

    final = intake(console_system, conversation_id)
    record = final["record"]
    assert final["channel"] == "navigator" and record["channel"] == "navigator"
    assert record["assisted_by"] == account.user_id
    assert record["reference"] == reference
    assert record["patient"]["birth_date"] == "1961-03-04"
    assert record["diagnosis"]["code"]["code"].startswith("I48")
    actions = [e["action"] for e in audit_entries(console_system.database_url, conversation_id)]
    assert actions[0] == "assist_start" and "assist_message" in actions and "submit" in actions


def test_navigator_edit_is_recorded_with_provenance(page, console_system, account, patient: Patient) -> None:
    start(patient)
    patient.say("I have atrial fibrillation and my cardiologist wants to do an ablation")
    while (asking := patient.asking()) != "patient.phone":
        patient.say(TERSE[asking])
    sign_in(page, console_system.web_url, account)
    open_intake(page, console_system.web_url, patient.conversation_id)

    # Correct an earlier answer.
    page.click('#fields tr[data-path="patient.birth_date"] button.edit')
    assert page.input_value("#edit-path") == "patient.birth_date"
    page.fill("#edit-value", "April 5, 1962")
    page.click("#edit-save")
    wait_js(page, 
        "document.querySelector('#fields tr[data-path=\"patient.birth_date\"] td.method').textContent === 'navigator_edit'")
    assert field_cell(page, "patient.birth_date", "value") == "1962-04-05"
    assert field_cell(page, "patient.birth_date", "source") == "April 5, 1962"
    assert "edited by navigator" in page.text_content("#flags")

    # An unreadable value is refused with what is expected, and changes nothing.
    page.select_option("#edit-path", "patient.birth_date")
    page.fill("#edit-value", "sometime in spring")
    page.click("#edit-save")
    page.wait_for_selector("#notice.error")
    assert "full date" in page.text_content("#notice")
    assert field_cell(page, "patient.birth_date", "value") == "1962-04-05"

    # Filling in the question the assistant is waiting on moves it on.
    page.select_option("#edit-path", "patient.phone")
    page.fill("#edit-value", "617 555 0199")
    page.click("#edit-save")
    wait_js(page, "document.querySelector('#asking').textContent === 'patient.region'")
    assert "Which US state" in page.query_selector_all("#transcript li")[-1].text_content()
    page.screenshot(path=artifact("console-edit.png"), full_page=True)

    answers = {k: v for k, v in TERSE.items() if k not in ("patient.phone", "patient.birth_date")}
    drive(patient, answers)
    record = wait_for(lambda: (i := intake(console_system, patient.conversation_id))["status"] in ("submitted", "delivered")
                      and i["record"], message="submission")
    assert record["patient"]["birth_date"] == "1962-04-05"
    assert record["patient"]["phone"] == "+16175550199"
    provenance = record["provenance"]["patient.birth_date"]
    assert provenance["method"] == "navigator_edit" and provenance["navigator"] == account.user_id
    assert provenance["source_text"] == "April 5, 1962" and provenance["confirmed"] is True
    assert record["provenance"]["patient.name"]["method"] == "patient_answer"
    assert "edited_by_navigator" in record["flags"]
    details = [(e["action"], e["detail"]) for e in audit_entries(console_system.database_url, patient.conversation_id)]
    assert ("edit_field", "patient.birth_date") in details and ("edit_field", "patient.phone") in details


def test_script_in_a_message_shows_as_text(page, console_system, account, patient: Patient) -> None:
    start(patient)
    patient.say(XSS)
    sign_in(page, console_system.web_url, account)
    open_intake(page, console_system.web_url, patient.conversation_id)
    page.wait_for_timeout(3000)  # at least one live refresh
    texts = [li.text_content() for li in page.query_selector_all("#transcript li .text")]
    assert any("<script>window.__xss = 1</script>" in text for text in texts)
    assert page.evaluate("window.__xss") is None
    assert page.query_selector_all("#transcript script, #transcript img, #read-out script") == []
    assert "&lt;script&gt;" in page.content()
    page.screenshot(path=artifact("console-xss-inert.png"), full_page=True)


def test_views_are_written_to_the_audit_log(page, console_system, account, patient: Patient) -> None:
    start(patient)
    patient.say("I have a herniated disc")
    sign_in(page, console_system.web_url, account)
    open_intake(page, console_system.web_url, patient.conversation_id)
    wait_for(lambda: sum(e["action"] == "live" for e in audit_entries(console_system.database_url, patient.conversation_id)) >= 2,
             message="two live refreshes audited")
    entries = audit_entries(console_system.database_url, patient.conversation_id)
    assert {e["action"] for e in entries} >= {"list", "view", "live"}
    for entry in entries:
        assert entry["user_id"] == account.user_id
        assert entry["conversation_id"] == patient.conversation_id
        assert entry["detail"] is None
        assert entry["at"] is not None
        assert "herniated" not in json.dumps(entry, default=str)


def test_takeover_and_hand_back_from_the_page(page, console_system, account, patient: Patient) -> None:
    start(patient)
    patient.say("I have atrial fibrillation")
    sign_in(page, console_system.web_url, account)
    open_intake(page, console_system.web_url, patient.conversation_id)
    pending = patient.asking()
    page.click("#takeover")
    page.wait_for_selector("#paused:not([hidden])")
    page.wait_for_selector("#reply:not([hidden])")
    assert page.text_content("#status") == "needs a human"
    assert patient.say("are you a real person?") == []
    page.fill("#reply-text", "Yes, I'm Dana, a care navigator.")
    page.click("#send-reply")
    wait_js(page, "document.querySelector('#transcript').textContent.includes(\"I'm Dana, a care navigator\")")
    page.screenshot(path=artifact("console-takeover.png"), full_page=True)
    page.click("#handback")
    page.wait_for_selector("#paused", state="hidden")
    wait_js(page, "document.querySelector('#status').textContent === 'in progress'")
    last = page.query_selector_all("#transcript li")[-1]
    assert "from-bot" in last.get_attribute("class")
    assert patient.asking() == pending
