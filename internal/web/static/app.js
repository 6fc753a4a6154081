// Telltale's only script: search suggestions, a keyboard shortcut, live
// table filtering and the import progress indicator. Pages work without it.
// Everything that came from data is put in the page with textContent.
"use strict";

(function () {
  // "/" focuses the search box, unless typing somewhere already.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var q = document.getElementById("q");
    if (q) { e.preventDefault(); q.focus(); q.select(); }
  });

  // Suggestions as you type: an ARIA combobox over /api/v1/suggest.
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (input && list) {
    var timer = null, active = -1, items = [], seq = 0;
    var close = function () {
      list.hidden = true; list.textContent = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    };
    var highlight = function (i) {
      active = i;
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({ block: "nearest" }); }
      else input.removeAttribute("aria-activedescendant");
    };
    var show = function (suggestions) {
      list.textContent = ""; items = []; active = -1;
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "sugg-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
        li.dataset.url = s.url;
        var label = document.createElement("span");
        label.textContent = s.label + (s.matched ? " (" + s.matched + ")" : "");
        var type = document.createElement("span");
        type.className = "type"; type.textContent = s.type;
        li.appendChild(label); li.appendChild(type);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = s.url; });
        list.appendChild(li); items.push(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (s) { if (mine === seq) show(s || []); })
          .catch(function () {});
      }, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && items.length) { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); location.href = items[active].dataset.url; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // Live filter of the rows a table shows; Enter still asks the server.
  document.querySelectorAll("input[data-filter-table]").forEach(function (f) {
    var table = document.getElementById(f.dataset.filterTable);
    if (!table) return;
    f.addEventListener("input", function () {
      var words = f.value.toLowerCase().split(/\s+/).filter(Boolean);
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var text = tr.textContent.toLowerCase();
        tr.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });

  // Import with an upload progress bar and the summary shown in place.
  var form = document.getElementById("import-form");
  if (form && window.FormData && window.XMLHttpRequest) {
    var box = document.getElementById("import-progress");
    var bar = document.getElementById("import-bar");
    var stage = document.getElementById("import-stage");
    var out = document.getElementById("import-result");
    var done = function (status, body) {
      form.querySelector("button[type=submit]").disabled = false;
      box.hidden = true;
      renderResult(out, status, body);
    };
    // poll follows an import job on the server until it ends.
    var poll = function (url) {
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (b) { return [r.status, b]; }); })
        .then(function (sb) {
          var body = sb[1];
          if (sb[0] !== 200 || body.done) { done(sb[0], body); return; }
          if (body.total > 0) {
            var pct = Math.min(100, Math.round(100 * body.read / body.total));
            bar.value = pct;
            stage.textContent = "Importing… " + pct + "%";
          }
          setTimeout(function () { poll(url); }, 250);
        })
        .catch(function () { done(0, null); });
    };
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new FormData(form);
      data.append("async", "1");
      var token = data.get("csrf_token");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true; box.hidden = false; out.textContent = "";
      bar.value = 0; bar.max = 100; stage.textContent = "Uploading…";
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", token);
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) {
          bar.value = Math.round(100 * ev.loaded / ev.total);
          stage.textContent = "Uploading… " + bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        stage.textContent = "Importing…"; bar.value = 0;
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if (xhr.status === 202 && body && body.job) { poll(body.job); return; }
        done(xhr.status, body);
      });
      xhr.addEventListener("error", function () { done(0, null); });
      xhr.send(data);
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderResult(out, status, body) {
    out.textContent = "";
    if (body && body.error) {
      var p = el("p", "notice bad", body.error.message);
      p.setAttribute("role", "alert");
      out.appendChild(p);
    } else if (!body) {
      out.appendChild(el("p", "notice bad", "The import failed (HTTP " + status + ")."));
    }
    var r = body && body.result;
    if (!r) return;
    var sec = el("section", "summary");
    sec.setAttribute("aria-label", "Import summary");
    var head = el("p");
    head.appendChild(el("strong", "", r.source));
    head.appendChild(document.createTextNode(" (" + r.format + ")"));
    sec.appendChild(head);
    var ul = el("ul", "stats");
    [["added", r.added], ["updated", r.updated], ["unchanged", r.unchanged], ["rejected", r.rejected]].forEach(function (kv) {
      var li = el("li");
      var n = el("span", "n" + (kv[0] === "rejected" && kv[1] ? " bad" : ""), String(kv[1]));
      n.dataset.stat = kv[0];
      li.appendChild(n); li.appendChild(document.createTextNode(" " + kv[0]));
      ul.appendChild(li);
    });
    sec.appendChild(ul);
    if (r.problems && r.problems.length) {
      sec.appendChild(el("h2", "", "Rejected objects"));
      var wrap = el("div", "table-wrap");
      var table = el("table", "data");
      var thead = el("thead"), hr = el("tr");
      ["#", "Object", "Reason"].forEach(function (h) { var th = el("th", "", h); th.scope = "col"; hr.appendChild(th); });
      thead.appendChild(hr); table.appendChild(thead);
      var tb = el("tbody");
      r.problems.forEach(function (p) {
        var tr = el("tr");
        tr.appendChild(el("td", "", String(p.index)));
        tr.appendChild(el("td", "mono", p.id || "—"));
        tr.appendChild(el("td", "", p.reason));
        tb.appendChild(tr);
      });
      table.appendChild(tb); wrap.appendChild(table); sec.appendChild(wrap);
    }
    out.appendChild(sec);
    out.querySelector("section").setAttribute("tabindex", "-1");
    out.querySelector("section").focus();
  }
})();
