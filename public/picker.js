// Suggestions as one types for the workspace's pickers (src/redaktion/pickers.ts). Without this
// script the same fields work as a search step: the server resolves what was typed and offers a
// choice. ARIA combobox with a listbox: arrow keys move, Enter takes, Escape closes.
(function () {
  'use strict';
  var en = document.documentElement.lang === 'en';
  var counter = 0;

  function currentLine(area) {
    var before = area.value.slice(0, area.selectionStart);
    var start = before.lastIndexOf('\n') + 1;
    var end = area.value.indexOf('\n', area.selectionStart);
    if (end < 0) end = area.value.length;
    return { start: start, end: end, text: area.value.slice(start, end).trim() };
  }

  function setup(box) {
    var target = box.getAttribute('data-picker');
    var multi = box.hasAttribute('data-picker-multi');
    var go = box.hasAttribute('data-picker-go');
    var input = box.querySelector('[data-picker-input]') || box.querySelector('[data-picker-lines]');
    if (!input) return;
    var hidden = box.querySelector('[data-picker-value]');
    var labelField = hidden ? box.querySelector('input[name="' + hidden.name + '__label"]') : null;
    var id = 'picker-' + (++counter);
    var list = document.createElement('ul');
    list.id = id + '-list';
    list.className = 'picker-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', en ? 'Suggestions' : 'Vorschläge');
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    input.insertAdjacentElement('afterend', list);
    list.insertAdjacentElement('afterend', status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, k) { li.setAttribute('aria-selected', String(k === i)); });
      if (i >= 0) input.setAttribute('aria-activedescendant', id + '-o' + i); else input.removeAttribute('aria-activedescendant');
    }
    function take(item) {
      if (go) {
        window.location.href = '/redaktion/leistungen/neu?leika=' + encodeURIComponent(item.value) + (en ? '&lang=en' : '');
        return;
      }
      if (multi) {
        var line = currentLine(input);
        var text = /\([^()]+\)\s*$/.test(item.label) ? item.label : item.label + ' (' + item.value + ')';
        input.setRangeText(text, line.start, line.end, 'end');
        if (input.selectionStart === input.value.length) { input.value += '\n'; input.selectionStart = input.selectionEnd = input.value.length; }
      } else {
        input.value = item.label;
        if (hidden) hidden.value = item.value;
        if (labelField) labelField.value = item.label;
      }
      close();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.focus();
    }
    function show(found) {
      items = found;
      list.textContent = '';
      found.forEach(function (item, i) {
        var li = document.createElement('li');
        li.id = id + '-o' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = item.label;
        if (item.hint) {
          var hint = document.createElement('span');
          hint.className = 'hint';
          hint.textContent = ' ' + item.hint;
          li.appendChild(hint);
        }
        li.addEventListener('mousedown', function (e) { e.preventDefault(); take(item); });
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      input.setAttribute('aria-expanded', String(found.length > 0));
      status.textContent = found.length ? (found.length + (en ? ' suggestions' : ' Vorschläge')) : (en ? 'No suggestions' : 'Keine Vorschläge');
      mark(-1);
    }
    function ask() {
      var q = multi ? currentLine(input).text : input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++asked;
      var url = '/redaktion/auswahl/' + target + '?q=' + encodeURIComponent(q) + (multi ? '&mehrere=1' : '') + (en ? '&lang=en' : '');
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { if (mine === asked) show(body.items || []); })
        .catch(function () { close(); });
    }
    input.addEventListener('input', function (e) {
      if (!e.isTrusted) return;
      // A changed single field no longer names the picked value; the server resolves the text.
      if (hidden && labelField && input.value.trim() !== labelField.value) hidden.value = '';
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); take(items[active]); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
    input.addEventListener('blur', function () { setTimeout(close, 100); });
  }

  document.querySelectorAll('.picker[data-picker]').forEach(setup);
}());
