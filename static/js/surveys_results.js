// Charts over the survey results tables: an enhancement only; every figure is in the table
// below its chart. Data comes from the json_script element "survey-charts".
(function () {
  "use strict";
  var source = document.getElementById("survey-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  // Right-to-left pages (Persian) mirror the charts: bars grow from the right, the axis sits on the right.
  var rtl = document.documentElement.dir === "rtl";
  // Ticks and tooltips are written by Intl in the page's language (Persian digits on Persian pages).
  var locale = document.documentElement.lang || "en";
  charts.forEach(function (chart) {
    var box = document.querySelector('[data-chart="' + chart.id + '"]');
    if (!box) {
      return;
    }
    var canvas = document.createElement("canvas");
    // The table that follows says the same for screen readers.
    canvas.setAttribute("aria-hidden", "true");
    box.appendChild(canvas);
    var height = chart.horizontal ? Math.max(160, chart.labels.length * 34) : 220;
    box.style.height = height + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [{ data: chart.values, backgroundColor: "#0a3d62" }]
      },
      options: {
        locale: locale,
        indexAxis: chart.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        responsive: true,
        plugins: { legend: { display: false }, tooltip: { rtl: rtl } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl },
          y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? "right" : "left" }
        }
      }
    });
  });
})();
