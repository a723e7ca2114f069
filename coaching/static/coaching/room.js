// The interview room: chat over a websocket that survives a poor line, and a one-to-one WebRTC
// call (perfect negotiation) that steps down video → audio → chat, by choice or by itself.
// The protocol is described in coaching/README.md. Every text shown comes from the page
// (#room-strings, translated by Django); messages are always shown as text, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root) return;
  var strings = JSON.parse(document.getElementById("room-strings").textContent);
  var me = Number(root.dataset.me);
  var otherId = Number(root.dataset.other);
  var otherName = root.dataset.otherName;

  var HEARTBEAT_MS = 10000; // a ping every 10 s; the server pings too
  var SILENCE_MS = 25000; // nothing heard for 25 s: "connection lost" (the issue asks for < 30 s)
  var NO_MEDIA_MS = 10000; // no media for 10 s in a call: step down
  var HEAVY_LOSS = 0.15; // more than 15 % of packets lost over the last seconds: step down
  var CONNECT_TIMEOUT_MS = 30000; // the call must connect within 30 s, or the chat carries on alone
  var VIDEO = { width: { ideal: 640, max: 640 }, height: { ideal: 360, max: 360 }, frameRate: { max: 24 } };
  var VIDEO_MAX_BITRATE = 500000; // 500 kbit/s, so that a weak line keeps the audio

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function $(id) {
    return document.getElementById(id);
  }

  var statusLine = $("room-status");
  function setStatus(text) {
    statusLine.textContent = text;
  }

  // --- Websocket: connection, heartbeat, reconnection with back-off --------------------------
  var socket = null;
  var lastSeq = 0; // the last chat number shown: sent on each (re)connection
  var lastHeard = 0;
  var attempts = 0;
  var stopped = false;
  var rtcConfig = null;
  var polite = false;
  var pending = {}; // client id → message not yet confirmed by the server (resent on reconnection)

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    setStatus(strings.connecting);
    socket.onopen = function () {
      lastHeard = Date.now();
      send({ type: "hello", last_seq: lastSeq });
    };
    socket.onmessage = function (event) {
      lastHeard = Date.now();
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      var handler = handlers[message.type];
      if (handler) handler(message);
    };
    socket.onclose = function (event) {
      socket = null;
      var final = strings["closed_" + event.code];
      if (final) {
        stopped = true;
        setStatus(final);
        leaveCall(null);
        return;
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (stopped) return;
    attempts += 1;
    // 1, 2, 4, 8, 16, then 30 s at most, with some jitter so that two people do not retry in step.
    var delay = Math.min(30, Math.pow(2, attempts - 1)) * (0.8 + Math.random() * 0.4);
    setStatus(format(strings.lost, { seconds: Math.round(delay) }));
    root.dataset.socket = "lost";
    window.setTimeout(connect, delay * 1000);
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  window.setInterval(function () {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    send({ type: "ping" });
    if (Date.now() - lastHeard > SILENCE_MS) {
      // The browser may think the socket open long after the network is gone: close it ourselves.
      var dead = socket;
      socket = null;
      dead.onclose = null;
      dead.close();
      scheduleReconnect();
    }
  }, HEARTBEAT_MS / 2);

  var handlers = {
    welcome: function (message) {
      attempts = 0;
      rtcConfig = message.rtc;
      polite = message.polite;
      root.dataset.socket = "open";
      setStatus(strings.connected);
      Object.keys(pending).forEach(function (clientId) {
        send({ type: "chat", client_id: clientId, body: pending[clientId] });
      });
      if (mode !== "none" && mode !== "chat") announceReady(false);
    },
    ping: function () {
      send({ type: "pong" });
    },
    pong: function () {},
    chat: showMessage,
    chat_refused: function (message) {
      $("chat-error").textContent = strings["refused_" + message.reason] || strings.refused_invalid;
      if (message.client_id && pending[message.client_id] !== undefined) {
        if (message.reason !== "rate_limited") $("chat-input").value = pending[message.client_id];
        delete pending[message.client_id];
        var item = document.querySelector('[data-client-id="' + message.client_id + '"]');
        if (item) item.remove();
      }
    },
    presence: function (message) {
      var here = message.present.indexOf(otherId) !== -1;
      $("presence").textContent = format(here ? strings.present : strings.absent, { name: otherName });
      // The call is not closed when the other's socket drops: media may well still flow.
      root.dataset.peerPresent = here ? "yes" : "no";
    },
    typing: function () {
      var line = $("typing");
      line.textContent = format(strings.typing, { name: otherName });
      window.clearTimeout(line.timer);
      line.timer = window.setTimeout(function () {
        line.textContent = "";
      }, 4000);
    },
    signal: function (message) {
      onSignal(message.data);
    },
    peer_mode: function (message) {
      $("peer-notice").textContent = format(strings["peer_mode_" + message.mode], { name: otherName });
      if (message.mode === "chat") closePeer();
    },
  };

  // --- Chat ----------------------------------------------------------------------------------
  var log = $("chat-log");
  var chatBox = $("chat-box");
  var timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    hour: "2-digit",
    minute: "2-digit",
  });

  function messageItem(name, body, when) {
    var item = document.createElement("li");
    var header = document.createElement("div");
    var who = document.createElement("strong");
    who.textContent = name;
    header.appendChild(who);
    if (when) {
      var time = document.createElement("time");
      time.dateTime = when.toISOString();
      time.textContent = " " + timeFormat.format(when);
      time.className = "small text-body-secondary";
      header.appendChild(time);
    }
    var text = document.createElement("p");
    text.className = "room-body";
    text.textContent = body; // text, never HTML
    item.appendChild(header);
    item.appendChild(text);
    return item;
  }

  function showMessage(message) {
    if (message.seq <= lastSeq) return; // already shown
    lastSeq = message.seq;
    var mine = message.sender_id === me;
    if (mine && pending[message.client_id] !== undefined) {
      delete pending[message.client_id];
      var sent = document.querySelector('[data-client-id="' + message.client_id + '"]');
      if (sent) sent.remove();
    }
    var item = messageItem(
      mine ? strings.you : message.sender_name || otherName,
      message.erased ? strings.erased : message.body,
      new Date(message.created_at)
    );
    item.dataset.seq = message.seq;
    log.appendChild(item);
    chatBox.scrollTop = chatBox.scrollHeight;
    if (!mine) $("typing").textContent = "";
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (window.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  var input = $("chat-input");
  var maxLength = Number(input.getAttribute("maxlength"));
  function updateCount() {
    $("chat-count").textContent = format(strings.characters_left, { count: maxLength - input.value.length });
  }
  updateCount();

  $("chat-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = input.value.trim();
    $("chat-error").textContent = "";
    if (!body) {
      $("chat-error").textContent = strings.refused_empty;
      return;
    }
    if (body.length > maxLength) {
      $("chat-error").textContent = strings.refused_too_long;
      return;
    }
    var clientId = newClientId();
    pending[clientId] = body;
    var item = messageItem(strings.you, body, null);
    item.dataset.clientId = clientId;
    item.classList.add("room-pending");
    item.querySelector("strong").textContent = strings.you + " (" + strings.sending + ")";
    log.appendChild(item);
    chatBox.scrollTop = chatBox.scrollHeight;
    input.value = "";
    updateCount();
    send({ type: "chat", client_id: clientId, body: body }); // if closed: resent on reconnection
  });

  var lastTypingSent = 0;
  input.addEventListener("input", function () {
    updateCount();
    if (Date.now() - lastTypingSent > 3000) {
      lastTypingSent = Date.now();
      send({ type: "typing" });
    }
  });
  input.addEventListener("keydown", function (event) {
    // Enter sends, Shift+Enter starts a new line (as in most chats).
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("chat-form").requestSubmit();
    }
  });

  // --- Call: modes, media, perfect negotiation ----------------------------------------------
  var mode = "none"; // "none" before the pre-join choice, then "video", "audio" or "chat"
  var session = newClientId(); // this page's call session: a reload is a new peer
  var peerSession = null;
  var pc = null;
  var localStream = null;
  var makingOffer = false;
  var ignoreOffer = false;
  var monitor = null;
  var connectTimer = null;

  function setMode(next, reasonText) {
    mode = next;
    root.dataset.mode = next;
    $("mode-status").textContent = strings["mode_" + next] || "";
    $("to-audio").hidden = next !== "video";
    $("to-chat").hidden = next === "chat";
    if (next === "chat") $("call").hidden = true;
    if (reasonText) showNotice(reasonText);
  }

  function showNotice(text) {
    var notice = $("media-notice");
    notice.textContent = text;
    notice.hidden = false;
  }

  $("prejoin").addEventListener("submit", function (event) {
    event.preventDefault();
    var choice = new FormData(event.target).get("mode");
    $("prejoin").hidden = true;
    startMode(choice);
  });
  $("to-audio").addEventListener("click", function () {
    stepDown("audio", null, "choice");
  });
  $("to-chat").addEventListener("click", function () {
    stepDown("chat", null, "choice");
  });

  function startMode(choice) {
    if (choice === "chat") {
      setMode("chat");
      send({ type: "mode", mode: "chat" });
      input.focus();
      return;
    }
    if (!navigator.mediaDevices || !window.RTCPeerConnection) {
      setMode("chat", strings.media_unsupported);
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ audio: true, video: choice === "video" ? VIDEO : false })
      .then(function (stream) {
        localStream = stream;
        $("local-video").srcObject = choice === "video" ? stream : null;
        $("call").hidden = false;
        setMode(choice);
        send({ type: "mode", mode: choice });
        announceReady(false);
      })
      .catch(function (error) {
        var refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
        setMode("chat", refused ? strings.media_refused : strings.media_missing);
        send({ type: "mode", mode: "chat", reason: "media" });
      });
  }

  function announceReady(reply) {
    setStatus(strings.connected);
    $("peer-notice").textContent = pc ? "" : strings.call_waiting;
    send({ type: "signal", data: { ready: true, reply: reply, session: session } });
    if (peerSession && !pc) createPeer();
  }

  function createPeer() {
    closePeer();
    var config = Object.assign({}, rtcConfig || { iceServers: [] });
    pc = new RTCPeerConnection(config);
    root.dataset.connectionState = pc.connectionState;
    makingOffer = false;
    ignoreOffer = false;
    var remoteStream = new MediaStream();
    $("remote-video").srcObject = remoteStream;
    pc.ontrack = function (event) {
      remoteStream.addTrack(event.track);
      event.track.onended = function () {
        remoteStream.removeTrack(event.track);
      };
    };
    pc.onicecandidate = function (event) {
      send({ type: "signal", data: { session: session, candidate: event.candidate } });
    };
    pc.onnegotiationneeded = function () {
      makingOffer = true;
      pc.setLocalDescription()
        .then(function () {
          capVideo();
          send({ type: "signal", data: { session: session, description: pc.localDescription } });
        })
        .catch(function () {})
        .then(function () {
          makingOffer = false;
        });
    };
    var current = pc;
    pc.onconnectionstatechange = function () {
      if (current !== pc) return;
      root.dataset.connectionState = pc.connectionState;
      if (pc.connectionState === "connected") {
        window.clearTimeout(connectTimer);
        $("peer-notice").textContent = strings.call_connected;
      } else if (pc.connectionState === "failed") {
        callFailed();
      }
    };
    if (localStream) {
      localStream.getTracks().forEach(function (track) {
        pc.addTrack(track, localStream);
      });
    }
    window.clearTimeout(connectTimer);
    // Not connected after a while (a lost candidate, a path that closed): try a fresh ICE round
    // once, then give up on the call and keep the chat.
    connectTimer = window.setTimeout(function () {
      if (current !== pc || pc.connectionState === "connected") return;
      pc.restartIce();
      connectTimer = window.setTimeout(function () {
        if (current === pc && pc.connectionState !== "connected") callFailed();
      }, CONNECT_TIMEOUT_MS / 2);
    }, CONNECT_TIMEOUT_MS / 2);
    startMonitor();
  }

  // The video sender's bitrate cap; its encodings exist once a description is set.
  function capVideo() {
    if (!pc) return;
    pc.getSenders().forEach(function (sender) {
      if (!sender.track || sender.track.kind !== "video") return;
      var parameters = sender.getParameters();
      if (!parameters.encodings || !parameters.encodings.length) return;
      if (parameters.encodings[0].maxBitrate === VIDEO_MAX_BITRATE) return;
      parameters.encodings[0].maxBitrate = VIDEO_MAX_BITRATE;
      sender.setParameters(parameters).catch(function () {});
    });
  }

  function closePeer() {
    window.clearTimeout(connectTimer);
    window.clearInterval(monitor);
    monitor = null;
    if (pc) {
      pc.onconnectionstatechange = null;
      pc.close();
      pc = null;
      root.dataset.connectionState = "closed";
    }
  }

  function onSignal(data) {
    if (!data || mode === "none" || mode === "chat") return;
    if (data.ready) {
      var isNew = data.session !== peerSession;
      peerSession = data.session;
      if (isNew || !pc) createPeer();
      if (!data.reply) send({ type: "signal", data: { ready: true, reply: true, session: session } });
      return;
    }
    if (data.session !== peerSession) {
      if (peerSession !== null) return; // from a page the other person has left
      peerSession = data.session;
    }
    if (!pc) createPeer();
    if (data.description) {
      var description = data.description;
      var collision = description.type === "offer" && (makingOffer || pc.signalingState !== "stable");
      ignoreOffer = !polite && collision;
      if (ignoreOffer) return;
      pc.setRemoteDescription(description)
        .then(function () {
          if (description.type !== "offer") return null;
          return pc.setLocalDescription().then(function () {
            capVideo();
            send({ type: "signal", data: { session: session, description: pc.localDescription } });
          });
        })
        .catch(function () {});
    } else if ("candidate" in data) {
      pc.addIceCandidate(data.candidate || null).catch(function () {
        // A candidate of an offer this side ignored (perfect negotiation): expected.
      });
    }
  }

  function stopTracks(kind) {
    if (!localStream) return;
    localStream.getTracks().forEach(function (track) {
      if (!kind || track.kind === kind) {
        track.stop();
        localStream.removeTrack(track);
      }
    });
  }

  function stepDown(next, reasonText, reason) {
    if (next === "audio" && mode === "video") {
      stopTracks("video");
      $("local-video").srcObject = null;
      if (pc) {
        pc.getSenders().forEach(function (sender) {
          if (sender.track && sender.track.kind === "video") pc.removeTrack(sender); // renegotiates
        });
      }
      setMode("audio", reasonText);
      send({ type: "mode", mode: "audio", reason: reason });
    } else if (next === "chat" && mode !== "chat") {
      leaveCall(reasonText);
      send({ type: "mode", mode: "chat", reason: reason });
    }
  }

  function leaveCall(reasonText) {
    closePeer();
    stopTracks(null);
    localStream = null;
    if (mode !== "none") setMode("chat", reasonText);
  }

  function callFailed() {
    stepDown("chat", strings.call_failed, "failed");
  }

  // Watches the call's statistics every 2 s: no media received for 10 s, or heavy loss, means the
  // line cannot carry this mode; the page steps down one level and says so.
  function startMonitor() {
    var previous = null;
    var lastMediaAt = Date.now();
    var watched = pc;
    monitor = window.setInterval(function () {
      if (!pc || pc !== watched || pc.connectionState !== "connected") {
        lastMediaAt = Date.now();
        return;
      }
      pc.getStats().then(function (report) {
        var totals = { bytes: 0, received: 0, lost: 0 };
        report.forEach(function (stat) {
          if (stat.type === "inbound-rtp") {
            totals.bytes += stat.bytesReceived || 0;
            totals.received += stat.packetsReceived || 0;
            totals.lost += stat.packetsLost || 0;
          }
        });
        if (previous) {
          if (totals.bytes > previous.bytes) lastMediaAt = Date.now();
          var received = totals.received - previous.received;
          var lost = totals.lost - previous.lost;
          var heavyLoss = received + lost > 50 && lost / (received + lost) > HEAVY_LOSS;
          var silent = Date.now() - lastMediaAt > NO_MEDIA_MS;
          if (heavyLoss || silent) {
            lastMediaAt = Date.now();
            if (mode === "video") stepDown("audio", strings.degraded_audio, "degraded");
            else if (mode === "audio") stepDown("chat", strings.degraded_chat, "degraded");
          }
        }
        previous = totals;
      });
    }, 2000);
  }

  // For the browser tests and for support: the live call, read-only.
  window.interviewRoom = {
    peerConnection: function () {
      return pc;
    },
  };

  connect();
})();
