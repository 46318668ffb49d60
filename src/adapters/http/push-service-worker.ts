/**
 * The service worker a shop's site runs for Sapa's web pushes (served at GET /push/sw.js). A
 * service worker must come from the site's own origin, so the shop serves a one-line file
 * `importScripts('https://<sapa>/push/sw.js')` from its site (docs/web-push.md).
 * It shows each push — JSON `{ title, body, url? }` from push.channel.ts — and opens `url` (or
 * the site) when the notification is clicked, focusing a tab already showing it.
 */
export const PUSH_SERVICE_WORKER = `/* Sapa web push service worker */
self.addEventListener('push', function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : '' }; }
  var title = data.title || self.registration.scope;
  var options = { body: data.body || '', icon: data.icon || undefined, data: { url: data.url || self.registration.scope } };
  event.waitUntil(self.registration.showNotification(title, options));
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || self.registration.scope;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (tabs) {
    for (var i = 0; i < tabs.length; i++) { if (tabs[i].url === url && 'focus' in tabs[i]) return tabs[i].focus(); }
    return self.clients.openWindow ? self.clients.openWindow(url) : undefined;
  }));
});
`;
