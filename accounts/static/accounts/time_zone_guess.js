// Preselect the time zone guessed by the browser on the first onboarding step. The list stays
// editable; without JavaScript the account's current zone stays selected.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector("select[data-guess-time-zone]");
  if (!select || !window.Intl) return;
  var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var found = Array.prototype.some.call(select.options, function (option) { return option.value === guess; });
  if (!guess || !found) return;
  select.value = guess;
  var note = document.getElementById("time-zone-guess");
  if (note && note.dataset.message) {
    note.textContent = note.dataset.message.replace("%(zone)s", guess);
    note.hidden = false;
  }
});
