// Move the focus to the list of errors (or the message about a save in between), so keyboard
// and screen reader users hear it first; its links lead to the fields.
(function () {
  var target = document.getElementById("error-summary") || document.getElementById("stale");
  if (target) { target.focus(); }
})();
