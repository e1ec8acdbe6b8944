/**
 * Which database a command talks to. First match wins:
 * the `--url` option; `DATABASE_URL`; the seed's `DB_USER`/`DB_PASS`/`DB_NAME`/`DB_HOST`/`DB_PORT`;
 * else the embedded PGlite at `tmp/mig/<project>` under the workspace root, so a new machine
 * needs no server. Pure: the environment is passed in (see read-env.ts).
 */
import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../errors';
import type { DialectName } from './define-config';
import { redactUrl } from './redact';

export type ConnectionSource = 'option' | 'DATABASE_URL' | 'DB_*' | 'embedded';

export interface ServerConnection {
  readonly dialect: 'postgres' | 'mysql';
  readonly url: string;
  readonly password?: string;
  readonly source: ConnectionSource;
  /** Safe to print: no password. */
  readonly display: string;
}

export interface EmbeddedConnection {
  readonly dialect: 'pglite';
  /** Absolute data directory, or null for an in-memory database. */
  readonly dataDir: string | null;
  readonly source: ConnectionSource;
  readonly display: string;
}

export type ResolvedConnection = ServerConnection | EmbeddedConnection;

export interface ResolveConnectionInput {
  url?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The config's `dialect`, used for `DB_*` variables. */
  dialect?: DialectName;
  workspaceRoot: string;
  projectName: string;
}

const SCHEMES: Record<string, 'postgres' | 'mysql'> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

export function resolveConnection(input: ResolveConnectionInput): ResolvedConnection {
  if (input.url) return fromUrl(input.url, 'option', input.workspaceRoot);
  if (input.env.DATABASE_URL) return fromUrl(input.env.DATABASE_URL, 'DATABASE_URL', input.workspaceRoot);
  if (input.env.DB_HOST || input.env.DB_NAME || input.env.DB_USER) return fromDbVariables(input);
  if (input.dialect === 'mysql') {
    throw new ConfigError('MIG_CONFIG', 'No database is configured and the embedded default (PGlite) cannot stand in for MySQL.', {
      hint: 'Set DATABASE_URL=mysql://user:pass@host:3306/db, the DB_* variables, or pass --url.',
    });
  }
  const dataDir = join(input.workspaceRoot, 'tmp', 'mig', input.projectName);
  return { dialect: 'pglite', dataDir, source: 'embedded', display: `pglite:${dataDir} (embedded)` };
}

function fromUrl(url: string, source: ConnectionSource, workspaceRoot: string): ResolvedConnection {
  if (url.startsWith('pglite:')) {
    const rest = url.slice('pglite:'.length).replace(/^\/\/(?=memory$|\.)/, '');
    const dataDir = rest === 'memory' || rest === '' ? null : isAbsolute(rest.replace(/^\/\//, '')) ? rest.replace(/^\/\//, '') : join(workspaceRoot, rest);
    return { dialect: 'pglite', dataDir, source, display: dataDir ? `pglite:${dataDir}` : 'pglite:memory' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('MIG_BAD_OPTION', `The database URL from ${sourceName(source)} is not a valid URL: ${redactUrl(url)}`, {
      hint: 'Use postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db or pglite:<dir>.',
    });
  }
  const dialect = SCHEMES[parsed.protocol];
  if (!dialect) {
    throw new ConfigError('MIG_BAD_OPTION', `Unsupported database URL scheme "${parsed.protocol}" from ${sourceName(source)}.`, {
      hint: 'Use postgres://, postgresql://, mysql://, mariadb:// or pglite:.',
    });
  }
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  if (dialect === 'mysql' && parsed.protocol === 'mariadb:') parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return { dialect, url: parsed.toString(), password, source, display: displayOf(parsed) };
}

function fromDbVariables(input: ResolveConnectionInput): ServerConnection {
  const { env } = input;
  const dialect = input.dialect === 'mysql' ? 'mysql' : 'postgres';
  const missing = ['DB_HOST', 'DB_NAME', 'DB_USER'].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new ConfigError('MIG_CONFIG', `DB_* variables are incomplete: ${missing.join(', ')} not set.`, {
      hint: 'Set DB_USER, DB_PASS, DB_NAME, DB_HOST (and DB_PORT) as in example.env, or set DATABASE_URL.',
    });
  }
  const port = env.DB_PORT ?? (dialect === 'mysql' ? '3306' : '5432');
  if (!/^\d+$/.test(port)) {
    throw new ConfigError('MIG_BAD_OPTION', `DB_PORT must be a number, got "${port}".`, { hint: 'Fix DB_PORT in your .env.' });
  }
  const u = new URL(`${dialect === 'mysql' ? 'mysql' : 'postgres'}://placeholder`);
  u.hostname = env.DB_HOST!;
  u.port = port;
  u.username = encodeURIComponent(env.DB_USER!);
  if (env.DB_PASS) u.password = encodeURIComponent(env.DB_PASS);
  u.pathname = `/${encodeURIComponent(env.DB_NAME!)}`;
  return { dialect, url: u.toString(), password: env.DB_PASS || undefined, source: 'DB_*', display: displayOf(u) };
}

function displayOf(u: URL): string {
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  return `${u.protocol}//${user}${u.host}${u.pathname}`;
}

function sourceName(source: ConnectionSource): string {
  return source === 'option' ? '--url' : source;
}
