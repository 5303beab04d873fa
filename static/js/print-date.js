// Progressive enhancement only: fills the "Printed on" date of the print notice.
// Without JavaScript the notice keeps a blank line to fill in by hand.
(function () {
  function stamp() {
    var d = new Date();
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    var t = d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
    var els = document.querySelectorAll("[data-print-date]");
    for (var i = 0; i < els.length; i++) { els[i].textContent = t; }
  }
  document.addEventListener("DOMContentLoaded", stamp);
  window.addEventListener("beforeprint", stamp);
})();
