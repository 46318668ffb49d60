/*
 * Sapa in-app widget: a bell with the unread count and a panel of the contact's messages, for a
 * shop's own page. Plain JavaScript, no framework. Add it with the contact token your server got
 * from POST /api/v1/contacts/:id/token:
 *   <script src="https://sapa.example/inapp/widget.js" data-token="v1...." data-lang="id" async></script>
 * Everything lives in a shadow root: the shop's styles do not reach in, ours do not leak out.
 * Message text is shown as text, never as HTML. Opening the panel marks what it shows as read.
 * When the token is refused (expired), the widget fires `sapa-inapp:unauthorized` on window:
 * call window.SapaInApp.setToken(newToken) with a fresh one.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.SapaInApp) return;
  var base = new URL(script.src).origin;
  var lang = (script.getAttribute('data-lang') || document.documentElement.lang || 'id').slice(0, 2) === 'en' ? 'en' : 'id';
  var TEXT = {
    id: { title: 'Pesan', empty: 'Belum ada pesan.', close: 'Tutup', bell: 'Pesan', unread: 'belum dibaca' },
    en: { title: 'Messages', empty: 'No messages yet.', close: 'Close', bell: 'Messages', unread: 'unread' },
  }[lang];
  var token = script.getAttribute('data-token') || '';
  var messages = new Map();
  var source = null;
  var openPanel = false;

  var host = document.createElement('div');
  host.setAttribute('data-sapa-inapp', '');
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    ':host{all:initial;position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;color:#1a1b1e}' +
    'button{font:inherit;cursor:pointer}' +
    '.bell{position:relative;width:48px;height:48px;border-radius:50%;border:0;background:#12b886;color:#fff;box-shadow:0 2px 8px rgba(0,0,0,.25);font-size:22px}' +
    '.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#e03131;color:#fff;font-size:12px;line-height:20px;text-align:center}' +
    '.badge[hidden],.panel[hidden]{display:none}' +
    '.panel{position:absolute;right:0;bottom:60px;width:min(320px,calc(100vw - 32px));max-height:60vh;overflow:auto;background:#fff;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2)}' +
    '.head{display:flex;justify-content:space-between;align-items:center;padding:10px 12px;border-bottom:1px solid #e9ecef;font-weight:600}' +
    '.close{border:0;background:none;color:#495057}' +
    'ul{list-style:none;margin:0;padding:0}li{padding:10px 12px;border-bottom:1px solid #f1f3f5;white-space:pre-wrap;word-wrap:break-word}' +
    'li.unread{background:#e6fcf5;font-weight:600}time{display:block;font-size:12px;color:#868e96;font-weight:400}' +
    '.empty{padding:16px 12px;color:#868e96}' +
    '</style>' +
    '<div class="panel" role="dialog" hidden><div class="head"><span></span><button class="close" type="button"></button></div><ul></ul><div class="empty"></div></div>' +
    '<button class="bell" type="button" aria-haspopup="dialog"><span aria-hidden="true">&#128276;</span><span class="badge" hidden></span></button>';
  var panel = root.querySelector('.panel');
  var list = root.querySelector('ul');
  var empty = root.querySelector('.empty');
  var bell = root.querySelector('.bell');
  var badge = root.querySelector('.badge');
  root.querySelector('.head span').textContent = TEXT.title;
  panel.setAttribute('aria-label', TEXT.title);
  root.querySelector('.close').textContent = TEXT.close;
  empty.textContent = TEXT.empty;

  function url(path) {
    return base + path + (path.indexOf('?') < 0 ? '?' : '&') + 'token=' + encodeURIComponent(token);
  }

  function unauthorized() {
    if (source) source.close();
    source = null;
    window.dispatchEvent(new CustomEvent('sapa-inapp:unauthorized'));
  }

  function render() {
    var sorted = Array.from(messages.values()).sort(function (a, b) { return a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0; });
    var unread = sorted.filter(function (m) { return m.status !== 'read'; }).length;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.hidden = unread === 0;
    bell.setAttribute('aria-label', TEXT.bell + (unread ? ' (' + unread + ' ' + TEXT.unread + ')' : ''));
    list.textContent = '';
    sorted.forEach(function (m) {
      var li = document.createElement('li');
      li.className = m.status === 'read' ? 'read' : 'unread';
      li.setAttribute('data-id', m.id);
      li.textContent = m.body;
      var time = document.createElement('time');
      time.dateTime = m.sentAt;
      time.textContent = new Date(m.sentAt).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
      li.appendChild(time);
      list.appendChild(li);
    });
    empty.hidden = sorted.length > 0;
  }

  function markRead() {
    messages.forEach(function (m) {
      if (m.status === 'read' || m.reading) return;
      m.reading = true;
      fetch(url('/inapp/messages/' + m.id + '/read'), { method: 'POST' }).then(function (res) {
        m.reading = false;
        if (res.status === 401) return unauthorized();
        if (res.ok) return res.json().then(function (saved) { messages.set(m.id, saved); render(); });
      }, function () { m.reading = false; });
    });
  }

  function add(m) {
    var known = messages.get(m.id);
    // A status never goes back: a message read here stays read when the stream repeats it.
    if (known && known.status === 'read') return;
    messages.set(m.id, m);
    render();
    if (openPanel) markRead();
  }

  function connect() {
    if (source) source.close();
    if (!token) return;
    fetch(url('/inapp/messages')).then(function (res) {
      if (res.status === 401) return unauthorized();
      if (res.ok) return res.json().then(function (page) { page.items.forEach(add); });
    }).catch(function () { /* the stream below still brings what is unread */ });
    source = new EventSource(url('/inapp/stream'));
    source.addEventListener('message', function (e) {
      try { add(JSON.parse(e.data)); } catch { /* not ours */ }
    });
    // EventSource retries a lost connection by itself, but gives up on an error answer (an expired token): find out which.
    source.addEventListener('error', function () {
      if (source && source.readyState === EventSource.CLOSED) {
        fetch(url('/inapp/messages?limit=1')).then(function (res) { if (res.status === 401) unauthorized(); }, function () {});
      }
    });
  }

  function toggle(show) {
    openPanel = show;
    panel.hidden = !show;
    bell.setAttribute('aria-expanded', String(show));
    if (show) markRead();
  }
  bell.addEventListener('click', function () { toggle(!openPanel); });
  root.querySelector('.close').addEventListener('click', function () { toggle(false); });

  window.SapaInApp = {
    setToken: function (t) { token = String(t || ''); connect(); },
    open: function () { toggle(true); },
    close: function () { toggle(false); },
  };
  function start() {
    document.body.appendChild(host);
    render();
    connect();
  }
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
