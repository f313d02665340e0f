/**
 * Invoice templates in the dashboard: list, create, edit, delete (invoicing/templates.ts), and a link to
 * the invoice editor that starts from a template (/invoices/new?template=<id>, the invoices screens).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { documentDefaults } from '../../invoicing/dashboard-documents.ts';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  type TemplateInput,
  type TemplateView,
  updateTemplate,
} from '../../invoicing/templates.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { CsrfField } from '../layout.tsx';
import { ListTable } from '../list-table.tsx';
import { type DraftForm, draftFromForm, draftOf, emptyDraft, field, parseDraft } from './draft.ts';
import { ADD_ITEM, DocumentFields, Problems } from './editor.tsx';
import { formOf, idParam, money, noticeOf, Pager, pageOf, refusalOf, sendPage } from './page.tsx';

const PAGE_SIZE = 25;

const newInvoiceLink = (scope: LocationScope, id: string) =>
  locationPath(scope, `/invoices/new?template=${encodeURIComponent(id)}`);

function TemplateList(props: {
  scope: LocationScope;
  templates: TemplateView[];
  total: number;
  page: number;
}) {
  const base = locationPath(props.scope, '/templates');
  return (
    <>
      <div class="doc-head">
        <h1>Templates</h1>
        <a class="button" href={`${base}/new`}>
          New template
        </a>
      </div>
      {props.templates.length === 0 ? (
        <p class="card">No templates yet. A template holds the items and terms a new invoice starts with.</p>
      ) : (
        <ListTable
          columns={[{ label: 'Name' }, { label: 'Items' }, { label: 'Total', num: true }, { label: 'Use' }]}
          class="doc-list"
        >
          {props.templates.map((t) => (
            <tr>
              <td data-label="Name">
                <a href={`${base}/${encodeURIComponent(t._id)}/edit`}>{t.name}</a>
              </td>
              <td data-label="Items">{t.items.map((i) => i.name).join(', ')}</td>
              <td data-label="Total" class="num">
                {money(t.total, t.currency)}
              </td>
              <td data-label="Use">
                <a href={newInvoiceLink(props.scope, t._id)}>New invoice from this template</a>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager page={props.page} total={props.total} size={PAGE_SIZE} base={base} />
    </>
  );
}

function TemplateEditor(props: {
  scope: LocationScope;
  action: string;
  draft: DraftForm;
  problems: string[];
  current?: TemplateView;
}): VNode {
  const { scope, current } = props;
  return (
    <>
      <p>
        <a href={locationPath(scope, '/templates')}>All templates</a>
      </p>
      <h1>{current ? 'Edit template' : 'New template'}</h1>
      <Problems problems={props.problems} />
      <form method="post" action={props.action} class="card doc-editor" novalidate>
        <CsrfField token={scope.csrfToken} />
        <DocumentFields draft={props.draft} nameLabel="Template name" contact={false} />
        <div class="actions">
          <button type="submit" name="_action" value="save">
            Save
          </button>
        </div>
      </form>
      {current ? (
        <div class="card actions">
          <a class="button secondary" href={newInvoiceLink(scope, current._id)}>
            New invoice from this template
          </a>
          <form
            method="post"
            action={locationPath(scope, `/templates/${encodeURIComponent(current._id)}/delete`)}
          >
            <CsrfField token={scope.csrfToken} />
            <button type="submit" class="danger">
              Delete template
            </button>
          </form>
        </div>
      ) : null}
    </>
  );
}

const templates: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const path = (scope: LocationScope, rest = '') => locationPath(scope, `/templates${rest}`);

  function editor(
    reply: FastifyReply,
    scope: LocationScope,
    parts: { action: string; draft: DraftForm; problems: string[]; current?: TemplateView },
    status = 200,
  ) {
    const title = parts.current ? `Edit ${parts.current.name}` : 'New template';
    const body = <TemplateEditor scope={scope} {...parts} />;
    return sendPage(reply, scope, { title, section: 'templates', notice: undefined, body }, status);
  }

  async function save(request: FastifyRequest, reply: FastifyReply, current?: TemplateView) {
    const scope = scopeOf(request);
    const form = formOf(request);
    const action = field(form, '_action');
    const draft = draftFromForm(form, action === ADD_ITEM);
    const target = current ? path(scope, `/${encodeURIComponent(current._id)}/edit`) : path(scope, '/new');
    const again = (problems: string[], status: number) =>
      editor(reply, scope, { action: target, draft, problems, current }, status);
    if (action === ADD_ITEM) return again([], 200);
    const parsed = parseDraft(draft, () => '', { contact: false });
    if (!parsed.ok) return again(parsed.problems, 422);
    const { name, currency, items, discount } = parsed.value;
    const businessDetails =
      current?.businessDetails ?? (await documentDefaults(services, scope.location.id)).businessDetails;
    const input: TemplateInput = {
      altId: scope.location.id,
      name,
      currency,
      items,
      discount,
      businessDetails,
      ...(current?.termsNotes ? { termsNotes: current.termsNotes } : {}),
      ...(current?.title ? { title: current.title } : {}),
      ...(current?.internal === undefined ? {} : { internal: current.internal }),
      ...(current?.miscellaneousCharges ? { miscellaneousCharges: current.miscellaneousCharges } : {}),
    };
    let saved: TemplateView;
    try {
      saved = current
        ? await updateTemplate(services, current._id, input)
        : await createTemplate(services, scope.actor, input);
    } catch (error) {
      const refused = refusalOf(error);
      return again([refused.message], refused.status);
    }
    return reply.redirect(`${path(scope, `/${encodeURIComponent(saved._id)}/edit`)}?notice=saved`, 303);
  }

  app.get('/templates', async (request, reply) => {
    const scope = scopeOf(request);
    const page = pageOf(request);
    const list = await listTemplates(services, scope.location.id, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return sendPage(reply, scope, {
      title: 'Templates',
      section: 'templates',
      notice: noticeOf(request),
      body: <TemplateList scope={scope} templates={list.data} total={list.totalCount} page={page} />,
    });
  });

  app.get('/templates/new', async (request, reply) => {
    const scope = scopeOf(request);
    return editor(reply, scope, { action: path(scope, '/new'), draft: emptyDraft(true), problems: [] });
  });

  app.post('/templates/new', (request, reply) => save(request, reply));

  const load = (request: FastifyRequest) =>
    getTemplate(services, scopeOf(request).location.id, idParam(request, 'templateId'));

  app.get('/templates/:templateId', async (request, reply) =>
    reply.redirect(path(scopeOf(request), `/${encodeURIComponent((await load(request))._id)}/edit`), 303),
  );

  app.get('/templates/:templateId/edit', async (request, reply) => {
    const scope = scopeOf(request);
    const current = await load(request);
    const title = `Edit ${current.name}`;
    const body = (
      <TemplateEditor
        scope={scope}
        action={path(scope, `/${encodeURIComponent(current._id)}/edit`)}
        draft={draftOf(current)}
        problems={[]}
        current={current}
      />
    );
    return sendPage(reply, scope, { title, section: 'templates', notice: noticeOf(request), body });
  });

  app.post('/templates/:templateId/edit', async (request, reply) =>
    save(request, reply, await load(request)),
  );

  app.post('/templates/:templateId/delete', async (request, reply) => {
    const scope = scopeOf(request);
    const current = await load(request);
    await deleteTemplate(services, scope.location.id, current._id);
    return reply.redirect(`${path(scope)}?notice=deleted`, 303);
  });
};

export default templates;
