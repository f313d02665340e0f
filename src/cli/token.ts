/** `token create | revoke | list`: API tokens of the store. Secrets are printed once, at creation. */
import type { Config } from '../config.ts';
import { AGENCY_ONLY_SCOPES, ALL_SCOPES, isScope } from '../domain/scopes.ts';
import { issueToken, listTokens, revokeToken } from '../tenancy/tokens.ts';
import { noPositionals, parse } from './args.ts';
import { CliError, EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { withStore } from './with-store.ts';

export async function tokenCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create':
      return tokenCreate(config, io, rest);
    case 'revoke':
      return tokenRevoke(config, io, rest);
    case 'list':
      return tokenList(config, io, rest);
    default:
      throw new CliError(`token: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}`, {
        exitCode: EXIT.usage,
        withUsage: true,
      });
  }
}

function parseScopes(raw: string, kind: 'agency' | 'location'): string[] {
  const scopes = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (scopes.length === 0) throw new CliError('--scopes: give at least one scope');
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length > 0) {
    throw new CliError(`unknown scope ${unknown.join(', ')}; known scopes: ${ALL_SCOPES.join(', ')}`);
  }
  const agencyOnly = scopes.filter((s) => (AGENCY_ONLY_SCOPES as readonly string[]).includes(s));
  if (kind === 'location' && agencyOnly.length > 0) {
    throw new CliError(`a location token cannot hold ${agencyOnly.join(', ')} (agency tokens only)`);
  }
  return scopes;
}

function parseExpiresIn(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) {
    throw new CliError(`--expires-in must be a whole number of seconds (1 or more), got "${raw}"`);
  }
  return Number(raw);
}

async function tokenCreate(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    location: { type: 'string' },
    company: { type: 'string' },
    scopes: { type: 'string' },
    'expires-in': { type: 'string' },
    label: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals, 'token create');
  const locationId = values.location as string | undefined;
  const companyId = values.company as string | undefined;
  if ((locationId === undefined) === (companyId === undefined)) {
    throw new CliError('token create: give exactly one of --location ID or --company ID');
  }
  const kind = locationId !== undefined ? 'location' : 'agency';
  const scopes = values.scopes !== undefined ? parseScopes(values.scopes as string, kind) : undefined;
  const expiresIn = parseExpiresIn(values['expires-in'] as string | undefined);
  const label = (values.label as string | undefined) ?? null;
  const created = await withStore(config, io, (store) =>
    issueToken({ store }, { locationId, companyId, scopes, expiresIn, label }),
  );
  const summary = {
    id: created.id,
    token: created.token,
    kind: created.kind,
    scopes: created.scopes,
    expiresAt: created.expiresAt?.toISOString() ?? null,
  };
  if (values.json) {
    io.out(`${JSON.stringify(summary)}\n`);
  } else {
    io.out(
      `Created ${summary.kind} token ${summary.id} (expires ${summary.expiresAt ?? 'never'}):\n` +
        `  ${summary.token}\n` +
        `  scopes: ${summary.scopes.join(' ')}\n` +
        'Keep it: it is shown only now.\n',
    );
  }
  return EXIT.ok;
}

async function tokenRevoke(config: Config, io: Io, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new CliError('token revoke: give exactly one token id');
  const id = positionals[0]!;
  const revoked = await withStore(config, io, (store) => revokeToken({ store }, id));
  if (!revoked) throw new CliError(`no live token with id ${id} (unknown or already revoked)`);
  io.out(`Revoked token ${id}\n`);
  return EXIT.ok;
}

async function tokenList(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  noPositionals(positionals, 'token list');
  const rows = await withStore(config, io, (store) => listTokens({ store }));
  const tokens = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    companyId: r.company_id,
    locationId: r.location_id,
    scopes: r.scopes,
    label: r.label,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revoked: r.revoked_at !== null,
    createdAt: r.created_at.toISOString(),
  }));
  if (values.json) {
    io.out(`${JSON.stringify(tokens)}\n`);
    return EXIT.ok;
  }
  if (tokens.length === 0) {
    io.out('No tokens.\n');
    return EXIT.ok;
  }
  for (const t of tokens) {
    const state = t.revoked
      ? 'revoked'
      : t.expiresAt && Date.parse(t.expiresAt) <= Date.now()
        ? 'expired'
        : 'live';
    io.out(
      `${t.id}  ${t.kind.padEnd(8)}  ${state.padEnd(7)}  company ${t.companyId}` +
        `${t.locationId ? `  location ${t.locationId}` : ''}  expires ${t.expiresAt ?? 'never'}` +
        `${t.label ? `  label ${JSON.stringify(t.label)}` : ''}\n    scopes: ${t.scopes.join(' ')}\n`,
    );
  }
  return EXIT.ok;
}
