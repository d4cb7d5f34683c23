/* Switching a language keeps the answers of the eligibility check (nothing is stored).
 *
 * The site's language buttons post to set_language, which redirects to an empty page: instead,
 * the language is set in the background and the form (the answers as typed, or as posted in
 * the result page's form of the regulations' languages) is posted again, with "change" on the
 * questions so they come back filled in. The links to the regulations' languages carry the
 * answers the same way once something is typed. Without JavaScript the buttons and links work
 * as before.
 *
 * The script tag says which form: data-form (its id), data-questions ("true" on the questions,
 * "false" on the result) and data-language (the regulations' current language, if any).
 */
(function () {
  "use strict";
  var options = document.currentScript ? document.currentScript.dataset : {};
  var form = document.getElementById(options.form || "");
  if (!form) { return; }
  var questions = options.questions === "true";
  function typed() {
    return Array.prototype.some.call(form.elements, function (el) {
      if (!/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.type === "hidden") { return false; }
      return (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "";
    });
  }
  function setField(name, value) {
    var inputs = form.querySelectorAll('input[type="hidden"][name="' + name + '"]');
    Array.prototype.forEach.call(inputs, function (el) { el.remove(); });
    if (value === null) { return; }
    var input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  function again() {
    if (questions) {
      setField("change", "1");
    } else {  // the result page's form of the regulations' languages: the current one
      setField("taal", options.language || null);
    }
    form.submit();
  }
  var site = document.querySelector("form.language-form");
  if (site) {
    site.addEventListener("submit", function (event) {
      if (questions && !typed()) { return; }
      event.preventDefault();
      var data = new FormData(site);
      if (event.submitter && event.submitter.name) {
        data.append(event.submitter.name, event.submitter.value);
      }
      fetch(site.action, {method: "POST", body: data, credentials: "same-origin", redirect: "manual"})
        .then(again, function () { site.submit(); });
    });
  }
  if (questions) {
    document.querySelectorAll(".content-languages a[hreflang]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!typed()) { return; }
        event.preventDefault();
        var code = link.getAttribute("hreflang");
        setField("taal", code === "nl" ? null : code);
        again();
      });
    });
  }
})();
