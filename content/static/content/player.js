/* The capsule player: the browser's own <video>, no library.
   - low-quality source first on a slow connection (navigator.connection: saveData or 2g);
   - resume where the person stopped, seek from chapters and transcript links;
   - questions (checkpoints) in a modal <dialog>, keyboard and screen-reader friendly, skippable;
   - progress saved every 5 seconds while playing, on pause, and with sendBeacon on leaving. */
(function () {
  "use strict";
  var dataElement = document.getElementById("player-data");
  var video = document.getElementById("capsule-video");
  if (!dataElement || !video) { return; }
  var data = JSON.parse(dataElement.textContent);
  var status = document.getElementById("player-status");
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var pendingSeek = data.start > 0 ? data.start : null;
  var played = false;
  var lastSent = -1;

  function say(text) { if (status) { status.textContent = text; } }
  function clock(seconds) {
    seconds = Math.floor(seconds);
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Slow connection: put the low-quality source first, unless the person chose a quality.
  var connection = navigator.connection || navigator.mozConnection || navigator.webkitConnection;
  var slow = connection && (connection.saveData || /(^|-)2g$/.test(connection.effectiveType || ""));
  if (slow && !/[?&]qualite=/.test(window.location.search)) {
    var low = video.querySelector('source[data-quality="low"]');
    var first = video.querySelector("source");
    if (low && first && low !== first) {
      video.insertBefore(low, first);
      video.load();
      say(status.dataset.slowText);
    }
  }

  if (pendingSeek !== null) { say(status.dataset.resumeText + " " + clock(pendingSeek)); }

  function seekTo(seconds, play) {
    if (video.readyState >= 1) {
      video.currentTime = seconds;
    } else {
      pendingSeek = seconds;
      video.load();
    }
    if (play) { video.play().catch(function () {}); }
    document.getElementById("player").scrollIntoView({ block: "start" });
    video.focus();
  }
  video.addEventListener("loadedmetadata", function () {
    if (pendingSeek !== null) { video.currentTime = pendingSeek; pendingSeek = null; }
  });
  document.querySelectorAll("[data-seek]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      seekTo(Number(link.dataset.seek), true);
    });
  });

  // --- Checkpoints -----------------------------------------------------------------------------
  var dialog = document.getElementById("checkpoint-dialog");
  var form = document.getElementById("checkpoint-form");
  var legend = document.getElementById("checkpoint-question");
  var choicesBox = document.getElementById("checkpoint-choices");
  var feedback = document.getElementById("checkpoint-feedback");
  var submit = document.getElementById("checkpoint-submit");
  var skip = document.getElementById("checkpoint-skip");
  var next = document.getElementById("checkpoint-continue");
  var asked = {};
  var current = null;
  data.checkpoints.forEach(function (checkpoint) { if (checkpoint.answered) { asked[checkpoint.id] = true; } });

  function openCheckpoint(checkpoint) {
    current = checkpoint;
    video.pause();
    legend.textContent = checkpoint.question;
    choicesBox.textContent = "";
    feedback.textContent = "";
    checkpoint.choices.forEach(function (choice, index) {
      var wrapper = document.createElement("div");
      wrapper.className = "form-check";
      var input = document.createElement("input");
      input.className = "form-check-input";
      input.type = checkpoint.multiple ? "checkbox" : "radio";
      input.name = "choice";
      input.value = choice.id;
      input.id = "checkpoint-choice-" + choice.id;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      label.textContent = choice.text;
      wrapper.appendChild(input);
      wrapper.appendChild(label);
      choicesBox.appendChild(wrapper);
      if (index === 0) { setTimeout(function () { input.focus(); }, 0); }
    });
    submit.classList.remove("d-none");
    skip.classList.remove("d-none");
    next.classList.add("d-none");
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
  }

  function closeCheckpoint() {
    current = null;
    if (dialog.open) { dialog.close(); }
    video.focus();
    video.play().catch(function () {});
  }

  video.addEventListener("timeupdate", function () {
    if (current) { return; }
    var now = video.currentTime;
    for (var i = 0; i < data.checkpoints.length; i++) {
      var checkpoint = data.checkpoints[i];
      if (!asked[checkpoint.id] && now >= checkpoint.at && now < checkpoint.at + 2) {
        asked[checkpoint.id] = true;
        openCheckpoint(checkpoint);
        break;
      }
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!current) { return; }
    var body = new FormData();
    choicesBox.querySelectorAll("input:checked").forEach(function (input) { body.append("choice", input.value); });
    body.append("csrfmiddlewaretoken", csrf);
    if (!data.tracking) {
      // Visitors and staff: no answer is kept; the transcript mode shows the questions too.
      closeCheckpoint();
      return;
    }
    fetch(current.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (result) {
      if (!result.ok) { feedback.textContent = result.json.error || dialog.dataset.errorText; return; }
      var lines = [result.json.correct ? dialog.dataset.correctText : dialog.dataset.wrongText];
      result.json.feedback.forEach(function (item) { if (item.feedback) { lines.push(item.feedback); } });
      feedback.textContent = lines.join(" ");
      submit.classList.add("d-none");
      skip.classList.add("d-none");
      next.classList.remove("d-none");
      next.focus();
      if (result.json.watched) { say(status.dataset.watchedText); }
    }).catch(function () { feedback.textContent = dialog.dataset.errorText; });
  });
  skip.addEventListener("click", closeCheckpoint);
  next.addEventListener("click", closeCheckpoint);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeCheckpoint(); });

  // --- Progress --------------------------------------------------------------------------------
  function sendProgress(leaving) {
    if (!data.tracking || !played) { return; }
    var position = Math.round(video.currentTime * 10) / 10;
    if (position === lastSent) { return; }
    lastSent = position;
    var body = new FormData();
    body.append("position", String(position));
    body.append("csrfmiddlewaretoken", csrf);
    if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(data.progressUrl, body);
      return;
    }
    fetch(data.progressUrl, {
      method: "POST", body: body, credentials: "same-origin", keepalive: true,
      headers: { "X-CSRFToken": csrf }
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (json) { if (json && json.watched) { say(status.dataset.watchedText); } })
      .catch(function () {});
  }
  video.addEventListener("play", function () { played = true; });
  video.addEventListener("pause", function () { sendProgress(false); });
  video.addEventListener("ended", function () { sendProgress(false); });
  setInterval(function () { if (!video.paused && !video.ended) { sendProgress(false); } }, 5000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { sendProgress(true); }
  });
  window.addEventListener("pagehide", function () { sendProgress(true); });
}());
