/** The load generator: autocannon runs against the service (or a ceiling), with a request picked per call. */
import autocannon, { type RequestParams } from 'autocannon';

export const API_VERSION = '2021-07-28';

export interface Target {
  invoiceId: string;
  locationId: string;
  userId: string;
  token: string;
}

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers. */
  errors: number;
  firstError?: string;
  /** Paced runs: clusters of requests slower than 50 ms (see paced.ts). */
  stalls?: Array<{ atMs: number; requests: number; worstMs: number; waits?: string }>;
  /** Paced runs: when the run began (performance.now()) and how late the generator's own timers fired. */
  startedAt?: number;
  generatorLateMs?: { max: number; over10: number };
  /** Cores used during the run by the process under test, PostgreSQL and the load generator. */
  cpu?: {
    serviceCores: number;
    postgresCores: number;
    loadGeneratorCores: number;
    otherCores: number;
    machineBusy: number;
  };
}

export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  /** Requests per second over all connections (a fixed-rate run); unset: as fast as answers come. */
  overallRate?: number;
}

export function headersFor(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, version: API_VERSION, 'content-type': 'application/json' };
}

export async function drive(
  name: string,
  options: LoadOptions,
  pick: () => RequestParams,
): Promise<LoadResult> {
  let firstError: string | undefined;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...pick() }),
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && firstError === undefined) {
            firstError = `${status} ${String(body).slice(0, 300)}`;
          }
        },
      },
    ],
  });
  return {
    name,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // A run in which no answer came back at all (every request slower than the run) is a failure too.
    errors: result.errors + result.timeouts + result.non2xx + (result.requests.total === 0 ? 1 : 0),
    ...(firstError || result.requests.total === 0
      ? { firstError: firstError ?? `no answer within the ${options.duration} s run` }
      : {}),
  };
}

export function randomOf<T>(list: T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

export function getRequest(t: Target): RequestParams {
  return {
    method: 'GET',
    path: `/invoices/${t.invoiceId}?altId=${t.locationId}&altType=location`,
    headers: headersFor(t.token),
  };
}

/** The filtered list a UI shows first: one status, newest first, a page of 50 among the first pages. */
export function listRequest(t: Target, options: { status?: string; offset?: number } = {}): RequestParams {
  const status = options.status ?? 'sent';
  const offset = options.offset ?? 50 * Math.floor(Math.random() * 5);
  return {
    method: 'GET',
    path: `/invoices/?altId=${t.locationId}&altType=location&status=${status}&limit=50&offset=${offset}`,
    headers: headersFor(t.token),
  };
}

export function sendRequest(t: Target, action: 'send_manually' | 'email', liveMode = false): RequestParams {
  return {
    method: 'POST',
    path: `/invoices/${t.invoiceId}/send`,
    headers: headersFor(t.token),
    body: JSON.stringify({ altId: t.locationId, altType: 'location', userId: t.userId, action, liveMode }),
  };
}

/** A CreateInvoiceDto with 1-20 lines, half of them taxed, as a client would send it. */
export function createBody(locationId: string, seq: number): string {
  const today = new Date().toISOString().slice(0, 10);
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const contact = seq % 500;
  const items = Array.from({ length: 1 + (seq % 20) }, (_, i) => ({
    name: `Service line ${i + 1}`,
    currency: 'USD',
    amount: 10 + ((seq * 7 + i * 13) % 490) + 0.25,
    qty: 1 + (i % 4),
    ...(seq % 2 === 0
      ? { taxes: [{ _id: 'tax-vat', name: 'VAT', rate: 10, calculation: 'exclusive' as const }] }
      : {}),
  }));
  return JSON.stringify({
    altId: locationId,
    altType: 'location',
    name: `Bench invoice ${seq}`,
    businessDetails: { name: 'Bench Business', phoneNo: '+14155550100' },
    currency: 'USD',
    items,
    discount: { type: 'percentage', value: 0 },
    contactDetails: {
      id: `contact-${contact}`,
      name: `Customer ${contact}`,
      email: `customer${contact}@example.com`,
      phoneNo: `+1415${String(5550000 + contact).padStart(7, '0')}`,
    },
    issueDate: today,
    dueDate: due,
    sentTo: { email: [`customer${contact}@example.com`] },
    liveMode: false,
  });
}
