/**
 * Recurring schedules in the dashboard: list, create, edit, activate, cancel, and a schedule's page with
 * its next run and the invoices its runs made. Everything goes through invoicing/schedules.ts.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { objectId } from '../../domain/ids.ts';
import { echoedFields } from '../../domain/invoice.ts';
import { documentDefaults } from '../../invoicing/dashboard-documents.ts';
import type { ScheduleView } from '../../invoicing/schedule-view.ts';
import {
  activateSchedule,
  cancelSchedule,
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  type ScheduleInput,
  updateAndActivate,
  updateSchedule,
} from '../../invoicing/schedules.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { type DraftForm, draftFromForm, draftOf, emptyDraft, field, parseDraft } from './draft.ts';
import { ADD_ITEM } from './editor.tsx';
import { formOf, idParam, noticeOf, pageOf, refusalOf, sendPage } from './page.tsx';
import { emptyRule, parseRule, type RuleDraft, ruleFromForm, ruleOf } from './schedule-rule.tsx';
import { PAGE_SIZE, ScheduleEditor, ScheduleList, SchedulePage } from './schedule-views.tsx';

const schedules: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const path = (scope: LocationScope, rest = '') => locationPath(scope, `/schedules${rest}`);

  function editor(
    reply: FastifyReply,
    scope: LocationScope,
    parts: { action: string; draft: DraftForm; rule: RuleDraft; problems: string[]; current?: ScheduleView },
    status = 200,
  ) {
    return sendPage(
      reply,
      scope,
      {
        title: parts.current ? `Edit ${parts.current.name}` : 'New schedule',
        section: 'schedules',
        body: <ScheduleEditor scope={scope} {...parts} status={parts.current?.status} />,
      },
      status,
    );
  }

  /** Create or change from the posted form; re-renders the form (input kept) on "Add item" or a problem. */
  async function save(request: FastifyRequest, reply: FastifyReply, current?: ScheduleView) {
    const scope = scopeOf(request);
    const form = formOf(request);
    const action = field(form, '_action');
    const draft = draftFromForm(form, action === ADD_ITEM);
    const rule = ruleFromForm(form);
    const target = current ? path(scope, `/${encodeURIComponent(current._id)}/edit`) : path(scope, '/new');
    const again = (problems: string[], status: number) =>
      editor(reply, scope, { action: target, draft, rule, problems, current }, status);
    if (action === ADD_ITEM) return again([], 200);
    const parsed = parseDraft(draft, objectId);
    const parsedRule = parseRule(rule);
    const problems = [...(parsed.ok ? [] : parsed.problems), ...(parsedRule.ok ? [] : parsedRule.problems)];
    if (!parsed.ok || !parsedRule.ok) return again(problems, 422);
    const defaults = current ? undefined : await documentDefaults(services, scope.location.id);
    const input: ScheduleInput = {
      ...parsed.value,
      altId: scope.location.id,
      schedule: parsedRule.value,
      // What the API may have set and this form does not show is kept (reminders, late fees, payment methods...).
      ...(current ? echoedFields(current) : {}),
      businessDetails: current?.businessDetails ?? defaults!.businessDetails,
      ...(current?.termsNotes ? { termsNotes: current.termsNotes } : {}),
      ...(current?.title ? { title: current.title } : {}),
      ...(current?.invoiceNumberPrefix ? { invoiceNumberPrefix: current.invoiceNumberPrefix } : {}),
    };
    let saved: ScheduleView | undefined;
    try {
      if (!current) {
        saved = await createSchedule(services, scope.actor, input);
        if (action === 'activate') saved = await updateAndActivate(services, scope.actor, saved._id, input);
      } else if (action === 'activate' && current.status === 'draft') {
        saved = await updateAndActivate(services, scope.actor, current._id, input);
      } else {
        saved = await updateSchedule(services, current._id, input);
      }
    } catch (error) {
      const refused = refusalOf(error);
      // Created but not activated: the form now edits the draft it made, so posting again makes no second one.
      if (saved && !current) {
        const action = path(scope, `/${encodeURIComponent(saved._id)}/edit`);
        const problems = [`Saved as a draft, not activated: ${refused.message}`];
        return editor(reply, scope, { action, draft, rule, problems, current: saved }, 422);
      }
      return again([refused.message], refused.status === 404 ? 404 : 422);
    }
    const notice =
      saved.status === 'active' && action === 'activate' ? 'activated' : current ? 'saved' : 'created';
    return reply.redirect(`${path(scope, `/${encodeURIComponent(saved._id)}`)}?notice=${notice}`, 303);
  }

  app.get('/schedules', async (request, reply) => {
    const scope = scopeOf(request);
    const page = pageOf(request);
    const list = await listSchedules(services, scope.location.id, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return sendPage(reply, scope, {
      title: 'Schedules',
      section: 'schedules',
      notice: noticeOf(request),
      body: <ScheduleList scope={scope} schedules={list.schedules} total={list.total} page={page} />,
    });
  });

  app.get('/schedules/new', async (request, reply) => {
    const scope = scopeOf(request);
    const defaults = await documentDefaults(services, scope.location.id);
    const today = new Date().toISOString().slice(0, 10);
    return editor(reply, scope, {
      action: path(scope, '/new'),
      draft: emptyDraft(scope.location.testMode),
      rule: emptyRule(defaults.timezone ?? 'UTC', today),
      problems: [],
    });
  });

  app.post('/schedules/new', (request, reply) => save(request, reply));

  const load = (request: FastifyRequest) =>
    getSchedule(services, scopeOf(request).location.id, idParam(request, 'scheduleId'));

  app.get('/schedules/:scheduleId', async (request, reply) => {
    const scope = scopeOf(request);
    const s = await load(request);
    return sendPage(reply, scope, {
      title: s.name,
      section: 'schedules',
      notice: noticeOf(request),
      body: <SchedulePage scope={scope} s={s} />,
    });
  });

  app.get('/schedules/:scheduleId/edit', async (request, reply) => {
    const scope = scopeOf(request);
    const current = await load(request);
    return editor(reply, scope, {
      action: path(scope, `/${encodeURIComponent(current._id)}/edit`),
      draft: draftOf(current),
      rule: ruleOf(current.schedule, current.timezone),
      problems: [],
      current,
    });
  });

  app.post('/schedules/:scheduleId/edit', async (request, reply) =>
    save(request, reply, await load(request)),
  );

  app.post('/schedules/:scheduleId/activate', async (request, reply) => {
    const scope = scopeOf(request);
    const s = await load(request);
    await activateSchedule(services, scope.actor, s._id, { altId: scope.location.id, liveMode: s.liveMode });
    return reply.redirect(`${path(scope, `/${encodeURIComponent(s._id)}`)}?notice=activated`, 303);
  });

  app.post('/schedules/:scheduleId/delete', async (request, reply) => {
    const scope = scopeOf(request);
    const s = await load(request);
    await deleteSchedule(services, scope.location.id, s._id);
    return reply.redirect(`${path(scope)}?notice=deleted`, 303);
  });

  app.post('/schedules/:scheduleId/cancel', async (request, reply) => {
    const scope = scopeOf(request);
    const s = await load(request);
    await cancelSchedule(services, scope.location.id, s._id);
    return reply.redirect(`${path(scope, `/${encodeURIComponent(s._id)}`)}?notice=cancelled`, 303);
  });
};

export default schedules;
