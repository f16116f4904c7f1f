/*
 * Second-opinion intake chat widget.
 *
 * Embed with one tag:  <script src="https://<web app>/chat/widget.js" defer></script>
 * It adds a chat button to the page (or, if the page has an element with
 * id="intake-chat", fills that element). It talks only to the web app that served
 * it (/chat/api/messages); the conversation is bound to this browser by an HttpOnly
 * cookie the web app sets. All message text is inserted with textContent.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : "/chat/widget.js", document.baseURI);
  var API_URL = new URL("api/messages", scriptUrl).href;
  var CSS_URL = new URL("widget.css", scriptUrl).href;
  var POLL_MS = 4000;
  var MAX_TEXT = 2000;
  var PROGRESS = /\((\d+) of (\d+)\)/;

  var TEXT = {
    title: "Second opinion request",
    open: "Request a second opinion",
    close: "Close chat",
    placeholder: "Type your answer\u2026",
    send: "Send",
    inputLabel: "Your message",
    navigator: "Care navigator",
    you: "You",
    assistant: "Assistant",
    progress: function (n, m) { return "Question " + n + " of " + m; },
    unavailable: "Sorry, we can\u2019t reach the assistant right now. Your message was not sent \u2014 it is still in the box below. Please try again in a minute.",
    loadFailed: "Sorry, we can\u2019t reach the assistant right now. We\u2019ll keep trying; your answers so far are saved.",
    failed: "Sorry, something went wrong. Your message is still in the box below; please try again.",
    tooLong: "That message is too long. Please shorten it to " + MAX_TEXT + " characters or fewer."
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* Text for display: markdown bullets read as bullets, emphasis marks dropped. */
  function displayText(text) {
    return String(text || "")
      .replace(/^\s*[-*]\s+/gm, "\u2022 ")
      .replace(/\*\*(.+?)\*\*/g, "$1");
  }

  function request(method, body) {
    var options = {
      method: method,
      credentials: "include",
      cache: "no-store",
      headers: { "X-Requested-With": "intake-chat", "Accept": "application/json" }
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(API_URL, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error("http " + response.status);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function Widget(host, inline) {
    this.inline = inline;
    this.messages = [];
    this.version = 0;
    this.busy = false;
    this.started = false;
    this.errorFrom = null;
    this.pending = null;
    this.timer = null;
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var link = el("link");
    link.rel = "stylesheet";
    link.href = CSS_URL;
    root.appendChild(link);
    this.build(root);
  }

  Widget.prototype.build = function (root) {
    var self = this;
    var panel = el("section", "ic-panel" + (this.inline ? " ic-inline" : " ic-floating"));
    panel.setAttribute("aria-label", TEXT.title);
    panel.setAttribute("aria-busy", "false");

    var header = el("header", "ic-header");
    header.appendChild(el("h2", "ic-title", TEXT.title));
    if (!this.inline) {
      var close = el("button", "ic-close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", TEXT.close);
      close.addEventListener("click", function () { self.close(); });
      header.appendChild(close);
    }
    panel.appendChild(header);

    var progress = el("div", "ic-progress");
    progress.hidden = true;
    progress.setAttribute("role", "progressbar");
    progress.setAttribute("aria-valuemin", "0");
    var track = el("div", "ic-progress-track");
    var fill = el("div", "ic-progress-fill");
    track.appendChild(fill);
    var label = el("span", "ic-progress-label");
    progress.appendChild(label);
    progress.appendChild(track);
    panel.appendChild(progress);

    var log = el("div", "ic-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.tabIndex = 0;
    panel.appendChild(log);

    var error = el("div", "ic-error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    panel.appendChild(error);

    var form = el("form", "ic-form");
    var input = el("textarea", "ic-input");
    input.rows = 1;
    input.maxLength = MAX_TEXT;
    input.placeholder = TEXT.placeholder;
    input.setAttribute("aria-label", TEXT.inputLabel);
    input.setAttribute("autocomplete", "off");
    var send = el("button", "ic-send", TEXT.send);
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(form);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendTyped();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.sendTyped();
      }
    });

    this.panel = panel;
    this.progress = progress;
    this.progressFill = fill;
    this.progressLabel = label;
    this.log = log;
    this.error = error;
    this.input = input;
    this.sendButton = send;

    if (!this.inline) {
      var launcher = el("button", "ic-launcher", TEXT.open);
      launcher.type = "button";
      launcher.setAttribute("aria-expanded", "false");
      launcher.addEventListener("click", function () { self.open(); });
      this.launcher = launcher;
      panel.hidden = true;
      root.appendChild(launcher);
    }
    root.appendChild(panel);
  };

  Widget.prototype.open = function () {
    this.panel.hidden = false;
    if (this.launcher) {
      this.launcher.hidden = true;
      this.launcher.setAttribute("aria-expanded", "true");
    }
    this.start();
    this.input.focus();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  };

  Widget.prototype.start = function () {
    var self = this;
    if (this.started) { return; }
    this.started = true;
    this.refresh();
    this.timer = setInterval(function () {
      if (!self.busy && document.visibilityState !== "hidden") { self.refresh(); }
    }, POLL_MS);
  };

  /* Loads the whole transcript; resolves to true when it was loaded. */
  Widget.prototype.refresh = function () {
    var self = this;
    var version = this.version;
    return request("GET").then(function (data) {
      if (self.errorFrom === "load") { self.hideError(); }
      if (version === self.version && !self.busy) {
        self.setMessages(data.messages || []);
        if (self.messages.length === 0) {
          self.post({ start: true }, null, null);  /* a new conversation: the assistant opens it */
        }
      }
      return true;
    }, function () {
      if (!self.errorFrom) { self.showError(TEXT.loadFailed, "load"); }
      return false;
    });
  };

  Widget.prototype.setMessages = function (messages) {
    if (JSON.stringify(messages) === JSON.stringify(this.messages)) { return; }
    this.messages = messages;
    this.render();
  };

  Widget.prototype.sendTyped = function () {
    var text = this.input.value.trim();
    if (!text || this.busy) { return; }
    if (text.length > MAX_TEXT) {
      this.showError(TEXT.tooLong, "send");
      return;
    }
    this.post({ text: text }, text, true);
  };

  Widget.prototype.choose = function (button) {
    if (this.busy) { return; }
    this.post({ text: button.payload }, button.title, false);
  };

  /* Sends a message; ``shown`` is what the patient sees as theirs (null: nothing). */
  Widget.prototype.post = function (body, shown, typed) {
    var self = this;
    this.busy = true;
    this.version += 1;
    this.hideError();
    this.pending = shown;
    this.setBusy(true);
    this.render();
    return request("POST", body).then(function (data) {
      var added = [];
      if (shown !== null) { added.push({ from: "patient", text: shown, buttons: [] }); }
      self.messages = self.messages.concat(added, data.replies || []);
      if (typed) { self.input.value = ""; }
    }, function (error) {
      var status = error && error.status;
      if (typed === null) {
        self.showError(TEXT.loadFailed, "load");
      } else {
        self.showError(status === 413 ? TEXT.tooLong : (status && status !== 503 ? TEXT.failed : TEXT.unavailable), "send");
      }
    }).then(function () {
      self.busy = false;
      self.pending = null;
      self.version += 1;
      self.setBusy(false);
      self.render();
      if (typed !== null) { self.input.focus(); }
    });
  };

  Widget.prototype.setBusy = function (busy) {
    this.input.readOnly = busy;
    this.sendButton.disabled = busy;
    this.panel.setAttribute("aria-busy", busy ? "true" : "false");
  };

  Widget.prototype.showError = function (text, from) {
    this.error.textContent = text;
    this.error.hidden = false;
    this.errorFrom = from;
  };

  Widget.prototype.hideError = function () {
    this.error.hidden = true;
    this.error.textContent = "";
    this.errorFrom = null;
  };

  Widget.prototype.renderMessage = function (message, isLast) {
    var self = this;
    var from = message.from === "patient" || message.from === "navigator" ? message.from : "bot";
    var item = el("div", "ic-msg ic-msg-" + from);
    var who = from === "patient" ? TEXT.you : (from === "navigator" ? TEXT.navigator : TEXT.assistant);
    item.appendChild(el("span", "ic-who", who));
    item.appendChild(el("div", "ic-text", displayText(message.text)));
    var buttons = message.buttons || [];
    if (isLast && from !== "patient" && buttons.length) {
      var choices = el("div", "ic-choices");
      buttons.forEach(function (button) {
        var choice = el("button", "ic-choice", button.title);
        choice.type = "button";
        choice.disabled = self.busy;
        choice.addEventListener("click", function () { self.choose(button); });
        choices.appendChild(choice);
      });
      item.appendChild(choices);
    }
    return item;
  };

  Widget.prototype.render = function () {
    var log = this.log;
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    while (log.firstChild) { log.removeChild(log.firstChild); }
    var count = this.messages.length;
    for (var i = 0; i < count; i += 1) {
      log.appendChild(this.renderMessage(this.messages[i], i === count - 1 && !this.busy));
    }
    if (this.busy) {
      if (this.pending !== null) {
        var mine = this.renderMessage({ from: "patient", text: this.pending }, false);
        mine.classList.add("ic-sending");
        log.appendChild(mine);
      }
      var typing = el("div", "ic-typing");
      typing.setAttribute("aria-label", "The assistant is typing");
      typing.appendChild(el("span"));
      typing.appendChild(el("span"));
      typing.appendChild(el("span"));
      log.appendChild(typing);
    }
    this.renderProgress();
    if (nearBottom || this.busy) { log.scrollTop = log.scrollHeight; }
  };

  Widget.prototype.renderProgress = function () {
    for (var i = this.messages.length - 1; i >= 0; i -= 1) {
      var message = this.messages[i];
      var match = message.from !== "patient" && PROGRESS.exec(message.text || "");
      if (match) {
        var n = parseInt(match[1], 10);
        var m = parseInt(match[2], 10);
        if (m > 0 && n <= m) {
          this.progress.hidden = false;
          this.progressFill.style.width = Math.round((100 * n) / m) + "%";
          this.progressLabel.textContent = TEXT.progress(n, m);
          this.progress.setAttribute("aria-valuenow", String(n));
          this.progress.setAttribute("aria-valuemax", String(m));
          this.progress.setAttribute("aria-valuetext", TEXT.progress(n, m));
          return;
        }
      }
    }
    this.progress.hidden = true;
  };

  function init() {
    var container = document.getElementById("intake-chat");
    if (container && container.getAttribute("data-intake-chat-ready")) { return; }
    var host = container || el("div", "intake-chat-floating");
    host.setAttribute("data-intake-chat-ready", "true");
    if (!container) { document.body.appendChild(host); }
    var widget = new Widget(host, Boolean(container));
    if (container) { widget.open(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
