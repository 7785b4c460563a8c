/* Printable checklist: remembers ticked boxes in this browser (localStorage) only.
   Without JavaScript the boxes still tick and print; they are just not remembered. */
(function () {
  "use strict";
  var list = document.querySelector("[data-checklist]");
  if (!list) { return; }
  var key = "studio-checklist:" + list.getAttribute("data-checklist");
  var boxes = list.querySelectorAll("input[type=checkbox]");
  var status = document.querySelector("[data-checklist-status]");
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(key);
  } catch (err) {
    storage = null; // Private mode or storage disabled: ticks simply are not kept.
  }

  function read() {
    if (!storage) { return []; }
    try {
      var saved = JSON.parse(storage.getItem(key) || "[]");
      return Array.isArray(saved) ? saved.map(String) : [];
    } catch (err) {
      return [];
    }
  }

  function write() {
    if (!storage) { return; }
    var ticked = [];
    boxes.forEach(function (box) { if (box.checked) { ticked.push(box.value); } });
    try {
      if (ticked.length) {
        storage.setItem(key, JSON.stringify(ticked));
      } else {
        storage.removeItem(key);
      }
    } catch (err) { /* Quota or privacy settings: nothing to do. */ }
  }

  function announce(text) {
    if (status) { status.textContent = text; }
  }

  var saved = read();
  boxes.forEach(function (box) {
    box.checked = saved.indexOf(box.value) !== -1;
    box.addEventListener("change", write);
  });

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  var printButton = document.querySelector("[data-checklist-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  var clearButton = document.querySelector("[data-checklist-clear]");
  if (clearButton) {
    clearButton.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      write();
      announce(clearButton.getAttribute("data-cleared") || "All ticks cleared.");
    });
  }
}());
