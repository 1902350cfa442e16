// Asks before leaving a form with unsaved changes (the browser's own question); saving, the row
// buttons and the workflow's forms leave without asking.
(function () {
  'use strict';
  var form = document.getElementById('form');
  if (!form) return;
  var dirty = false;
  var mark = function () { dirty = true; };
  form.addEventListener('input', mark);
  form.addEventListener('change', mark);
  document.addEventListener('submit', function () { dirty = false; });
  window.addEventListener('beforeunload', function (e) {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = '';
  });
}());
