/* Progressive enhancement for the intake wizard: a follow-up question ("Where else?",
   "How many people?", "Which place?") shows only once the answer it follows is chosen.
   Without JavaScript every follow-up is simply shown; the server checks them either way. */
(function () {
  "use strict";
  document.querySelectorAll("[data-reveal-name]").forEach(function (wrapper) {
    var name = wrapper.getAttribute("data-reveal-name");
    var value = wrapper.getAttribute("data-reveal-value");
    var inputs = document.querySelectorAll('input[name="' + name + '"]');
    var hasError = wrapper.querySelector(".intake-error") !== null;
    function update() {
      var chosen = Array.prototype.some.call(inputs, function (input) {
        return input.checked && input.value === value;
      });
      wrapper.hidden = !(chosen || hasError || wrapper.querySelector("input, textarea").value);
    }
    inputs.forEach(function (input) { input.addEventListener("change", update); });
    update();
  });
})();
