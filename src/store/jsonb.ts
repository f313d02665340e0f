/**
 * A JSON value as a jsonb column gives it back: object keys ordered as jsonb orders them (shorter first,
 * then by their UTF-8 bytes), keys with undefined values gone. Use cases that compute an invoice's new
 * state without reading it back (its stored view is built from that state) shape JSON values with this, so
 * the view is the same bytes as one rebuilt from the row later.
 */
export function asJsonb<T>(value: T): T {
  return canonical(value) as T;
}

function byJsonbKeyOrder(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length - y.length || Buffer.compare(x, y);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(byJsonbKeyOrder)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}
