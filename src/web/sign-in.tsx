/** /app/login (password), /app/login/:token (one-time link), /app/logout, /app (where to go). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signInWithLink, signInWithPassword, signOut } from '../tenancy/sign-in.ts';
import { locationPath } from './context.ts';
import { renderPlainPage } from './layout.tsx';
import {
  clearSessionCookie,
  requireSignedIn,
  sessionPolicy,
  sessionSecret,
  setSessionCookie,
} from './session.ts';

/** Only a path inside the dashboard: never another site (an open redirect). */
function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/app/') || next.startsWith('//')) return undefined;
  if (next.length > 2000 || /[\\\s]|\/\.\.?(\/|$)|%2e/i.test(next)) return undefined;
  return next;
}

function SignInForm({ next, error, email }: { next?: string; error?: string; email?: string }) {
  return (
    <div class="card">
      <h1>Sign in</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/app/login">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <p>
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} />
        </p>
        <p>
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted small">
        No password yet? Run <code>hl-invoices user login-link --user ID</code> for a one-time sign-in link,
        or <code>hl-invoices user password --user ID</code> to set one.
      </p>
    </div>
  );
}

function renderSignIn(props: { next?: string; error?: string; email?: string }): string {
  return renderPlainPage({ title: 'Sign in', body: <SignInForm {...props} /> });
}

async function endOldSession(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const old = sessionSecret(request);
  if (old) await signOut(app.services, old);
}

export async function signInRoutes(app: FastifyInstance): Promise<void> {
  const policy = sessionPolicy(app);
  const html = (reply: FastifyReply) => reply.type('text/html; charset=utf-8');

  app.get('/', async (request, reply) => {
    const user = request.signedIn;
    if (!user) return reply.redirect('/app/login', 303);
    const first = user.locations[0];
    if (!first) {
      return html(reply).send(
        renderPlainPage({
          title: 'No locations',
          body: <p class="card">Your user has no locations yet. Ask an agency admin to add you to one.</p>,
        }),
      );
    }
    return reply.redirect(locationPath({ location: first }), 303);
  });

  app.get('/login', async (request, reply) => {
    const next = safeNext((request.query as { next?: unknown }).next);
    if (request.signedIn) return reply.redirect(next ?? '/app', 303);
    return html(reply).send(renderSignIn({ next }));
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const session =
      email && password ? await signInWithPassword(app.services, { email, password }, policy) : undefined;
    if (!session) {
      return html(reply)
        .status(401)
        .send(renderSignIn({ next, email, error: 'That email and password do not match a user.' }));
    }
    await endOldSession(app, request);
    setSessionCookie(app, reply, session);
    return reply.redirect(next ?? '/app', 303);
  });

  app.get('/login/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const session = await signInWithLink(app.services, token, policy);
    reply.header('referrer-policy', 'no-referrer');
    if (!session) {
      return html(reply)
        .status(401)
        .send(
          renderSignIn({
            error:
              'This sign-in link has been used or has expired. Ask for a new one, or sign in with a password.',
          }),
        );
    }
    await endOldSession(app, request);
    setSessionCookie(app, reply, session);
    return reply.redirect('/app', 303);
  });

  app.post('/logout', { preHandler: requireSignedIn }, async (request, reply) => {
    await endOldSession(app, request);
    clearSessionCookie(app, reply);
    return reply.redirect('/app/login', 303);
  });

  /** The location switcher's GET form: a link to another location of the user (or the same page). */
  app.get('/switch', { preHandler: requireSignedIn }, async (request, reply) => {
    const wanted = (request.query as { location?: unknown }).location;
    const location = request.signedIn?.locations.find((l) => l.id === wanted);
    return reply.redirect(location ? locationPath({ location }) : '/app', 303);
  });
}
