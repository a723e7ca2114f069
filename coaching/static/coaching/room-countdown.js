// The interview room's countdown before it opens: minutes and seconds left, then a reload.
(function () {
  "use strict";
  var element = document.getElementById("room-countdown");
  if (!element) return;
  var opensAt = Date.parse(element.dataset.opensAt);
  var label = element.dataset.label;

  function pad(value) {
    return value < 10 ? "0" + value : String(value);
  }

  function tick() {
    var left = Math.max(0, Math.round((opensAt - Date.now()) / 1000));
    if (left === 0) {
      window.location.reload();
      return;
    }
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var text = (hours ? hours + " h " : "") + pad(minutes) + " min " + pad(left % 60) + " s";
    element.textContent = label + " " + text + ".";
    window.setTimeout(tick, 1000);
  }
  tick();
})();
