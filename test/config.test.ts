import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

test('an empty environment gives the documented defaults', () => {
  assert.deepEqual(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    dataDir: path.resolve('.data'),
    databaseUrl: undefined,
    publicUrl: 'http://127.0.0.1:3000',
    logLevel: 'info',
  });
});

test('empty strings count as unset', () => {
  const config = loadConfig({
    PORT: '',
    HOST: ' ',
    DATA_DIR: '',
    DATABASE_URL: '',
    PUBLIC_URL: '',
    LOG_LEVEL: '',
  });
  assert.deepEqual(config, loadConfig({}));
});

test('every variable is read', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATA_DIR: '/var/lib/hl',
    DATABASE_URL: 'postgresql://u:p@db:5432/hl',
    PUBLIC_URL: 'https://invoices.example.com/',
    LOG_LEVEL: 'debug',
  });
  assert.deepEqual(config, {
    port: 8080,
    host: '0.0.0.0',
    dataDir: '/var/lib/hl',
    databaseUrl: 'postgresql://u:p@db:5432/hl',
    publicUrl: 'https://invoices.example.com',
    logLevel: 'debug',
  });
});

test('PUBLIC_URL defaults to a reachable address, never a wildcard one', () => {
  assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '4000' }).publicUrl, 'http://127.0.0.1:4000');
  assert.equal(loadConfig({ HOST: '::1', PORT: '4000' }).publicUrl, 'http://[::1]:4000');
  assert.equal(loadConfig({ PORT: '0' }).port, 0);
});

const bad: [Record<string, string>, string][] = [
  [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535, got "abc"'],
  [{ PORT: '65536' }, 'PORT must be a whole number from 0 to 65535, got "65536"'],
  [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535, got "-1"'],
  [{ PORT: '80.5' }, 'PORT must be a whole number from 0 to 65535, got "80.5"'],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL (postgres: or postgresql:), got "not a url"'],
  [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must start with postgres: or postgresql:, got "mysql:"'],
  [{ PUBLIC_URL: 'example.com' }, 'PUBLIC_URL must be a URL (http: or https:), got "example.com"'],
  [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL must start with http: or https:, got "ftp:"'],
  [
    { LOG_LEVEL: 'verbose' },
    'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
  ],
];

for (const [env, message] of bad) {
  test(`${Object.keys(env)[0]}=${Object.values(env)[0]} is refused with a message naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.message === message,
    );
  });
}
