import type { PoolConfig } from 'pg';

/**
 * Splits a `postgresql://` URL into a `pg` pool config (host, port, user, password, database and
 * the `sslmode`/`application_name` query parameters).
 */
export function poolConfigFromUrl(url: string, overrides: Partial<PoolConfig> = {}): PoolConfig {
  const u = new URL(url);
  const config: PoolConfig = {
    host: decodeURIComponent(u.hostname) || undefined,
    port: u.port ? Number(u.port) : undefined,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: databaseName(url),
  };
  const host = u.searchParams.get('host');
  if (host) config.host = host;
  const appName = u.searchParams.get('application_name');
  if (appName) config.application_name = appName;
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode && sslmode !== 'disable')
    config.ssl = sslmode === 'no-verify' ? { rejectUnauthorized: false } : true;
  return { ...config, ...overrides };
}

/** The database name of a `postgresql://` URL (its path without the leading slash). */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The user name of a `postgresql://` URL. */
export function userName(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** The password of a `postgresql://` URL ('' when there is none). */
export function password(url: string): string {
  return decodeURIComponent(new URL(url).password);
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
