// Follows a long computation (a KPI run, a full recompute, a what-if in the background): polls the run's JSON
// status and moves the progress bar. The status may carry its own sentence ("tekst"); without it the KPI
// wording is used. With data-herlaad="ja" the page reloads once the run has ended, to show its result.
// Without JavaScript the page works by reloading it (the link "Ververs de stand").
(function () {
  "use strict";
  var blok = document.getElementById("voortgang");
  if (!blok || !window.fetch) {
    return;
  }
  var balk = document.getElementById("voortgang-balk");
  var tekst = document.getElementById("voortgang-tekst");
  function vraag() {
    fetch(blok.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (antwoord) { return antwoord.json(); })
      .then(function (stand) {
        balk.max = stand.totaal || 1;
        balk.value = stand.klaar;
        balk.textContent = stand.procent + "%";
        tekst.textContent = stand.tekst || (stand.status_tekst + ": " + stand.klaar + " van " + stand.totaal + " KPI's berekend.");
        if (stand.loopt) {
          window.setTimeout(vraag, 1500);
        } else if (blok.getAttribute("data-herlaad") === "ja") {
          window.location.reload();
        } else if (stand.status === "klaar" && !stand.tekst) {
          tekst.textContent += " Klaar. De nieuwe cijfers staan op de pagina Bereik en resultaten.";
        }
      })
      .catch(function () { window.setTimeout(vraag, 5000); });
  }
  vraag();
})();
