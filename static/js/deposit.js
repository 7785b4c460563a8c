// "Confirming your payment": ask the server again every few seconds and show the booking
// as soon as Stripe's webhook has arrived. Without JavaScript the page offers a link.
(function () {
  "use strict";
  if (!document.querySelector("[data-awaiting-payment]")) return;
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (html.indexOf("data-awaiting-payment") === -1) window.location.reload();
        else if (tries < 60) window.setTimeout(poll, 3000);
      })
      .catch(function () { if (tries < 60) window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
