/**
 * How list and get grow with a location's size: the exact SQL the store issues (captured from Kysely's
 * query log) under EXPLAIN ANALYZE, so a sequential scan or a sort over the whole location shows up.
 */
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { type InvoiceFilters, listInvoiceViews } from '../src/store/invoice-list.ts';
import { findInvoiceView } from '../src/store/invoice-views.ts';
import type { Database } from '../src/store/schema.ts';

export interface PlanSummary {
  query: string;
  ms: number;
  /** Scan and sort nodes, e.g. "Index Scan invoices_location_created_idx", "Sort (top-N heapsort)". */
  nodes: string[];
  seqScan: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Sort Method'?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, out: string[]): void {
  const type = node['Node Type'];
  if (/Scan/.test(type)) {
    out.push(`${type} ${node['Index Name'] ?? node['Relation Name'] ?? ''}`.trim());
  } else if (/Sort/.test(type)) {
    out.push(`${type}${node['Sort Method'] ? ` (${node['Sort Method']})` : ''}`);
  }
  for (const child of node.Plans ?? []) walk(child, out);
}

function label(sql: string): string {
  if (/count\(\*\)/.test(sql)) return 'count';
  if (/from "invoice_items"/.test(sql)) return 'items';
  if (/limit/.test(sql)) return 'page';
  return 'invoice';
}

async function explainAll(pool: pg.Pool, run: (db: Kysely<Database>) => Promise<unknown>) {
  const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await run(db);
  const plans: PlanSummary[] = [];
  for (const q of captured) {
    const result = await pool.query(`explain (analyze, format json) ${q.sql}`, q.parameters as unknown[]);
    const [top] = result.rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode; 'Execution Time': number }>;
    const nodes: string[] = [];
    walk(top!.Plan, nodes);
    plans.push({
      query: label(q.sql),
      ms: top!['Execution Time'],
      nodes,
      seqScan: nodes.some((n) => n.startsWith('Seq Scan')),
    });
  }
  return plans;
}

/** Plans of GET /invoices/{id} and of GET /invoices/ with the given filters, on the current data. */
export async function explainRoutes(
  pool: pg.Pool,
  locationId: string,
  invoiceId: string,
  filters: Omit<InvoiceFilters, 'limit'> & { limit?: number },
) {
  return {
    get: await explainAll(pool, (db) => findInvoiceView(db, locationId, invoiceId)),
    list: await explainAll(pool, (db) => listInvoiceViews(db, locationId, { limit: 50, ...filters })),
  };
}

export function formatPlans(plans: PlanSummary[]): string {
  return plans.map((p) => `${p.query} ${p.ms.toFixed(2)}ms [${p.nodes.join(', ')}]`).join('; ');
}
