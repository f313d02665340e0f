/**
 * Estimates in the dashboard: list, create and edit drafts, send (test mode by default), the customer
 * link, conversion into an invoice, and a status fragment htmx polls so an acceptance shows at once.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { objectId } from '../../domain/ids.ts';
import type { SendAction } from '../../domain/send.ts';
import { documentDefaults, getEstimateWithLink } from '../../invoicing/dashboard-documents.ts';
import { convertEstimate } from '../../invoicing/estimate-invoice.ts';
import type { EstimateView } from '../../invoicing/estimate-view.ts';
import {
  createEstimate,
  type EstimateInput,
  listEstimates,
  updateEstimate,
} from '../../invoicing/estimates.ts';
import { sendEstimate } from '../../invoicing/send-estimate.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { type DraftForm, draftFromForm, draftOf, emptyDraft, field, parseDraft } from './draft.ts';
import { ADD_ITEM } from './editor.tsx';
import { EstimateEditor, EstimateList, EstimatePage, EstimateStatus, PAGE_SIZE } from './estimate-views.tsx';
import { formOf, idParam, noticeOf, pageOf, refusalOf, sendPage } from './page.tsx';

/** What the API may have set on an estimate and this form does not show: an edit keeps it. */
const KEPT = [
  'automaticTaxesEnabled',
  'meta',
  'sendEstimateDetails',
  'estimateNumberPrefix',
  'attachments',
  'autoInvoice',
  'miscellaneousCharges',
  'paymentScheduleConfig',
] as const;

function keptFields(current: EstimateView): Partial<EstimateInput> {
  const kept: Partial<EstimateInput> = {};
  for (const key of KEPT) if (current[key] !== undefined) Object.assign(kept, { [key]: current[key] });
  return kept;
}

const SEND_ACTIONS: SendAction[] = ['email', 'sms', 'sms_and_email', 'send_manually'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const estimates: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const path = (scope: LocationScope, rest = '') => locationPath(scope, `/estimates${rest}`);
  const pathOf = (scope: LocationScope, id: string, rest = '') =>
    path(scope, `/${encodeURIComponent(id)}${rest}`);

  function editor(
    reply: FastifyReply,
    scope: LocationScope,
    parts: { action: string; draft: DraftForm; expiryDate: string; problems: string[]; editing: boolean },
    status = 200,
  ) {
    const title = parts.editing ? 'Edit estimate' : 'New estimate';
    const body = <EstimateEditor scope={scope} {...parts} />;
    return sendPage(reply, scope, { title, section: 'estimates', body }, status);
  }

  async function save(request: FastifyRequest, reply: FastifyReply, current?: EstimateView) {
    const scope = scopeOf(request);
    if (current && current.estimateStatus !== 'draft')
      throw new DashboardError(409, 'Only a draft estimate can be edited here; this one was already sent.');
    const form = formOf(request);
    const action = field(form, '_action');
    const draft = draftFromForm(form, action === ADD_ITEM);
    const expiryDate = field(form, 'expiry_date', 10);
    const target = current ? pathOf(scope, current._id, '/edit') : path(scope, '/new');
    const again = (problems: string[], status: number) =>
      editor(reply, scope, { action: target, draft, expiryDate, problems, editing: !!current }, status);
    if (action === ADD_ITEM) return again([], 200);
    const parsed = parseDraft(draft, objectId);
    const problems = parsed.ok ? [] : [...parsed.problems];
    if (expiryDate !== '' && !DAY.test(expiryDate))
      problems.push('"Valid until" must be a date (YYYY-MM-DD).');
    if (!parsed.ok || problems.length > 0) return again(problems, 422);
    const input: EstimateInput = {
      ...parsed.value,
      altId: scope.location.id,
      businessDetails:
        current?.businessDetails ?? (await documentDefaults(services, scope.location.id)).businessDetails,
      frequencySettings: current?.frequencySettings ?? { enabled: false },
      ...(current ? keptFields(current) : {}),
      ...(current ? { issueDate: current.issueDate } : {}),
      ...(expiryDate === '' ? {} : { expiryDate }),
      ...(current?.termsNotes ? { termsNotes: current.termsNotes } : {}),
      ...(current?.title ? { title: current.title } : {}),
    };
    let saved: EstimateView;
    try {
      saved = current
        ? await updateEstimate(services, scope.actor, current._id, input)
        : await createEstimate(services, scope.actor, input);
    } catch (error) {
      const refused = refusalOf(error);
      return again([refused.message], refused.status);
    }
    return reply.redirect(`${pathOf(scope, saved._id)}?notice=${current ? 'saved' : 'created'}`, 303);
  }

  app.get('/estimates', async (request, reply) => {
    const scope = scopeOf(request);
    const page = pageOf(request);
    const list = await listEstimates(services, scope.location.id, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return sendPage(reply, scope, {
      title: 'Estimates',
      section: 'estimates',
      notice: noticeOf(request),
      body: <EstimateList scope={scope} estimates={list.estimates} total={list.total} page={page} />,
    });
  });

  app.get('/estimates/new', async (request, reply) => {
    const scope = scopeOf(request);
    const draft = emptyDraft(scope.location.testMode);
    return editor(reply, scope, {
      action: path(scope, '/new'),
      draft,
      expiryDate: '',
      problems: [],
      editing: false,
    });
  });

  app.post('/estimates/new', (request, reply) => save(request, reply));

  const load = (request: FastifyRequest) =>
    getEstimateWithLink(services, scopeOf(request).location.id, idParam(request, 'estimateId'));

  app.get('/estimates/:estimateId', async (request, reply) => {
    const scope = scopeOf(request);
    const { estimate, publicToken } = await load(request);
    const link = `${services.publicUrl.replace(/\/$/, '')}/e/${publicToken}`;
    return sendPage(reply, scope, {
      title: `Estimate ${estimate.estimateNumber}`,
      section: 'estimates',
      notice: noticeOf(request),
      body: <EstimatePage scope={scope} e={estimate} link={link} />,
    });
  });

  app.get('/estimates/:estimateId/status', async (request, reply) => {
    const scope = scopeOf(request);
    const { estimate } = await load(request);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderToString(<EstimateStatus scope={scope} e={estimate} />));
  });

  app.get('/estimates/:estimateId/edit', async (request, reply) => {
    const scope = scopeOf(request);
    const { estimate } = await load(request);
    if (estimate.estimateStatus !== 'draft')
      throw new DashboardError(409, 'Only a draft estimate can be edited here; this one was already sent.');
    return editor(reply, scope, {
      action: pathOf(scope, estimate._id, '/edit'),
      draft: draftOf(estimate),
      expiryDate: estimate.expiryDate,
      problems: [],
      editing: true,
    });
  });

  app.post('/estimates/:estimateId/edit', async (request, reply) =>
    save(request, reply, (await load(request)).estimate),
  );

  app.post('/estimates/:estimateId/send', async (request, reply) => {
    const scope = scopeOf(request);
    const { estimate } = await load(request);
    const form = formOf(request);
    const action = field(form, 'send_action') as SendAction;
    if (!SEND_ACTIONS.includes(action)) throw new DashboardError(400, 'Choose how to send the estimate.');
    await sendEstimate(services, scope.actor, estimate._id, {
      altId: scope.location.id,
      userId: scope.user.userId,
      action,
      liveMode: field(form, 'mode') === 'live',
    });
    return reply.redirect(`${pathOf(scope, estimate._id)}?notice=sent`, 303);
  });

  app.post('/estimates/:estimateId/convert', async (request, reply) => {
    const scope = scopeOf(request);
    const { estimate } = await load(request);
    const done = await convertEstimate(services, scope.actor, estimate._id, {
      altId: scope.location.id,
      markAsInvoiced: true,
    });
    return reply.redirect(locationPath(scope, `/invoices/${encodeURIComponent(done.invoice._id)}`), 303);
  });
};

export default estimates;
