/* A participant's page of a live poll: asks about every five seconds which question is on the screen.
   When the presenter moves on, a polite message with a link says so (the page does not jump
   away from someone who is typing or listening); an idea the presenter removed disappears from
   the vote. Served by the platform; texts are set with textContent. */
(function () {
  "use strict";
  var page = document.getElementById("lp-page");
  var notice = document.getElementById("lp-notice");
  if (!page || !notice) { return; }
  var current = page.dataset.question || "";
  var said = "";
  // about every five seconds, 4-6 s at random so that phones that joined together do not ask
  // together: a room of 300 phones asks about 60 times a second (ADR 0028)
  var INTERVAL = 5000;
  var JITTER = 2000;

  function later() {
    return INTERVAL - JITTER / 2 + Math.random() * JITTER;
  }

  function say(key, text, withLink) {
    if (said === key) { return; }
    said = key;
    notice.replaceChildren();
    var paragraph = document.createElement("p");
    paragraph.className = "utrecht-paragraph";
    paragraph.textContent = text + " ";
    if (withLink) {
      var link = document.createElement("a");
      link.className = "utrecht-link lp-notice__link";
      link.href = window.location.pathname;
      link.textContent = notice.dataset.link;
      paragraph.appendChild(link);
    }
    notice.appendChild(paragraph);
    notice.classList.add("lp-notice--shown");
  }

  function check() {
    fetch(page.dataset.state, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.status !== "live") {
          say("closed", notice.dataset.closed, false);
          return;
        }
        var question = state.question === null ? "" : String(state.question);
        if (question !== current) {
          say("moved-" + question, notice.dataset.text, true);
        } else if (state.closed && page.dataset.closed !== "1") {
          say("voting-closed", notice.dataset.votingClosed, false);
        }
        if (question === current && page.dataset.kind === "vote") {
          var kept = {};
          state.ideas.forEach(function (id) { kept[id] = true; });
          document.querySelectorAll("li[data-idea]").forEach(function (item) {
            if (!kept[item.dataset.idea]) { item.remove(); }
          });
        }
        setTimeout(check, later());
      })
      .catch(function () { setTimeout(check, later()); });
  }
  setTimeout(check, Math.random() * INTERVAL);
})();
