/**
 * Per-attempt parameters (signed links, a fresh `state`): asked for on every
 * click, never cached, since a signature must not be reused across attempts.
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

/** How long the backend may take, by default, before the attempt fails. */
export const PREPARE_TIMEOUT_MS = 15000;

/** A `PrepareParameters` that POSTs the context (as JSON, with credentials) to `url`. */
export function fetchParameters(url: string): PrepareParameters {
  return async ({ partnerId, parameters, signal }) => {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ partnerId, parameters }),
      // Not followed: a redirect elsewhere would take the body (the client's e-mail) with it.
      redirect: 'manual',
      signal,
    });
    if (response.type == 'opaqueredirect') throw new Error(`${url} answered a redirect (not followed)`);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new Error(`${url} did not answer JSON`);
    }
  };
}

/**
 * Runs `prepare` with a deadline and checks what it answers.
 * @throws what `prepare` threw (any value), or an Error for a timeout or a value that is not an object of strings.
 */
export async function prepareParameters(
  prepare: PrepareParameters,
  context: PrepareContext,
  timeoutMs: number,
): Promise<QueryParameters> {
  // A `prepare-timeout` that is not a positive number (`NaN` from a typo), or more than a timer
  // holds (`Infinity`), must not fail every attempt at once.
  // 2³¹ − 1 ms (about 24.8 days) is the longest a timer waits: a larger delay fires at once.
  timeoutMs = timeoutMs > 0 ? Math.min(timeoutMs, 2 ** 31 - 1) : PREPARE_TIMEOUT_MS;
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
