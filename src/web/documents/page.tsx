/** Helpers the schedules, estimates and templates screens share: sending a page, ids, notices, money. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { formatMoney, toMinor } from '../../domain/money.ts';
import { AppError } from '../../errors.ts';
import type { LocationScope } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { type PageParts, renderLocationPage } from '../layout.tsx';
import type { FormBody } from './draft.ts';

export function sendPage(reply: FastifyReply, scope: LocationScope, parts: PageParts, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(renderLocationPage(scope, parts));
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** A path parameter that names a document; anything else is a page that does not exist. */
export function idParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (typeof value !== 'string' || !ID.test(value))
    throw new DashboardError(404, 'There is no such page, or you have no access to it.');
  return value;
}

export function formOf(request: FastifyRequest): FormBody {
  const body = request.body;
  return body && typeof body === 'object' ? (body as FormBody) : {};
}

/** Fixed texts for the `?notice=` codes the screens redirect with (never the person's own text). */
const NOTICES: Record<string, string> = {
  created: 'Saved.',
  saved: 'Your changes are saved.',
  activated: 'The schedule is active. Its next run is shown below.',
  cancelled: 'The schedule is cancelled: it makes no more invoices.',
  deleted: 'Deleted.',
  sent: 'The estimate was sent.',
};

export function noticeOf(request: FastifyRequest): string | undefined {
  const code = (request.query as Record<string, unknown> | undefined)?.notice;
  return typeof code === 'string' ? NOTICES[code] : undefined;
}

/** A use case's refusal of the person's input (a 4xx), as words for the form; anything else is rethrown. */
export function refusalOf(error: unknown): { status: number; message: string } {
  if (error instanceof AppError && error.statusCode >= 400 && error.statusCode < 500)
    return { status: error.statusCode === 404 ? 404 : 422, message: error.message };
  throw error;
}

/** An amount of a view (major units) for people: "$1,234.50". */
export function money(major: number, currency: string): string {
  try {
    return formatMoney(toMinor(major, currency), currency);
  } catch {
    return `${major} ${currency}`;
  }
}

const PILLS: Record<string, string> = {
  active: 'pill-sent',
  sent: 'pill-sent',
  accepted: 'pill-paid',
  completed: 'pill-paid',
  invoiced: 'pill-paid',
  paid: 'pill-paid',
  declined: 'pill-void',
  cancelled: 'pill-void',
  void: 'pill-void',
  draft: 'pill-draft',
};

export function StatusPill({ status }: { status: string }): VNode {
  return <span class={`pill ${PILLS[status] ?? ''}`}>{status}</span>;
}

export function ModePill({ live }: { live: boolean }): VNode | null {
  return live ? null : <span class="pill pill-test">test</span>;
}

/** The page number of `?page=` (1 when absent or not a number). */
export function pageOf(request: FastifyRequest): number {
  const raw = (request.query as Record<string, unknown> | undefined)?.page;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}

export function Pager(props: { page: number; total: number; size: number; base: string }): VNode | null {
  const pages = Math.max(1, Math.ceil(props.total / props.size));
  if (pages === 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 ? <a href={`${props.base}?page=${props.page - 1}`}>Previous</a> : null}
      <span>
        Page {props.page} of {pages}
      </span>
      {props.page < pages ? <a href={`${props.base}?page=${props.page + 1}`}>Next</a> : null}
    </nav>
  );
}
