// The dashboard's service worker: shows the notifier's Web Push messages ({ title, body, kind,
// eventId, url }, decrypted by the browser) and opens the dashboard when one is clicked.
self.addEventListener('push', (event) => {
  let message = { title: 'Copytrade', body: '', url: '/' };
  try {
    message = { ...message, ...event.data.json() };
  } catch {
    // Not our JSON: show the generic title rather than nothing (a push must show a notification).
  }
  event.waitUntil(
    self.registration.showNotification(String(message.title), {
      body: String(message.body),
      tag: typeof message.eventId === 'string' ? message.eventId : undefined,
      data: { url: typeof message.url === 'string' && message.url.startsWith('/') ? message.url : '/' },
      icon: '/assets/favicon.svg',
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data?.url ?? '/'));
});
