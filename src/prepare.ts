/**
 * Per-attempt parameters (signed links, a fresh `state`): asked for on every
 * click, never cached, since a signature must not be reused across attempts.
 *
 * Loaded on demand: the button imports this module (`import()`) only when an attempt needs
 * parameters, right after the popup opened, so pages without signed links never load it.
 * Import only types from it statically.
 */
import { toQueryParameters, type QueryParameters } from './protocol.js';

/** What a `prepareParameters` function is told about the attempt. */
export interface PrepareContext {
  partnerId: string;
  /** The parameters so far (`queryParameters`), which the answer adds to or overrides. */
  parameters: QueryParameters;
  /** Aborted when the attempt ends first (popup closed, element removed). */
  signal: AbortSignal;
}

/** Returns the attempt's parameters, an object of strings. */
export type PrepareParameters = (context: PrepareContext) => Promise<QueryParameters>;

/** A `PrepareParameters` that POSTs the context (as JSON, with credentials) to `url`. */
function fetchParameters(url: string): PrepareParameters {
  return async ({ partnerId, parameters, signal }) => {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ partnerId, parameters }),
      signal,
    });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new Error(`${url} did not answer JSON`);
    }
  };
}

/**
 * Asks `source` (a function, or the URL of an endpoint to POST to) for the attempt's
 * parameters, with a deadline, and checks what it answers.
 * @throws what `source` threw (any value), or an Error for a timeout or a value that is not an object of strings.
 */
export async function prepareParameters(
  source: PrepareParameters | string,
  context: PrepareContext,
  timeoutMs: number,
): Promise<QueryParameters> {
  const prepare = typeof source == 'string' ? fetchParameters(source) : source;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(reject, timeoutMs, new Error(`no answer within ${timeoutMs} ms`));
  });
  try {
    return toQueryParameters(await Promise.race([prepare(context), deadline]), 'the answer');
  } finally {
    clearTimeout(timer);
  }
}
