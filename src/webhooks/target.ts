/**
 * A subscription's URL checked for one attempt: http or https, and every address its host resolves to
 * allowed (addresses.ts). The attempt then connects to the address checked here, never to a second
 * lookup's answer (post.ts), so a name cannot resolve to a public address for the check and to a private
 * one for the connection.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusedAddress } from './addresses.ts';

export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

export class TargetUnresolved extends Error {
  override name = 'TargetUnresolved';
}

/** The URL as a subscription may name it; throws TargetRefused saying what is wrong. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused(`${raw} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetRefused(`${raw}: webhooks are delivered over http or https only`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TargetRefused(`${raw}: a webhook URL must not carry a user name or password`);
  }
  return url;
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves and checks the URL's host. TargetRefused: the URL or an address it resolves to is not
 * allowed (final); TargetUnresolved: the name did not resolve now (a retry may succeed).
 */
export async function checkTarget(raw: string, allowPrivateNetworks: boolean): Promise<CheckedTarget> {
  const url = parseTargetUrl(raw);
  const host = bare(url.hostname);
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new TargetUnresolved(
        `${raw}: ${host} did not resolve (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
  for (const { address } of addresses) {
    const reason = refusedAddress(address, allowPrivateNetworks);
    if (reason !== null) {
      throw new TargetRefused(
        `${raw} resolves to ${address}, ${reason}: webhooks are delivered to public addresses only ` +
          '(WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows private networks)',
      );
    }
  }
  const first = addresses[0];
  if (first === undefined) throw new TargetUnresolved(`${raw}: ${host} has no address`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
