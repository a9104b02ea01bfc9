/* Vitrines: progressive enhancement only; every page works without this file.
   Marks today's row in a shop's opening hours, in the shop's own time zone. */
(function () {
  "use strict";
  var shop = document.querySelector(".shop[data-timezone]");
  if (!shop || !window.Intl) { return; }
  var days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var weekday;
  try {
    var name = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: shop.getAttribute("data-timezone") })
      .format(new Date()).toLowerCase().slice(0, 3);
    weekday = days.indexOf(name) >= 0 ? name : null;
  } catch (e) { return; }
  var row = weekday && shop.querySelector('tr[data-day="' + weekday + '"]');
  if (!row) { return; }
  row.classList.add("today");
  var th = row.querySelector("th");
  var hint = document.createElement("span");
  hint.textContent = " (" + row.parentNode.parentNode.getAttribute("data-today") + ")";
  th.appendChild(hint);
})();
