import type { NotificationKind } from '@copytrade/contracts';
import type { GatewayClient } from '../gateway-client.ts';

/** What the demo's operator subscribes to on each channel. */
export const demoSubscriptions = {
  webhook: ['copy_placed', 'copy_failed', 'master_exit'],
  email: ['copy_failed', 'risk_exit', 'drift_found', 'drift_repaired'],
} satisfies Record<'webhook' | 'email', NotificationKind[]>;

/**
 * As a user sets notifications up, through the gateway's API: a webhook endpoint (its secret shown
 * once, in the answer) and a subscription per channel. Email goes to the user's own address.
 */
export async function subscribeThroughGateway(
  gateway: GatewayClient,
  webhookUrl: string,
): Promise<{ endpointId: string; secret: string }> {
  const { endpoint, secret } = await gateway.call<{ endpoint: { id: string }; secret: string }>(
    'POST',
    '/v1/notifications/webhooks',
    { url: webhookUrl, description: 'the demo’s receiver' },
  );
  await gateway.call('POST', '/v1/notifications/subscriptions', {
    channel: 'webhook',
    endpointId: endpoint.id,
    kinds: demoSubscriptions.webhook,
  });
  await gateway.call('POST', '/v1/notifications/subscriptions', {
    channel: 'email',
    kinds: demoSubscriptions.email,
  });
  return { endpointId: endpoint.id, secret };
}
