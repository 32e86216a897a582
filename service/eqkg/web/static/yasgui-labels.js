/* The SPARQL editor in the page's language (decision 0014): DataTables' own language option,
   and YASGUI's fixed English wording (tab names, button titles, aria-labels, placeholders)
   swapped for the page's as the editor draws it. Labels come from the page
   (the data-labels attribute of #yasgui), written by eqkg.i18n.yasgui_labels. */
(function () {
  "use strict";
  var source = document.getElementById("yasgui");
  if (!source || !source.dataset.labels || typeof Yasgui === "undefined") { return; }
  var labels = JSON.parse(source.dataset.labels);
  if (Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table) {
    var table = Yasgui.Yasr.plugins.table.defaults.tableConfig;
    table.language = Object.assign({}, table.language, labels.language);
  }
  if (Yasgui.defaults) { Yasgui.defaults.tabName = labels.tabName; }
  var text = labels.text || {};
  if (!Object.keys(text).length) { return; }
  var ATTRS = ["title", "aria-label", "placeholder"];
  var RESULTS = /^(\d[\d,]*) results? in ([\d.]+) seconds?$/;
  function translated(value) {
    if (text[value]) { return text[value]; }
    var m = labels.results && RESULTS.exec(value);
    return m ? labels.results.replace("{n}", m[1]).replace("{seconds}", m[2]) : null;
  }
  function swap(node) {
    if (node.nodeType === 3) {
      var value = node.nodeValue.trim(), welsh = value && translated(value);
      if (welsh) { node.nodeValue = node.nodeValue.replace(value, welsh); }
      return;
    }
    if (node.nodeType !== 1) { return; }
    ATTRS.forEach(function (name) {
      var value = node.getAttribute(name), welsh = value && translated(value);
      if (welsh) { node.setAttribute(name, welsh); }
    });
    node.childNodes.forEach(swap);
  }
  function start() {
    var root = document.getElementById("yasgui");
    if (!root) { return; }
    swap(root);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") { swap(change.target); }
        change.addedNodes.forEach(swap);
        if (change.type === "characterData") { swap(change.target); }
      });
    }).observe(root, { subtree: true, childList: true, characterData: true,
                       attributes: true, attributeFilter: ATTRS });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
