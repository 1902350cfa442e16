/*
 * Languages as tabs: each group of language versions of a field (.lang-panes with one .lang-pane
 * per language) gets a tab list — Deutsch first — and shows one language at a time. Without
 * JavaScript every language stays visible below each other. A language with text is marked in its
 * tab; one with an error or that is filled while German is empty opens first. Arrow keys move
 * between the tabs (WAI-ARIA tabs pattern).
 */
(function () {
  'use strict';
  var groups = document.querySelectorAll('.lang-panes');
  var count = 0;
  Array.prototype.forEach.call(groups, function (group) {
    var panes = Array.prototype.filter.call(group.children, function (el) { return el.classList.contains('lang-pane'); });
    if (panes.length < 2) return;
    var list = document.createElement('div');
    list.setAttribute('role', 'tablist');
    list.className = 'lang-tabs';
    var legend = group.parentElement && group.parentElement.querySelector('legend, summary');
    list.setAttribute('aria-label', (legend ? legend.textContent.trim() + ': ' : '') + (document.documentElement.lang === 'en' ? 'language' : 'Sprache'));
    var tabs = panes.map(function (pane) {
      var id = 'lang-tab-' + (++count);
      pane.id = pane.id || id + '-pane';
      pane.setAttribute('role', 'tabpanel');
      pane.setAttribute('aria-labelledby', id);
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.id = id;
      tab.className = 'lang-tab';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', pane.id);
      tab.textContent = pane.getAttribute('data-lang-label') || pane.getAttribute('data-lang');
      var field = pane.querySelector('textarea, input');
      var filled = function () { return field && field.value.trim() !== ''; };
      if (filled()) tab.classList.add('filled');
      if (field) field.addEventListener('input', function () { tab.classList.toggle('filled', filled()); });
      list.appendChild(tab);
      return { tab: tab, pane: pane, invalid: !!pane.querySelector('[aria-invalid="true"]'), filled: filled };
    });
    function select(i, focus) {
      tabs.forEach(function (t, j) {
        var on = i === j;
        t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
        t.tab.tabIndex = on ? 0 : -1;
        t.pane.hidden = !on;
      });
      if (focus) tabs[i].tab.focus();
    }
    tabs.forEach(function (t, i) {
      t.tab.addEventListener('click', function () { select(i, false); });
      t.tab.addEventListener('keydown', function (e) {
        var next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
        if (next < 0) return;
        e.preventDefault();
        select(next, true);
      });
    });
    group.insertBefore(list, group.firstChild);
    var first = tabs.findIndex(function (t) { return t.invalid; });
    if (first < 0 && !tabs[0].filled()) first = tabs.findIndex(function (t) { return t.filled(); });
    select(first < 0 ? 0 : first, false);
  });
})();
