// A deliverable's size is checked before it is sent: a 50 MB file used to travel for 21 seconds
// only to be refused. The server still checks it (this is a convenience, not the rule).
(function () {
  "use strict";

  function check(input) {
    var file = input.files && input.files[0];
    var limit = Number(input.dataset.maxBytes);
    var message = "";
    if (file && limit && file.size > limit) {
      var megabytes = (file.size / (1024 * 1024)).toLocaleString(document.documentElement.lang || undefined, {
        maximumFractionDigits: 1,
      });
      message = input.dataset.tooLarge.replace("%(size)s", megabytes);
    }
    input.setCustomValidity(message);
    var box = document.getElementById(input.id + "_size_error");
    if (box) {
      box.textContent = message;
      box.hidden = !message;
    }
    if (message) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    return !message;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.maxBytes) {
      check(input);
    }
  });

  document.addEventListener(
    "submit",
    function (event) {
      var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
      for (var i = 0; i < inputs.length; i += 1) {
        if (!check(inputs[i])) {
          event.preventDefault();
          inputs[i].focus();
          return;
        }
      }
    },
    true
  );
})();
