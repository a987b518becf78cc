// Charts over the tables of the initiatives pages: an enhancement only; the tables hold the data.
// Each <canvas data-chart="budget|line" data-chart-data="ID"> reads its data from the
// json_script element with that id.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  // Right-to-left pages (Persian) mirror the charts: time runs from the right, the axis sits on the right.
  var rtl = document.documentElement.dir === "rtl";
  // Ticks and tooltips are written by Intl in the page's language (Persian digits on Persian pages).
  var locale = document.documentElement.lang || "en";
  var mirrored = function (scales) {
    return Object.assign({ x: { reverse: rtl } }, scales, { y: Object.assign({ position: rtl ? "right" : "left" }, scales.y) });
  };
  // A missing value (a period never measured, or only excluded values) stays null: a gap in the line.
  var numbers = function (values) {
    return values.map(function (value) { return value === null || value === undefined ? null : parseFloat(value); });
  };
  var builders = {
    budget: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.plannedLabel, data: numbers(data.planned), backgroundColor: "#0a3d62" },
            { label: data.spentLabel, data: numbers(data.spent), backgroundColor: "#5e9ed6" }
          ]
        },
        options: { locale: locale, responsive: true, plugins: { legend: { rtl: rtl }, tooltip: { rtl: rtl } }, scales: mirrored({ y: { beginAtZero: true } }) }
      };
    },
    // One place on the axis per reporting period over the whole history (the server lists every period,
    // measured or not), so time runs evenly; partial periods are their own dashed points, never joined.
    line: function (data) {
      var datasets = [{ label: data.label, data: numbers(data.values), borderColor: "#0a3d62", pointRadius: 2, spanGaps: false }];
      if (data.partial && data.partial.some(function (value) { return value !== null; })) {
        datasets.push({ label: data.partialLabel, data: numbers(data.partial), borderColor: "#b35c00", backgroundColor: "#b35c00",
          pointStyle: "triangle", pointRadius: 5, showLine: false });
      }
      return {
        type: "line",
        data: { labels: data.labels, datasets: datasets },
        options: { locale: locale, responsive: true, plugins: { legend: { rtl: rtl }, tooltip: { rtl: rtl } }, scales: mirrored({}) }
      };
    }
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chartData);
    var build = builders[canvas.dataset.chart];
    if (source && build) {
      new window.Chart(canvas, build(JSON.parse(source.textContent)));
    }
  });
})();
