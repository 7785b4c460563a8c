/* Progressive enhancement of the booking calendar: months and days load in place from the
   slots endpoint instead of reloading the page. Without this file every link still works. */
(function () {
  "use strict";

  var root = document.querySelector("[data-booking-calendar]");
  var lang = document.documentElement.lang || "en";

  // A confirm button that has been pressed once stays pressed (the server is idempotent too).
  document.querySelectorAll("button[data-once]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });

  if (!root || !window.fetch || !window.Intl) { return; }

  var data = root.dataset;
  var times = document.querySelector("[data-times]");
  var body = root.querySelector("[data-calendar-body]");
  var title = root.querySelector(".month-title");
  var text = {
    timesOn: data.textTimesOn,
    zone: data.textZone,
    none: data.textNone,
    free: data.textFree,
    noTimes: data.textNoTimes,
    previous: data.textPrevious,
    next: data.textNext
  };

  function utcDate(iso) { return new Date(iso + "T00:00:00Z"); }
  function fmt(options, value) {
    return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: "UTC" }, options)).format(value);
  }
  function dayLabel(iso) { // "Thursday 26 November", as the server writes it
    var date = utcDate(iso);
    return [fmt({ weekday: "long" }, date), fmt({ day: "numeric" }, date), fmt({ month: "long" }, date)].join(" ");
  }
  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (content !== undefined) { node.textContent = content; }
    return node;
  }
  function shiftMonth(month, delta) {
    var parts = month.split("-").map(Number);
    var index = parts[0] * 12 + parts[1] - 1 + delta;
    return Math.floor(index / 12) + "-" + String(index % 12 + 1).padStart(2, "0");
  }
  function getJSON(params) {
    return fetch(data.slotsUrl + "?" + params, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("slots " + response.status); }
        return response.json();
      });
  }

  function renderTimes(day, slots, labels) { // labels: each time as the server writes it
    times.replaceChildren();
    times.appendChild(el("h2", { class: "h4", id: "times-heading" }, text.timesOn.replace("%s", dayLabel(day))));
    times.appendChild(el("p", { class: "small text-muted" }, text.zone.replace("%s", data.timeZone)));
    if (!slots.length) { times.appendChild(el("p", {}, text.none)); return; }
    var list = el("ul", { class: "time-list list-unstyled" });
    slots.forEach(function (iso, index) {
      var item = el("li");
      var link = el("a", { class: "btn btn-outline-brand time", rel: "nofollow",
        href: data.timeUrl + "?start=" + encodeURIComponent(iso) }, labels[index]);
      item.appendChild(link);
      list.appendChild(item);
    });
    times.appendChild(list);
  }

  function selectDay(day) {
    root.querySelectorAll("a.day").forEach(function (link) {
      var on = link.dataset.day === day;
      link.classList.toggle("selected", on);
      if (on) { link.setAttribute("aria-current", "date"); } else { link.removeAttribute("aria-current"); }
    });
  }

  function loadDay(day, link, push) {
    times.setAttribute("aria-busy", "true");
    getJSON("date=" + day).then(function (payload) {
      selectDay(day);
      renderTimes(day, payload.slots, payload.labels);
      times.removeAttribute("aria-busy");
      if (push) { history.pushState({ day: day }, "", data.pageUrl + "?date=" + day); }
      times.focus();
    }).catch(function () { window.location.href = link.href; });
  }

  function navLink(month, isNext) {
    var link = el("a", { class: "btn btn-outline-brand btn-sm month-nav", rel: "nofollow",
      href: data.pageUrl + "?month=" + month, "data-month-link": month });
    var name = fmt({ month: "long" }, utcDate(month + "-01"));
    var hidden = el("span", { class: "visually-hidden" }, (isNext ? text.next : text.previous) + " ");
    var arrow = el("span", { "aria-hidden": "true" }, isNext ? " ›" : "‹ ");
    if (isNext) { link.append(hidden, name, arrow); } else { link.append(arrow, hidden, name); }
    return link;
  }

  function renderMonth(month, freeDays) {
    var free = new Set(freeDays);
    var first = utcDate(month + "-01");
    var offset = (first.getUTCDay() + 6) % 7; // Monday first
    var length = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    body.replaceChildren();
    var row = el("tr");
    for (var blank = 0; blank < offset; blank++) { row.appendChild(el("td")).appendChild(el("span", { class: "day outside", "aria-hidden": "true" })); }
    for (var d = 1; d <= length; d++) {
      var iso = month + "-" + String(d).padStart(2, "0");
      var cell = el("td");
      if (free.has(iso)) {
        cell.appendChild(el("a", { class: "day free", href: data.pageUrl + "?date=" + iso + "#times", rel: "nofollow",
          "data-day": iso, "aria-label": dayLabel(iso) + ", " + text.free }, String(d)));
      } else {
        // Plain text, as the server writes it: aria-label does not belong on a span.
        var day = cell.appendChild(el("span", { class: "day" }));
        day.append(el("span", { class: "visually-hidden" }, dayLabel(iso) + ", " + text.noTimes),
          el("span", { "aria-hidden": "true" }, String(d)));
      }
      row.appendChild(cell);
      if ((offset + d) % 7 === 0) { body.appendChild(row); row = el("tr"); }
    }
    if (row.children.length) {
      while (row.children.length < 7) { row.appendChild(el("td")).appendChild(el("span", { class: "day outside", "aria-hidden": "true" })); }
      body.appendChild(row);
    }
    title.textContent = fmt({ month: "long", year: "numeric" }, first);
    var head = root.querySelector(".calendar-head");
    var previous = shiftMonth(month, -1);
    var next = shiftMonth(month, 1);
    head.replaceChildren(
      previous >= data.firstMonth ? navLink(previous, false) : el("span", { class: "month-nav-spacer" }),
      title,
      next <= data.lastMonth ? navLink(next, true) : el("span", { class: "month-nav-spacer" })
    );
    data.month = month;
  }

  function loadMonth(month, link, push) {
    var forward = month > data.month;
    getJSON("month=" + month).then(function (payload) {
      renderMonth(month, payload.days);
      if (push) { history.pushState({ month: month }, "", data.pageUrl + "?month=" + month); }
      var links = Array.prototype.slice.call(root.querySelectorAll("a.month-nav"));
      var same = links.filter(function (a) { return (a.dataset.monthLink > month) === forward; })[0];
      (same || links[0] || title).focus();
    }).catch(function () { window.location.href = link.href; });
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
    if (link.dataset.day) {
      event.preventDefault();
      loadDay(link.dataset.day, link, true);
    } else if (link.dataset.monthLink) {
      event.preventDefault();
      loadMonth(link.dataset.monthLink, link, true);
    }
  });

  window.addEventListener("popstate", function () { window.location.reload(); });
})();
