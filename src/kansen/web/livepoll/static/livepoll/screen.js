/* The presenter's screen of a live poll: asks the poll's state twice a second and shows the
   question on the screen with its results. Served by the platform (the Content-Security-Policy
   allows no inline script); every text is set with textContent, never as HTML. */
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main || !main.dataset.state) { return; }
  var texts = document.getElementById("lp-texts").dataset;
  var heading = document.getElementById("lp-question-text");
  var count = document.getElementById("lp-count");
  var results = document.getElementById("lp-results");
  var problem = document.getElementById("lp-problem");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var shownQuestion = main.dataset.question || "";
  var revision = null;
  // twice a second: an answer is on the screen within a second of being sent
  var INTERVAL = 500;
  // once the presenter sends a form (next question, start, ...) or the page reloads itself,
  // the screen stops asking: a reload started by an answer in flight would cancel the form's
  // own navigation (and a request cut off by leaving is not a problem to show)
  var leaving = false;
  function leave() {
    leaving = true;
    if (timer) { clearTimeout(timer); timer = null; }
  }
  document.addEventListener("submit", leave);
  window.addEventListener("pagehide", leave);
  // back to this page from the browser's cache (Back button): ask again
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { leaving = false; refresh(); }
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function removeAnswer(id, item) {
    var url = main.dataset.remove.replace("/0/", "/" + id + "/");
    item.remove();
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(refresh, refresh);
  }

  function answersList(question) {
    var list = el("ul", "lp-screen__answers");
    list.setAttribute("aria-label", texts.answers);
    question.answers.forEach(function (answer) {
      var item = el("li", "lp-screen__answer");
      item.dataset.answer = answer.id;
      item.appendChild(el("span", "lp-answer-text", answer.text));
      var figure = "";
      if (question.kind === "vote") {
        figure = answer.votes + " " + (answer.votes === 1 ? texts.voteOne : texts.votes);
      } else if (answer.count > 1) {
        figure = "\u00d7 " + answer.count;
      }
      if (figure) { item.appendChild(el("span", "lp-screen__figure", figure)); }
      var button = el("button", "utrecht-button utrecht-button--subtle lp-screen__remove", texts.remove);
      button.type = "button";
      button.setAttribute("aria-label", texts.remove + ": " + answer.text);
      button.addEventListener("click", function () { removeAnswer(answer.id, item); });
      item.appendChild(button);
      list.appendChild(item);
    });
    return list;
  }

  function bars(question) {
    var list = el("ul", "lp-bars");
    question.bars.forEach(function (bar) {
      var item = el("li", "lp-bar");
      item.appendChild(el("span", "lp-bar__label", bar.label));
      var track = el("span", "lp-bar__track");
      var fill = el("span", "lp-bar__fill");
      fill.style.width = Math.max(0, Math.min(100, bar.share)) + "%";
      track.appendChild(fill);
      item.appendChild(track);
      item.appendChild(el("span", "lp-bar__value", bar.count + " (" + bar.share + "%)"));
      list.appendChild(item);
    });
    return list;
  }

  function render(state) {
    var question = state.question;
    var id = question ? String(question.id) : "";
    if (id !== shownQuestion) {
      // the presenter moved on (here or elsewhere): the page's buttons are for the new question
      leave();
      window.location.reload();
      return;
    }
    results.replaceChildren();
    if (!question) {
      heading.textContent = state.status === "live" ? texts.waiting : texts.closed;
      count.textContent = "";
      return;
    }
    heading.textContent = question.text;
    count.textContent = question.respondents + " " +
      (question.respondents === 1 ? texts.participantsOne : texts.participants) +
      (question.mean ? " \u00b7 " + texts.mean + " " + question.mean : "") +
      (question.voting_closed ? " \u00b7 " + texts.votingClosed : "");
    if (!question.shown) {
      results.appendChild(el("p", "lp-screen__hidden", texts.hidden));
      return;
    }
    if (question.words && question.words.length) {
      var cloud = el("p", "lp-cloud");
      cloud.appendChild(el("span", "visually-hidden", texts.cloud + ": "));
      question.words.forEach(function (word) {
        cloud.appendChild(el("span", "lp-word lp-word--" + word.weight, word.word));
        cloud.appendChild(document.createTextNode(" "));
      });
      results.appendChild(cloud);
    }
    if (question.bars && question.bars.length) { results.appendChild(bars(question)); }
    if (question.ranking && question.ranking.length) {
      var ranking = el("ol", "lp-ranking lp-ranking--screen");
      question.ranking.forEach(function (row) {
        var item = el("li", "", row.label + " ");
        item.appendChild(el("span", "lp-screen__figure", row.mean_position ?
          "(" + texts.meanPlace + " " + row.mean_position + ")" : "(" + texts.notRanked + ")"));
        ranking.appendChild(item);
      });
      results.appendChild(ranking);
    }
    if (question.kind === "open" || question.kind === "vote") {
      if (question.answers.length) {
        results.appendChild(answersList(question));
      } else {
        results.appendChild(el("p", "lp-screen__hidden", texts.noAnswers));
      }
    }
  }

  var full = document.getElementById("lp-fullscreen");
  if (full && document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else { document.documentElement.requestFullscreen(); }
    });
  }

  var timer = null;
  function refresh() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (leaving) { return; }
    var url = main.dataset.state + (revision === null ? "" : "?revision=" + revision);
    fetch(url, {
      credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.status === 204 ? null : response.json();
    }).then(function (state) {
      if (leaving) { return; }
      problem.textContent = "";
      if (state !== null && state.revision !== revision) {
        revision = state.revision;
        main.dataset.revision = String(revision);
        render(state);
      }
    }).catch(function () {
      if (!leaving) { problem.textContent = texts.failed; }
    }).then(function () {
      if (!leaving) { timer = setTimeout(refresh, INTERVAL); }
    });
  }
  refresh();
})();
