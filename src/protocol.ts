/**
 * The wire protocol of 360dialog's Integrated Onboarding, as pure functions:
 * reading the query the hub redirects to, and building the permissions URL.
 * Nothing here touches the DOM, so every rule is testable in isolation.
 */

/** Where 360dialog's permissions screen lives unless a `hub-url` says otherwise. */
export const DEFAULT_HUB_URL = 'https://hub.360dialog.com/dashboard/app';

/** The longest URL Chromium navigates to (2 MiB); Firefox and Safari take longer ones. */
const MAX_URL_LENGTH = 2 * 1024 * 1024;

/** Query parameters: names to string values. */
export type QueryParameters = Record<string, string>;

/** What the hub reports after the client granted or revoked numbers. */
export interface OnboardingResult {
  /** The client's ID. */
  client: string;
  /** Channel IDs the client granted, without duplicates. */
  channels: string[];
  /** Channel IDs the client removed access to, without duplicates. */
  revoked: string[];
  /** Every parameter of the redirect query, decoded (first value of each name). */
  params: QueryParameters;
}

export type ParsedRedirect =
  | { ok: true; result: OnboardingResult }
  | { ok: false; message: string };

/** The parameter names that make a query a result. */
const RESULT_KEYS = ['client', 'channels', 'revoked'];

/**
 * IDs are short tokens. Anything else (markup, quotes, spaces, kilobytes) did
 * not come from the hub, so it is refused rather than passed on to the page.
 */
const ID = /^[\w.-]{1,128}$/;

/**
 * Whether a query (`location.search`) looks like the hub's redirect: a client and a list. A
 * partner page's own `?client=42` is not one (the hub always sends `channels`).
 */
export function hasResult(query: string): boolean {
  const names = new URLSearchParams(query);
  return names.has('client') && (names.has('channels') || names.has('revoked'));
}

/**
 * Parses the query the hub redirects to:
 * `?client=<id>&channels=[<id>,<id>]&revoked=[<id>]`.
 * Never throws: any string gives a result or a message saying why it is none.
 */
export function parseRedirectQuery(query: string): ParsedRedirect {
  try {
    const entries = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(query)) {
      if (!entries.has(key)) entries.set(key, value);
      else if (RESULT_KEYS.includes(key)) throw new TypeError(`${key} appears twice`);
    }
    // fromEntries defines own properties, so even `__proto__` stays plain data.
    const params: QueryParameters = Object.fromEntries(entries);
    const client = params.client?.trim() ?? '';
    if (!ID.test(client)) throw new TypeError(client ? 'client is not a valid ID' : 'no client');
    return {
      ok: true,
      result: {
        client,
        channels: parseList(params, 'channels'),
        revoked: parseList(params, 'revoked'),
        params,
      },
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Reads one list (`[a,b]`, `%5Ba%2Cb%5D` once decoded, `[]`, or absent). */
function parseList(params: QueryParameters, name: string): string[] {
  const list = params[name]?.trim() ?? '[]';
  const inner = list.slice(1, -1);
  // Only a list in brackets comes back whole: `[a`, `a]` and `a` lose a character.
  if (`[${inner}]` != list) throw new TypeError(`${name} is not a [list]`);
  const ids = inner.trim() ? inner.split(',').map((id) => id.trim()) : [];
  for (const id of ids) {
    if (!ID.test(id)) throw new TypeError(`${name} holds an invalid ID`);
  }
  return [...new Set(ids)];
}

/** A copy of `url` without a result's parameters: the address bar after a full-page return. */
export function withoutResult(url: string | URL): URL {
  const parsed = new URL(url);
  for (const key of RESULT_KEYS) parsed.searchParams.delete(key);
  return parsed;
}

/**
 * `url` carrying the result of `query` (a redirect query): where a callback returns to. The
 * result's own parameters replace any of that name; the others are added only where `url` has
 * none of its own (a `state` of the app's stays the app's).
 */
export function withQuery(url: URL, query: string): string {
  const target = withoutResult(url);
  for (const [key, value] of new URLSearchParams(query)) {
    if (RESULT_KEYS.includes(key) || !target.searchParams.has(key)) target.searchParams.append(key, value);
  }
  return target.href;
}

/**
 * Checks that `value` is a plain object of strings and returns a copy.
 * @throws TypeError naming `what` and the offending key.
 */
export function toQueryParameters(value: unknown, what: string): QueryParameters {
  if (typeof value != 'object' || !value || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object of strings`);
  }
  const entries = Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof item != 'string') throw new TypeError(`${what}: "${key}" is not a string`);
  }
  // fromEntries defines own properties: `copy[key] = item` would drop a `__proto__` key.
  return Object.fromEntries(entries) as QueryParameters;
}

/**
 * Resolves `url` against `base` (no base: `url` must be absolute) and returns it, if it is http(s).
 * @throws TypeError naming `what`.
 */
export function httpUrl(url: string, what: string, base?: string): URL {
  try {
    const parsed = new URL(url, base);
    if (/^https?:$/.test(parsed.protocol)) return parsed;
  } catch {
    // not a URL at all: reported below
  }
  throw new TypeError(`${what} is not an http(s) URL: "${url}"`);
}

/**
 * The permissions screen's address: `{hub}/{partnerId}/permissions?redirect_url=…&…`.
 * Every key and value is percent-encoded (360dialog's own button 1.0.2 encodes values, but not
 * keys, nor `number`).
 * @throws TypeError when the partner ID is empty (or `.`/`..`), the hub is not an absolute
 *   http(s) URL without query or fragment, a parameter is `redirect_url` in any case or spacing,
 *   or the link is longer than browsers open.
 */
export function permissionsUrl(
  hubUrl: string,
  partnerId: string,
  redirectUrl?: string,
  parameters: QueryParameters = {},
): string {
  // Absolute only: resolving against a made-up base turned `hub.example/app` into `http://x/hub.example/app`.
  const hub = httpUrl(hubUrl, 'hub-url').href.replace(/\/+$/, '');
  // A query or fragment on the hub would swallow the path and query appended below. Read from the
  // address as given: a parsed URL has a `?` or `#` exactly where the given one does.
  if (/[?#]/.test(hubUrl)) throw new TypeError(`hub-url has a query or fragment: "${hubUrl}"`);
  const id = partnerId.trim();
  if (!id) throw new TypeError('partner-id is required');
  // No encoding keeps `.` or `..` a segment (URLs treat `%2e` as a dot too): the hub would get another path.
  if (id == '.' || id == '..') throw new TypeError(`partner-id is not a valid ID: "${id}"`);
  // The button takes hand-backs only from the origin of the redirect URL it was given, so a
  // `redirect_url` among the parameters would send the result where nobody listens.
  // Any spelling of it: the hub may read `Redirect_URL ` as the same parameter.
  if (Object.keys(parameters).some((key) => key.trim().toLowerCase() == 'redirect_url')) {
    throw new TypeError('redirect_url is not a parameter: use redirect-url');
  }
  const query = Object.entries({ ...(redirectUrl && { redirect_url: redirectUrl }), ...parameters })
    .map((pair) => pair.map(encodeURIComponent).join('='))
    .join('&');
  const url = `${hub}/${encodeURIComponent(id)}/permissions${query && '?' + query}`;
  // Chromium opens nothing longer (a dead `about:blank#blocked` popup): say so instead.
  if (url.length > MAX_URL_LENGTH) throw new TypeError(`the link is ${url.length} characters long; browsers open at most ${MAX_URL_LENGTH}`);
  return url;
}
