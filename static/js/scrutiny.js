// scrutiny's progressive enhancements. Every page works without this file:
// it adds a copy button to citations and searches the site's index.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Citation copied";
      });
    });
  });

  var form = document.querySelector("form.search-form[data-index]");
  if (!form) return;
  var input = form.querySelector("input");
  var results = document.querySelector(".search-results");
  var index = null;

  function words(s) {
    return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function show(query) {
    var terms = words(query);
    results.textContent = "";
    if (!terms.length) return;
    var hits = index.documents.filter(function (d) {
      var text = words([d.title, d.body, d.type, d.date, d.summary].join(" ")).join(" ");
      return terms.every(function (t) { return text.indexOf(t) >= 0; });
    });
    var heading = document.createElement("h2");
    heading.textContent = hits.length + (hits.length === 1 ? " result" : " results");
    results.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "doc-list";
    hits.slice(0, 50).forEach(function (d) {
      var item = document.createElement("li");
      item.className = "doc-list__item";
      var link = document.createElement("a");
      link.className = "doc-list__title";
      link.href = d.url;
      link.textContent = d.title;
      var meta = document.createElement("p");
      meta.className = "doc-list__meta";
      meta.textContent = d.body + " · " + d.type + " · " + d.date;
      var summary = document.createElement("p");
      summary.className = "doc-list__summary";
      summary.textContent = d.summary;
      item.append(link, meta, summary);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    if (index) return show(query);
    fetch(form.getAttribute("data-index"))
      .then(function (r) { return r.json(); })
      .then(function (data) { index = data; show(query); });
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; form.requestSubmit(); }
})();
