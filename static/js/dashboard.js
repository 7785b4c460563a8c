/* Dashboard enhancements. Everything works without this file; it only adds keys and copy. */
(function () {
  "use strict";

  // Calendar: arrow keys move between days (roving focus), Home/End to week edges,
  // Page Up/Down to the previous/next month or week. Links stay real links.
  function setupCalendar(root) {
    var days = Array.prototype.slice.call(root.querySelectorAll("[data-day]"));
    if (!days.length) return;
    var isGrid = root.tagName === "TABLE";
    var start = days.findIndex(function (el) { return el.getAttribute("aria-current") === "date"; });
    if (start < 0) {
      start = days.findIndex(function (el) { return !el.closest("td.out"); });
    }
    days.forEach(function (el, i) { el.tabIndex = i === Math.max(start, 0) ? 0 : -1; });

    function focusDay(index) {
      if (index < 0 || index >= days.length) return false;
      days.forEach(function (el) { el.tabIndex = -1; });
      days[index].tabIndex = 0;
      days[index].focus();
      return true;
    }

    root.addEventListener("keydown", function (event) {
      var index = days.indexOf(document.activeElement);
      if (event.key === "PageUp" || event.key === "PageDown") {
        var link = document.querySelector(event.key === "PageUp" ? "[data-cal-prev]" : "[data-cal-next]");
        if (link) { event.preventDefault(); window.location.href = link.href; }
        return;
      }
      if (index < 0) return;
      var week = isGrid ? 7 : 1;
      var moves = {
        ArrowLeft: -1, ArrowRight: 1, ArrowUp: -week, ArrowDown: week,
        Home: -(index % 7), End: 6 - (index % 7)
      };
      if (!(event.key in moves)) return;
      if (focusDay(index + moves[event.key])) event.preventDefault();
    });
  }

  function setupCopy(button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || "Copied";
      });
    });
  }

  // Buttons that need a second thought (cancel a booking, delete a tip) ask first.
  function setupConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-calendar]").forEach(setupCalendar);
    document.querySelectorAll("[data-copy]").forEach(setupCopy);
    document.querySelectorAll("form[data-confirm]").forEach(setupConfirm);
  });
})();
