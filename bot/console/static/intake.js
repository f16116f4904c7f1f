// The intake page: refreshes itself from the live endpoint and sends the navigator's
// actions. Every piece of patient or record text is inserted with textContent, never
// as HTML.
(function () {
  "use strict";

  var root = document.getElementById("intake");
  if (!root) { return; }
  var base = root.getAttribute("data-base-url");
  var liveUrl = root.getAttribute("data-live-url");
  var pollMs = parseInt(root.getAttribute("data-poll-ms"), 10) || 2500;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var timer = null;
  var busy = false;

  function byId(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function show(node, visible) { if (node) { node.hidden = !visible; } }

  function toLogin() {
    window.location.assign("/console/login?next=" + encodeURIComponent(window.location.pathname));
  }

  function notice(text, kind) {
    var node = byId("notice");
    node.textContent = text || "";
    node.className = "notice " + (kind || "");
    show(node, Boolean(text));
  }

  function renderFlags(flags) {
    var box = byId("flags");
    box.replaceChildren();
    flags.forEach(function (flag) { box.appendChild(el("span", "flag", flag.replace(/_/g, " "))); });
  }

  function renderTranscript(messages, available) {
    var list = byId("transcript");
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    var grew = messages.length !== list.children.length;
    list.replaceChildren();
    messages.forEach(function (message) {
      var item = el("li", "from-" + message.from + " kind-" + message.kind);
      item.appendChild(el("span", "who", message.from));
      item.appendChild(el("span", "text", message.text));
      if (message.buttons && message.buttons.length) {
        item.appendChild(el("span", "buttons", "[" + message.buttons.join(" | ") + "]"));
      }
      list.appendChild(item);
    });
    if (atBottom || grew) { list.scrollTop = list.scrollHeight; }
    show(byId("transcript-error"), !available);
  }

  function fieldRow(row, editable) {
    var tr = el("tr");
    tr.setAttribute("data-path", row.path);
    if (row.missing) { tr.classList.add("missing"); }
    if (row.skipped) { tr.classList.add("skipped"); }
    tr.appendChild(el("th", null, row.label + (row.required ? " *" : "")));
    var shown = row.value || (row.skipped ? "skipped" : (editable ? "missing" : ""));
    tr.appendChild(el("td", "value", shown));
    tr.appendChild(el("td", "method", row.method));
    tr.appendChild(el("td", "turn", row.turn === null || row.turn === undefined ? "" : row.turn));
    tr.appendChild(el("td", "confidence", row.confidence === null || row.confidence === undefined ? "" : row.confidence));
    tr.appendChild(el("td", "source", row.source_text));
    var cell = el("td");
    if (editable) {
      var button = el("button", "edit", "Edit");
      button.type = "button";
      button.setAttribute("data-path", row.path);
      cell.appendChild(button);
    }
    tr.appendChild(cell);
    return tr;
  }

  function renderFields(rows, derived) {
    var body = byId("fields");
    body.replaceChildren();
    rows.forEach(function (row) { body.appendChild(fieldRow(row, true)); });
    var extra = byId("derived");
    extra.replaceChildren();
    derived.forEach(function (row) { extra.appendChild(fieldRow(row, false)); });
  }

  function renderReadOut(messages) {
    var box = byId("read-out");
    box.replaceChildren();
    messages.forEach(function (message) {
      box.appendChild(el("p", "say", message.text));
      if (message.buttons && message.buttons.length) {
        box.appendChild(el("p", "choices", "Options: " + message.buttons.join(" | ")));
      }
    });
  }

  function render(data) {
    byId("reference").textContent = data.reference || "";
    var status = byId("status");
    status.textContent = data.status_label;
    status.className = "badge badge-" + data.status;
    show(byId("paused"), data.paused);
    renderFlags(data.flags);
    byId("channel").textContent = data.channel;
    byId("progress").textContent = data.progress.answered + "/" + data.progress.total;
    byId("asking").textContent = data.asking || "—";
    byId("assisted-by").textContent = data.assisted_by || "—";
    show(byId("takeover"), data.can_take_over);
    show(byId("handback"), data.can_reply);
    show(byId("submit-for-caller"), data.can_submit);
    show(byId("assist"), data.channel === "navigator");
    show(byId("reply"), data.can_reply);
    renderReadOut(data.read_out);
    renderTranscript(data.transcript, data.transcript_available);
    renderFields(data.fields, data.derived);
    byId("record-json").textContent = data.record_json;
    root.setAttribute("data-status", data.status);
    root.setAttribute("data-updated", String(Date.now()));
  }

  function refresh() {
    return fetch(liveUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { toLogin(); return null; }
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { notice("Could not refresh; retrying.", "warn"); });
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { refresh().then(schedule); }, pollMs);
  }

  function post(path, body) {
    if (busy) { return Promise.resolve(null); }
    busy = true;
    return fetch(base + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      if (response.status === 401) { toLogin(); return null; }
      return response.json().then(function (data) {
        if (!response.ok) { notice((data && data.error) || "That did not work.", "error"); return null; }
        notice(data.notice || "", data.notice ? "warn" : "");
        return data;
      });
    }).catch(function () {
      notice("The console could not reach the server.", "error");
      return null;
    }).finally(function () {
      busy = false;
      refresh();
    });
  }

  byId("assist-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = byId("caller-says");
    var text = input.value.trim();
    if (!text) { return; }
    post("/messages", { text: text }).then(function (data) { if (data) { input.value = ""; input.focus(); } });
  });

  byId("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = byId("reply-text");
    var text = input.value.trim();
    if (!text) { return; }
    post("/reply", { text: text }).then(function (data) { if (data) { input.value = ""; } });
  });

  byId("edit-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = byId("edit-value");
    var value = input.value.trim();
    if (!value) { return; }
    post("/fields", { path: byId("edit-path").value, value: value })
      .then(function (data) { if (data) { input.value = ""; notice("Saved.", "ok"); } });
  });

  byId("fields").addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLElement) || !target.classList.contains("edit")) { return; }
    byId("edit-path").value = target.getAttribute("data-path");
    byId("edit-value").focus();
  });

  ["takeover", "handback", "submit-for-caller"].forEach(function (id) {
    byId(id).addEventListener("click", function () {
      post("/" + byId(id).getAttribute("data-action"), {});
    });
  });

  refresh().then(schedule);
}());
