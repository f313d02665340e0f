/**
 * The invoice editor: GET new (optionally ?template=), GET :id/edit (drafts), POST create, POST :id
 * (update a draft), POST preview (the live totals), POST :id/duplicate. The same use cases as the API.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { AppError } from '../../errors.ts';
import { createInvoice, type NewInvoice } from '../../invoicing/create-invoice.ts';
import { duplicateInvoice, getDashboardInvoice } from '../../invoicing/dashboard-invoices.ts';
import { getInvoiceSettings } from '../../invoicing/invoice-settings.ts';
import { getTemplate, invoiceBodyFromTemplate } from '../../invoicing/templates.ts';
import { updateInvoice } from '../../invoicing/update-invoice.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { CsrfField, renderLocationPage } from '../layout.tsx';
import { Editor } from './editor.tsx';
import {
  type EditorForm,
  emptyItem,
  formFromBody,
  formFromInvoice,
  formFromTemplate,
  MAX_ITEMS,
  newForm,
} from './form.ts';
import { type CheckedForm, checkForm } from './form-check.ts';
import { noticeText } from './notices.ts';
import { problemsOf, TotalsBody, totalsOf } from './totals.tsx';

type Params = { id: string };
const today = () => new Date().toISOString().slice(0, 10);

function page(
  reply: FastifyReply,
  scope: LocationScope,
  opts: { form: EditorForm; id?: string; problems?: string[]; status?: number; notice?: string },
) {
  const base = locationPath(scope, '/invoices');
  const editing = opts.id !== undefined;
  const action = editing ? `${base}/${encodeURIComponent(opts.id!)}` : base;
  const title = editing ? 'Edit invoice' : 'New invoice';
  const body = (
    <>
      <p class="small">
        <a href={editing ? action : base}>{editing ? 'Back to the invoice' : 'Back to invoices'}</a>
      </p>
      <h1>{title}</h1>
      <Editor
        form={opts.form}
        csrfToken={scope.csrfToken}
        action={action}
        previewUrl={`${base}/preview`}
        totals={totalsOf(opts.form)}
        problems={opts.problems ?? []}
        editing={editing}
      />
      {editing ? (
        <form method="post" action={`${action}/duplicate`} class="actions">
          <CsrfField token={scope.csrfToken} />
          <button type="submit" class="secondary">
            Duplicate as a new draft
          </button>
        </form>
      ) : null}
    </>
  );
  return reply
    .status(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(renderLocationPage(scope, { title, section: 'invoices', body, notice: opts.notice }));
}

/** An intent other than save changes the form's rows and shows it again; undefined means save. */
function changedForm(form: EditorForm, intent: string): EditorForm | undefined {
  if (intent === 'add-item') {
    return form.items.length >= MAX_ITEMS ? form : { ...form, items: [...form.items, emptyItem()] };
  }
  const remove = /^remove-(\d+)$/.exec(intent);
  if (remove) {
    const items = form.items.filter((_, i) => i !== Number(remove[1]));
    return { ...form, items: items.length > 0 ? items : [emptyItem()] };
  }
  if (intent === 'recalculate') return form;
  return undefined;
}

const intentOf = (body: Record<string, unknown>) => {
  const v = body.intent;
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : 'save';
};

/** A use case's refusal (bad input: 4xx) as problems to show on the form; anything else is thrown on. */
function refusal(err: unknown): string[] {
  if (err instanceof AppError && err.statusCode < 500) return problemsOf(err);
  throw err;
}

function sharedFields(ok: CheckedForm) {
  return {
    name: ok.name,
    currency: ok.currency,
    discount: ok.discount,
    contactDetails: ok.contactDetails,
    issueDate: ok.issueDate,
    dueDate: ok.dueDate,
    liveMode: ok.liveMode,
    tipsConfiguration: ok.tipsConfiguration,
    lateFeesConfiguration: ok.lateFeesConfiguration,
    ...(ok.paymentSchedule ? { paymentSchedule: ok.paymentSchedule } : {}),
  };
}

async function draftOf(app: Parameters<FastifyPluginAsync>[0], scope: LocationScope, id: string) {
  return getDashboardInvoice(app.services, scope.location.id, id);
}

const editorRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;

  app.get('/invoices/new', async (request, reply) => {
    const scope = scopeOf(request);
    const { template } = request.query as { template?: unknown };
    let form = newForm(today(), scope.location.testMode);
    if (typeof template === 'string' && template !== '') {
      form = formFromTemplate(await getTemplate(services, scope.location.id, template), form);
    }
    return page(reply, scope, { form });
  });

  app.post('/invoices/preview', async (request, reply) => {
    scopeOf(request);
    const form = formFromBody(request.body as Record<string, unknown>);
    const html = renderToString(<TotalsBody result={totalsOf(form)} />);
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.post('/invoices', async (request, reply) => {
    const scope = scopeOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = formFromBody(body);
    const changed = changedForm(form, intentOf(body));
    if (changed) return page(reply, scope, { form: changed });
    const checked = checkForm(form);
    if ('problems' in checked) return page(reply, scope, { form, problems: checked.problems, status: 422 });
    const { ok } = checked;
    const locationId = scope.location.id;
    let created: string;
    try {
      let input: Record<string, unknown> = {
        altId: locationId,
        ...sharedFields(ok),
        items: ok.items,
        sentTo: { email: ok.email ? [ok.email] : [] },
        ...(ok.termsNotes ? { termsNotes: ok.termsNotes } : {}),
      };
      if (form.templateId)
        input = await invoiceBodyFromTemplate(services, locationId, form.templateId, input);
      if (input.businessDetails === undefined) {
        input.businessDetails = (await getInvoiceSettings(services, locationId)).businessDetails;
      }
      created = (await createInvoice(services, scope.actor, input as unknown as NewInvoice)).invoice.id;
    } catch (err) {
      return page(reply, scope, { form, problems: refusal(err), status: 422 });
    }
    return reply.redirect(locationPath(scope, `/invoices/${encodeURIComponent(created)}`), 303);
  });

  app.get<{ Params: Params }>('/invoices/:id/edit', async (request, reply) => {
    const scope = scopeOf(request);
    const view = await draftOf(app, scope, request.params.id);
    if (view.status !== 'draft') {
      return reply.redirect(locationPath(scope, `/invoices/${encodeURIComponent(view._id)}`), 303);
    }
    const notice = noticeText((request.query as { notice?: unknown }).notice);
    return page(reply, scope, { form: formFromInvoice(view), id: view._id, notice });
  });

  app.post<{ Params: Params }>('/invoices/:id', async (request, reply) => {
    const scope = scopeOf(request);
    const view = await draftOf(app, scope, request.params.id);
    if (view.status !== 'draft')
      throw new DashboardError(409, 'Only a draft can be edited here; this invoice has been sent.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = formFromBody(body);
    const changed = changedForm(form, intentOf(body));
    if (changed) return page(reply, scope, { form: changed, id: view._id });
    const checked = checkForm(form);
    if ('problems' in checked) {
      return page(reply, scope, { form, id: view._id, problems: checked.problems, status: 422 });
    }
    const { ok } = checked;
    try {
      await updateInvoice(services, scope.actor, view._id, {
        altId: scope.location.id,
        ...sharedFields(ok),
        invoiceItems: ok.items,
        contactId: ok.contactDetails.id,
        termsNotes: ok.termsNotes ?? '',
      });
    } catch (err) {
      return page(reply, scope, { form, id: view._id, problems: refusal(err), status: 422 });
    }
    return reply.redirect(locationPath(scope, `/invoices/${encodeURIComponent(view._id)}`), 303);
  });

  app.post<{ Params: Params }>('/invoices/:id/duplicate', async (request, reply) => {
    const scope = scopeOf(request);
    const id = await duplicateInvoice(services, scope.actor, scope.location.id, request.params.id);
    return reply.redirect(
      locationPath(scope, `/invoices/${encodeURIComponent(id)}/edit?notice=duplicated`),
      303,
    );
  });
};

export default editorRoutes;
