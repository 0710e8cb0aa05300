import { checkEndpointUrl, EndpointRefused, type EndpointPolicy } from '@copytrade/webhooks';
import { invalidFields } from '../errors/http-error.ts';

/** Refuses (400 on `body.url`) an endpoint that is not https where required or is not public. */
export async function checkEndpoint(url: string, policy: EndpointPolicy, field = 'body.url'): Promise<void> {
  try {
    await checkEndpointUrl(url, policy);
  } catch (error) {
    if (error instanceof EndpointRefused) throw invalidFields([{ field, message: error.message }]);
    throw error;
  }
}
