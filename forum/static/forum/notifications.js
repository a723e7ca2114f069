// The forum's unread notification count in the navigation, kept live over /ws/notifications/.
// Reconnects with exponential back-off (1 s to 60 s, with jitter); while the socket is down (or
// blocked by a proxy) the count shown is the page's own, refreshed from the server once a minute.
(function () {
  "use strict";
  var link = document.querySelector("[data-forum-notifications]");
  if (!link) {
    return;
  }
  var badge = link.querySelector("[data-forum-count]");
  var label = link.querySelector("[data-forum-count-label]");
  var delay = 1000;
  var pollTimer = null;

  function show(count) {
    badge.textContent = count > 0 ? String(count) : "";
    badge.classList.toggle("d-none", !(count > 0));
    var text = count === 0 ? link.dataset.labelZero : count === 1 ? link.dataset.labelOne : link.dataset.labelMany;
    label.textContent = text.replace("{count}", String(count));
    link.dataset.unread = String(count);
  }

  function fetchCount() {
    return fetch(link.dataset.countUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && typeof data.unread === "number") { show(data.unread); } })
      .catch(function () {});
  }

  function startPolling() {
    if (pollTimer === null) {
      pollTimer = window.setInterval(fetchCount, 60000);
    }
  }

  function stopPolling() {
    if (pollTimer !== null) {
      window.clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  function connect() {
    if (!("WebSocket" in window)) {
      startPolling();
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + "/ws/notifications/");
    } catch (error) {
      startPolling();
      return;
    }
    socket.addEventListener("open", function () {
      delay = 1000;
      stopPolling();
      fetchCount();  // whatever happened while disconnected
      link.dataset.live = "true";
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      if (data && data.type === "forum.notifications" && typeof data.unread === "number") {
        show(data.unread);
      }
    });
    socket.addEventListener("close", function (event) {
      link.dataset.live = "false";
      startPolling();
      if (event.code === 4401) {
        return;  // signed out: nothing to reconnect to
      }
      var wait = delay + Math.random() * delay * 0.3;
      delay = Math.min(delay * 2, 60000);
      window.setTimeout(connect, wait);
    });
  }

  if (badge.textContent.trim() === "") {
    fetchCount();
  }
  connect();
})();
