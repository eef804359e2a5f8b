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
    var order = []; // the query's words, from the one fewest documents hold

    function load(name) {
      if (!cache[name]) {
        cache[name] = fetch(base + name).then(function (r) {
          if (!r.ok) throw new Error(name + ": " + r.status);
          return r.json();
        });
      }
      return cache[name];
    }

    // decode reads a list of documents ("3.a:1.4"); where a document's
    // number is followed by a passage's, it notes in found that the query's
    // word k is in that passage of the document.
    function decode(s, found, k) {
      var ids = [], prev = 0;
      if (!s) return ids;
      s.split(".").forEach(function (d) {
        var colon = d.indexOf(":");
        prev += parseInt(colon < 0 ? d : d.slice(0, colon), 36);
        ids.push(prev);
        if (colon >= 0 && found) {
          var at = parseInt(d.slice(colon + 1), 36);
          var doc = found[prev] || (found[prev] = {});
          if (!(k in doc) || at < doc[k]) doc[k] = at;
        }
      });
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

    // postings finds the documents holding a term that starts with word,
    // the query's word k, and notes in found where each holds it.
    function postings(meta, word, found, k) {
      var prefix = word.slice(0, 2);
      if (meta.shards.indexOf(prefix) < 0) return Promise.resolve([]);
      return load("terms/" + prefix + ".json").then(function walk(shard) {
        if (shard.split) {
          var own = Object.keys(shard.own).filter(function (t) { return t === word || (word.length > prefix.length && t.indexOf(word) === 0); });
          var next = word.slice(0, prefix.length + 1);
          var parts = own.slice(0, 20).map(function (t) {
            return load("terms/" + shard.own[t] + ".json").then(function (m) { return decode(m[t], found, k); });
          });
          if (word.length > prefix.length && shard.split.indexOf(next) >= 0) {
            prefix = next;
            parts.push(load("terms/" + next + ".json").then(walk));
          }
          return Promise.all(parts).then(union);
        }
        var lists = Object.keys(shard).filter(function (t) { return t.indexOf(word) === 0; }).slice(0, 50).map(function (t) { return decode(shard[t], found, k); });
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
      var found = {};
      load("meta.json").then(function (meta) {
        var lists = terms.map(function (w, k) { return postings(meta, w, found, k); });
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
          order = terms.map(function (w, k) { return k; }).sort(function (a, b) { return all[a].length - all[b].length || a - b; });
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
          return more(meta, list, found).then(function () { heading.focus(); });
        });
      }).catch(function (e) {
        results.textContent = "Search is not available: " + e.message;
      });
    }

    // passage is the passage of a document to quote, given where it
    // holds each of the query's words (at) and the words from the rarest
    // (order): the passage that holds most of them, and of those the one
    // that holds the rarest word; or -1.
    function passage(at, order) {
      var count = {}, best = -1;
      at = at || {};
      order.forEach(function (k) { if (k in at) count[at[k]] = (count[at[k]] || 0) + 1; });
      order.forEach(function (k) {
        if (k in at && (best < 0 || count[at[k]] > count[best])) best = at[k];
      });
      return best;
    }

    // excerpt is about 200 characters of text around the first word that
    // starts with one of terms, cut at words.
    function excerpt(text, terms) {
      var re = /[\p{L}\p{N}]+/gu, m, at = 0;
      while ((m = re.exec(text))) {
        var w = m[0].toLowerCase();
        if (terms.some(function (t) { return w.indexOf(t) === 0; })) { at = m.index; break; }
      }
      var start = Math.max(0, at - 70), end = Math.min(text.length, start + 220);
      if (start > 0) start = text.indexOf(" ", start) + 1;
      if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), at + 1);
      return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    }

    // quote loads the passage of document d (number id) that a result
    // shows, or gives null.
    function quote(d, at) {
      if (!d.x || at < 0) return Promise.resolve(null);
      // The document's passages are in files that start at 0 and at
      // each passage that d.k lists.
      var starts = [0].concat(decode(d.k)), k = 0;
      while (k + 1 < starts.length && starts[k + 1] <= at) k++;
      return load("text/" + d.x + k + ".json").then(function (pack) {
        return pack[at - starts[k]] || null;
      }, function () { return null; });
    }

    function more(meta, list, found) {
      var ids = current.slice(shown, shown + pageSize);
      shown += ids.length;
      var old = results.querySelector(".search-more");
      if (old) old.remove();
      return Promise.all(ids.map(function (id) {
        return load("docs/" + Math.floor(id / meta.chunk) + ".json").then(function (chunk) {
          var d = chunk[id % meta.chunk];
          return quote(d, passage(found[id], order)).then(function (q) { d.q = q; return d; });
        });
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
          if (d.q) {
            // Where the words were found, and a link to that passage.
            snippet.className += " doc-list__found";
            snippet.append(marked(excerpt(d.q[1], terms), terms));
            if (d.q[0]) {
              var to = document.createElement("a");
              to.href = d.u + "#" + d.q[0];
              to.textContent = "Go to the passage";
              snippet.append(" ", to);
            }
          } else {
            snippet.append(marked(d.s, terms));
          }
          item.append(link, meta2, snippet);
          list.appendChild(item);
        });
        if (shown < current.length) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button button--secondary search-more";
          button.textContent = "Show more results";
          button.addEventListener("click", function () { more(meta, list, found); });
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
