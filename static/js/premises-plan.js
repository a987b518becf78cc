// The unit form's plan (premises/templates/premises/includes/plan.html): a click on the plan fills in
// the form's longitude and latitude, written with the page language's decimal separator, and marks
// the place. Without this script the coordinates are typed; nothing else depends on it.
(function () {
  "use strict";
  var svg = document.querySelector("svg[data-place]");
  var longitude = document.getElementById("id_longitude");
  var latitude = document.getElementById("id_latitude");
  if (!svg || !longitude || !latitude || !svg.createSVGPoint) { return; }
  var west = parseFloat(svg.dataset.west), north = parseFloat(svg.dataset.north);
  var scaleX = parseFloat(svg.dataset.scaleX), scaleY = parseFloat(svg.dataset.scaleY);
  var decimal = svg.dataset.decimal || ".";
  var mark = svg.querySelector(".plan-chosen");

  function written(value) {
    return value.toFixed(7).replace(".", decimal);
  }

  svg.addEventListener("click", function (event) {
    if (event.target.closest("a")) { return; }  // a marker is a link to its unit
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var drawn = point.matrixTransform(svg.getScreenCTM().inverse());
    longitude.value = written(west + drawn.x / scaleX);
    latitude.value = written(north - drawn.y / scaleY);
    longitude.dispatchEvent(new Event("change", { bubbles: true }));
    latitude.dispatchEvent(new Event("change", { bubbles: true }));
    if (mark) {
      mark.setAttribute("x", drawn.x.toFixed(1));
      mark.setAttribute("y", drawn.y.toFixed(1));
    }
  });
}());
