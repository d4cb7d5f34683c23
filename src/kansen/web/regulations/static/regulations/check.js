// Move the focus to the list of answers to correct, so keyboard and screen reader users hear it
// first; its links lead to the fields.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
