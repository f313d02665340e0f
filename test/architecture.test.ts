/**
 * The layering of docs/architecture.md, checked on the sources: dependencies point one way
 * (http, jobs, cli -> use cases -> store, render, delivery -> domain), and no file grows past 300 lines.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'src');

/** The top folder (or root file) of a path under src/. */
function layerOf(file: string): string {
  const relative = path.relative(src, file);
  const [first] = relative.split(path.sep);
  return first!.replace(/\.tsx?$/, '');
}

interface Import {
  from: string;
  target: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

const IMPORT =
  /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm;

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = match[3] ?? match[4] ?? match[5]!;
    found.push({ from: file, target, typeOnly: match[2] !== undefined });
  }
  return found;
}

/** Which layers each layer may import at run time (type-only imports are listed separately). */
const ALLOWED: Record<string, { values: string[]; types?: string[]; packages: boolean | RegExp }> = {
  // Pure calculation libraries only: time zones (luxon) and RFC 5545 rules (rrule) do no I/O.
  domain: { values: ['domain', 'errors'], packages: /^(node:crypto|luxon|rrule)$/ },
  errors: { values: [], packages: false },
  config: { values: ['config'], packages: /^node:/ },
  store: { values: ['store', 'domain', 'errors'], packages: true },
  delivery: { values: ['delivery', 'domain'], packages: true },
  payments: { values: ['payments', 'domain'], packages: true },
  render: { values: ['render', 'domain'], types: ['store'], packages: true },
  invoicing: {
    values: ['invoicing', 'domain', 'store', 'render', 'delivery', 'payments', 'errors'],
    types: ['config'],
    // Pure libraries only: schemas and their serializer (the API representation is the use cases' output).
    packages: /^(node:|fast-json-stringify$|@sinclair\/typebox$)/,
  },
  tenancy: { values: ['tenancy', 'domain', 'store', 'errors'], packages: /^node:/ },
  webhooks: { values: ['webhooks', 'domain', 'store', 'errors'], types: ['config'], packages: /^node:/ },
  jobs: {
    values: ['jobs', 'invoicing', 'webhooks', 'delivery', 'payments', 'domain', 'store', 'config'],
    packages: true,
  },
  http: {
    values: ['http', 'invoicing', 'tenancy', 'webhooks', 'render', 'domain', 'errors'],
    packages: true,
  },
  // The dashboard is an edge like http: it calls the same use cases and never the store.
  web: {
    values: ['web', 'invoicing', 'tenancy', 'webhooks', 'render', 'domain', 'errors'],
    types: ['http', 'config', 'store'],
    packages: true,
  },
};

describe('architecture', () => {
  const files = sources(src);

  test('dependencies point one way', () => {
    const problems: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      const rule = ALLOWED[layer];
      if (!rule) continue; // entry points (app, server, cli) may import anything below them
      for (const imp of importsOf(file)) {
        const where = `${path.relative(root, file)} imports ${imp.target}`;
        if (!imp.target.startsWith('.')) {
          const ok = rule.packages === true || (rule.packages !== false && rule.packages.test(imp.target));
          if (!ok && !imp.typeOnly) problems.push(`${where}: ${layer} may not use that package`);
          continue;
        }
        const target = layerOf(path.resolve(path.dirname(file), imp.target));
        const allowed = rule.values.includes(target) || (imp.typeOnly && (rule.types ?? []).includes(target));
        if (!allowed) problems.push(`${where}: ${layer} may not depend on ${target}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('no source file is over 300 lines', () => {
    const long = files
      .map((file) => ({
        file: path.relative(root, file),
        lines: fs.readFileSync(file, 'utf8').split('\n').length,
      }))
      .filter((f) => f.lines > 301);
    assert.deepEqual(long, []);
  });
});
