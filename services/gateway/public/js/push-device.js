import { getJson, sendJson } from './api.js';

// "Notify me on this device": registers the service worker (/sw.js), subscribes with the server's
// VAPID key through the PushManager, and hands the subscription to the API. The first time, it also
// subscribes the user's devices to a few kinds of events (changeable through the API).
const section = document.getElementById('push-device');
const button = document.getElementById('push-enable');
const status = document.getElementById('push-status');
const defaultKinds = ['copy_failed', 'risk_exit', 'drift_found', 'master_exit'];

const say = (text) => {
  status.textContent = text;
};

/** The VAPID key as the bytes PushManager.subscribe wants. */
function keyBytes(base64url) {
  const base64 = base64url.replaceAll('-', '+').replaceAll('_', '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function enable(publicKey) {
  button.disabled = true;
  try {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      say('Notifications are blocked for this site; allow them in the browser’s site settings.');
      return;
    }
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      }));
    await sendJson('POST', '/v1/notifications/push/devices', subscription.toJSON());
    const { subscriptions } = await getJson('/v1/notifications/subscriptions');
    if (!subscriptions.some((s) => s.channel === 'web_push'))
      await sendJson('POST', '/v1/notifications/subscriptions', { channel: 'web_push', kinds: defaultKinds });
    say('This device will be notified (failed copies, risk exits, drift, master exits).');
  } catch (error) {
    say(`Could not turn on notifications here: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

async function start() {
  if (!section) return;
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('This browser cannot receive push notifications.');
    return;
  }
  try {
    const { publicKey } = await getJson('/v1/notifications/push/key');
    if (!publicKey) {
      say('Push notifications are not set up on this server.');
      return;
    }
    button.hidden = false;
    button.addEventListener('click', () => enable(publicKey));
  } catch (error) {
    say(`Could not read the notification settings: ${error.message}`);
  }
}

start();
