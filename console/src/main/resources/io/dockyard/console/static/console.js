// Dockyard console: live regions refreshed on server-sent change events, and forms that call actions with the page's token.
(function () {
  'use strict';
  var token = document.querySelector('meta[name="console-token"]');
  token = token ? token.content : '';
  var status = document.getElementById('live-status');

  // Live: the server says "change" when the store moved; the page re-reads itself and swaps its [data-live] regions.
  var pending = false, running = false;
  function refresh() {
    if (running) { pending = true; return; }
    running = true;
    fetch(location.href, { headers: { 'X-Console-Live': '1' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        document.querySelectorAll('[data-live]').forEach(function (el) {
          var next = doc.getElementById(el.id);
          if (next && next.innerHTML !== el.innerHTML) el.innerHTML = next.innerHTML;
        });
        document.dispatchEvent(new CustomEvent('console:refreshed'));
      })
      .catch(function () {})
      .finally(function () { running = false; if (pending) { pending = false; refresh(); } });
  }
  if (document.querySelector('[data-live]') && window.EventSource) {
    var es = new EventSource('/console/live');
    es.addEventListener('change', refresh);
    es.onopen = function () { if (status) { status.textContent = 'live'; status.className = 'live on'; } };
    es.onerror = function () { if (status) { status.textContent = 'reconnecting'; status.className = 'live off'; } };
  }

  // Regions fed by something other than the store (log lines) are also re-read every two seconds.
  if (document.querySelector('[data-poll]')) setInterval(function () { if (!document.hidden) refresh(); }, 2000);

  // Actions: a form posts its fields; errors come back with the API's code and message, shown at the field they name.
  function clearErrors(form) {
    form.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
    form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
    var banner = form.querySelector('.form-error');
    if (banner) { banner.hidden = true; banner.textContent = ''; }
  }
  function showError(form, err) {
    var field = err.field ? form.querySelector('[name="' + err.field + '"]:not([type=hidden])') : null;
    var text = err.code + ': ' + err.message;
    if (field) {
      var p = document.createElement('p');
      p.className = 'field-error';
      p.id = 'error-' + err.field;
      p.setAttribute('role', 'alert');
      p.textContent = text;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', p.id);
      field.insertAdjacentElement('afterend', p);
      field.focus();
    } else {
      var banner = form.querySelector('.form-error');
      if (!banner) { banner = document.createElement('p'); banner.className = 'form-error'; banner.setAttribute('role', 'alert'); form.prepend(banner); }
      banner.hidden = false;
      banner.textContent = text;
    }
  }
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.matches('form[data-action]')) return;
    ev.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    clearErrors(form);
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    fetch(form.dataset.action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Console-Token': token },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.error) { showError(form, answer.error); return; }
        if (answer.go) { location.href = answer.go; return; }
        var done = form.querySelector('.form-done');
        if (done) { done.hidden = false; done.textContent = answer.message || 'Done.'; }
        refresh();
      })
      .catch(function (e) { showError(form, { code: 'NetworkError', message: String(e) }); })
      .finally(function () { if (button) button.disabled = false; });
  });

  // Copy buttons next to commands.
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-copy]');
    if (!b) return;
    var text = document.getElementById(b.dataset.copy).textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { b.textContent = 'Copied'; });
  });

  // The task definition form: more containers from the page's template (numbered -1, -2, …), and removed again.
  document.addEventListener('click', function (ev) {
    var add = ev.target.closest('button[data-add-container]');
    if (add) {
      var form = add.closest('form'), n = 1;
      if (form.querySelectorAll('fieldset.container').length >= Number(add.dataset.max)) return;
      while (form.querySelector('[data-container="-' + n + '"]')) n++;
      var html = document.getElementById('container-template').innerHTML;
      add.parentElement.insertAdjacentHTML('beforebegin', html.replace(/__N__/g, String(n)).replace(/__M__/g, String(n + 1)));
      form.querySelector('#containerName-' + n).focus();
      return;
    }
    var remove = ev.target.closest('button[data-remove-container]');
    if (remove) remove.closest('fieldset').remove();
  });
})();
