// Charts of the mayor's summary. An enhancement only: every chart repeats a table that is
// always on the page, so without this script (or without Chart.js) nothing is lost.
(function () {
  "use strict";
  var source = document.getElementById("summary-charts");
  if (!source || !window.Chart) {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var colours = ["#0a3d62", "#e58e26", "#38ada9", "#b71540", "#6a89cc", "#78e08f"];
  // Right-to-left pages (Persian) mirror the charts: values grow from the right, the axis sits on the right.
  var rtl = document.documentElement.dir === "rtl";
  // Ticks and tooltips are written by Intl in the page's language (Persian digits on Persian pages).
  Chart.defaults.locale = document.documentElement.lang || "en";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function datasets(spec) {
    return spec.datasets.map(function (dataset, index) {
      return Object.assign({ backgroundColor: colours[index % colours.length] }, dataset);
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.dataset.chart];
    if (!spec) {
      return;
    }
    canvas.hidden = false;
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { display: spec.datasets.length > 1, rtl: rtl }, tooltip: { rtl: rtl } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl },
          y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? "right" : "left" }
        }
      }
    });
  });

  document.querySelectorAll("canvas[data-sparkline]").forEach(function (canvas) {
    var spec = charts.indicators[canvas.dataset.sparkline];
    if (!spec || spec.data.length < 2) {
      return;
    }
    canvas.hidden = false;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: spec.labels,
        datasets: [{ label: spec.label, data: spec.data, borderColor: colours[0], borderWidth: 2, pointRadius: 0, tension: 0.3 }]
      },
      options: {
        plugins: { legend: { display: false }, tooltip: { intersect: false, rtl: rtl } },
        scales: { x: { display: false, reverse: rtl }, y: { display: false } }
      }
    });
  });
})();
