// A small rich-text helper for the editor's HTML text fields: it keeps the textarea (so the form
// works without JavaScript and with any assistive technology) and adds buttons that wrap the
// selection in the tags PVOG allows. The server sanitises whatever arrives.
(function () {
  'use strict';
  var TOOLS = [
    { label: 'Fett', title: 'Fett (strong)', before: '<strong>', after: '</strong>' },
    { label: 'Kursiv', title: 'Kursiv (em)', before: '<em>', after: '</em>' },
    { label: 'Absatz', title: 'Absatz (p)', before: '<p>', after: '</p>' },
    { label: 'Liste', title: 'Aufzählung (ul/li)', list: 'ul' },
    { label: 'Nummern', title: 'Nummerierte Liste (ol/li)', list: 'ol' },
    { label: 'Link', title: 'Link (a href)', link: true }
  ];
  function wrap(area, tool) {
    var start = area.selectionStart, end = area.selectionEnd, value = area.value, selected = value.slice(start, end);
    var text;
    if (tool.list) {
      var items = (selected || 'Eintrag').split(/\n+/).map(function (l) { return '<li>' + l.trim() + '</li>'; }).join('');
      text = '<' + tool.list + '>' + items + '</' + tool.list + '>';
    } else if (tool.link) {
      var href = window.prompt('Adresse (https://…)', 'https://');
      if (!href) return;
      text = '<a href="' + href.replace(/"/g, '%22') + '">' + (selected || href) + '</a>';
    } else {
      text = tool.before + selected + tool.after;
    }
    area.setRangeText(text, start, end, 'end');
    area.dispatchEvent(new Event('input'));
    area.focus();
  }
  document.querySelectorAll('textarea[data-rte]').forEach(function (area) {
    var bar = document.createElement('div');
    bar.className = 'rte-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Formatierung für ' + (area.labels && area.labels[0] ? area.labels[0].textContent : 'Text'));
    TOOLS.forEach(function (tool) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = tool.label;
      b.title = tool.title;
      b.addEventListener('click', function () { wrap(area, tool); });
      bar.appendChild(b);
    });
    area.parentNode.insertBefore(bar, area);
  });
}());
