/** What the protocol tests share: a hub, what an ID looks like, and checks on a parse. */
import { expect } from '@open-wc/testing';
import { parseRedirectQuery, type OnboardingResult } from '../src/protocol.js';

export const HUB = 'https://hub.example/dashboard/app';
/** What an ID must look like once it reaches the page. */
export const VALID_ID = /^[\w.-]{1,128}$/;
export const RUNS = { numRuns: 1000 };

/** The result of a query that must parse; fails the test with the message otherwise. */
export function parsed(query: string): OnboardingResult {
  const outcome = parseRedirectQuery(query);
  if (!outcome.ok) expect.fail(`expected ${JSON.stringify(query)} to parse, got: ${outcome.message}`);
  return outcome.result;
}

/** The message for a query that must be refused; fails the test if it parses. */
export function refused(query: string): string {
  const outcome = parseRedirectQuery(query);
  if (outcome.ok) expect.fail(`expected ${JSON.stringify(query)} to be refused, got ${JSON.stringify(outcome.result)}`);
  expect(outcome.message).to.be.a('string').and.not.equal('');
  return outcome.message;
}

/** Whether anything has been written onto Object.prototype (prototype pollution). */
export function prototypeIsClean(): boolean {
  const probe: Record<string, unknown> = {};
  return probe.polluted === undefined && !Object.hasOwn(Object.prototype, 'polluted');
}
