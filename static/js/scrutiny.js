// scrutiny's progressive enhancements. Every page works without this file:
// it adds a copy button to citations and searches the site's index.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A citation gives the day its page was read, which only the reader's
  // browser knows: it writes today's date where the page leaves a place.
  document.querySelectorAll(".cite__text").forEach(function (cite) {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    cite.textContent = cite.textContent.replace("[the date you read it]", today);
  });

  // The home page's finder hides the bodies whose name and region do not
  // hold what the reader types, and says how many are left.
  document.querySelectorAll("input[data-finder]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-finder"));
    var count = document.getElementById(input.getAttribute("aria-describedby"));
    if (!list) return;
    var items = list.querySelectorAll("li[data-find]");
    var all = count ? count.textContent : "";
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        var hit = li.getAttribute("data-find").indexOf(q) >= 0;
        li.hidden = !hit;
        if (hit) shown++;
      });
      if (count) count.textContent = q ? shown + " of " + all : all;
    });
  });

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
  search(form);

  // search runs queries against the sharded index under search/ (see
  // internal/search): it loads meta.json, one shard a word, the facets when
  // a filter is set, and only the chunks of documents it shows.
  function search(form) {
    var base = form.getAttribute("data-index");
    var input = form.querySelector("input[type=search]");
    var bodySelect = form.querySelector("select[name=body]");
    var typeSelect = form.querySelector("select[name=type]");
    var results = document.querySelector(".search-results");
    var cache = {};
    var stop = " an and are as at be by for from has have in is it its of on or that the this to was were which with will not but their they been had also ";
    var pageSize = 10; // results a page: each may be in a chunk of its own
    var current = [];
    var shown = 0;

    function load(name) {
      if (!cache[name]) {
        cache[name] = fetch(base + name).then(function (r) {
          if (!r.ok) throw new Error(name + ": " + r.status);
          return r.json();
        });
      }
      return cache[name];
    }

    function decode(s) {
      var ids = [], prev = 0;
      if (!s) return ids;
      s.split(".").forEach(function (d) { prev += parseInt(d, 36); ids.push(prev); });
      return ids;
    }

    function union(lists) {
      var seen = {}, out = [];
      lists.forEach(function (l) { l.forEach(function (id) { if (!seen[id]) { seen[id] = true; out.push(id); } }); });
      return out.sort(function (a, b) { return a - b; });
    }

    function intersect(a, b) {
      var set = {}, out = [];
      b.forEach(function (id) { set[id] = true; });
      a.forEach(function (id) { if (set[id]) out.push(id); });
      return out;
    }

    // postings finds the documents holding a term that starts with word.
    function postings(meta, word) {
      var prefix = word.slice(0, 2);
      if (meta.shards.indexOf(prefix) < 0) return Promise.resolve([]);
      return load("terms/" + prefix + ".json").then(function walk(shard) {
        if (shard.split) {
          var own = Object.keys(shard.own).filter(function (t) { return t === word || (word.length > prefix.length && t.indexOf(word) === 0); });
          var next = word.slice(0, prefix.length + 1);
          var parts = own.slice(0, 20).map(function (t) {
            return load("terms/" + shard.own[t] + ".json").then(function (m) { return decode(m[t]); });
          });
          if (word.length > prefix.length && shard.split.indexOf(next) >= 0) {
            prefix = next;
            parts.push(load("terms/" + next + ".json").then(walk));
          }
          return Promise.all(parts).then(union);
        }
        var lists = Object.keys(shard).filter(function (t) { return t.indexOf(word) === 0; }).slice(0, 50).map(function (t) { return decode(shard[t]); });
        return union(lists);
      });
    }

    // marked is text with each word that starts with a query's word in
    // <mark>, so that a reader sees why a result was found.
    function marked(text, terms) {
      var out = document.createDocumentFragment();
      var re = /[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu;
      var m;
      while ((m = re.exec(text || ""))) {
        var w = m[0].toLowerCase();
        if (terms.some(function (t) { return w.indexOf(t) === 0; })) {
          var mark = document.createElement("mark");
          mark.textContent = m[0];
          out.appendChild(mark);
        } else {
          out.appendChild(document.createTextNode(m[0]));
        }
      }
      return out;
    }

    function words(q) {
      return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2 && stop.indexOf(" " + w + " ") < 0; });
    }

    function run() {
      var terms = words(input.value);
      results.textContent = "";
      if (!terms.length) return;
      var status = document.createElement("p");
      status.textContent = "Searching…";
      results.appendChild(status);
      load("meta.json").then(function (meta) {
        var lists = terms.map(function (w) { return postings(meta, w); });
        if ((bodySelect && bodySelect.value) || (typeSelect && typeSelect.value)) {
          lists.push(load("facets.json").then(function (f) {
            var ids = null;
            if (bodySelect && bodySelect.value) ids = decode(f.body[bodySelect.value]);
            if (typeSelect && typeSelect.value) {
              var t = decode(f.type[typeSelect.value]);
              ids = ids ? intersect(ids, t) : t;
            }
            return ids;
          }));
        }
        return Promise.all(lists).then(function (all) {
          current = all.reduce(intersect);
          shown = 0;
          results.textContent = "";
          var heading = document.createElement("h2");
          heading.textContent = current.length + (current.length === 1 ? " result" : " results") + " for “" + input.value + "”";
          heading.tabIndex = -1;
          results.appendChild(heading);
          var list = document.createElement("ul");
          list.className = "doc-list";
          results.appendChild(list);
          return more(meta, list).then(function () { heading.focus(); });
        });
      }).catch(function (e) {
        results.textContent = "Search is not available: " + e.message;
      });
    }

    function more(meta, list) {
      var ids = current.slice(shown, shown + pageSize);
      shown += ids.length;
      var old = results.querySelector(".search-more");
      if (old) old.remove();
      return Promise.all(ids.map(function (id) {
        return load("docs/" + Math.floor(id / meta.chunk) + ".json").then(function (chunk) { return chunk[id % meta.chunk]; });
      })).then(function (docs) {
        var terms = words(input.value);
        docs.forEach(function (d) {
          var item = document.createElement("li");
          item.className = "doc-list__item";
          var link = document.createElement("a");
          link.className = "doc-list__title";
          link.href = d.u;
          link.append(marked(d.t, terms));
          var meta2 = document.createElement("p");
          meta2.className = "doc-list__meta";
          meta2.textContent = d.b + " · " + d.y + " · " + d.d;
          var snippet = document.createElement("p");
          snippet.className = "doc-list__summary";
          snippet.append(marked(d.s, terms));
          item.append(link, meta2, snippet);
          list.appendChild(item);
        });
        if (shown < current.length) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button button--secondary search-more";
          button.textContent = "Show more results";
          button.addEventListener("click", function () { more(meta, list); });
          results.appendChild(button);
        }
      });
    }

    load("meta.json").then(function (meta) {
      [[bodySelect, meta.bodies], [typeSelect, meta.types]].forEach(function (pair) {
        if (!pair[0]) return;
        pair[1].forEach(function (o) {
          var opt = document.createElement("option");
          opt.value = o.key;
          opt.textContent = o.label;
          pair[0].appendChild(opt);
        });
      });
      var params = new URLSearchParams(location.search);
      if (params.get("body") && bodySelect) bodySelect.value = params.get("body");
      if (params.get("type") && typeSelect) typeSelect.value = params.get("type");
      if (params.get("q")) { input.value = params.get("q"); run(); }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      params.set("q", input.value);
      if (bodySelect && bodySelect.value) params.set("body", bodySelect.value);
      if (typeSelect && typeSelect.value) params.set("type", typeSelect.value);
      history.replaceState(null, "", "?" + params.toString());
      run();
    });
  }
})();
