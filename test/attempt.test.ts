/** attempt.ts on its own: the record in this tab's session storage, and who may take it. */
import { expect } from '@open-wc/testing';
import { dropEarlierPages, pendingAttempts, recordAttempt, setState, takeOwnAttempt } from '../src/attempt.js';
import { frameAt } from './helpers.js';

const KEY = 'dialog-onboarding';
const stored = () => JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as Array<{ state: string; configuration: string; at: number }>;

let saved: string | null;
beforeEach(() => {
  saved = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
});
afterEach(() => (saved === null ? sessionStorage.removeItem(KEY) : sessionStorage.setItem(KEY, saved)));

describe('the attempt record', () => {
  it('names each attempt by two independent 128-bit random IDs (four 32-bit numbers)', () => {
    const [a, b] = [recordAttempt('c', 'opening')!, recordAttempt('c', 'opening')!];
    for (const id of [a.secret, a.lock, b.secret, b.lock]) expect(id).to.match(/^\d{1,10}(-\d{1,10}){3}$/);
    expect(new Set([a.secret, a.lock, b.secret, b.lock]).size).to.equal(4);
  });

  it('keeps one opening or left record at most: a new attempt finds the last one stale', () => {
    const first = recordAttempt('c', 'opening')!;
    setState(first, 'open');
    recordAttempt('c', 'left');
    recordAttempt('c', 'opening');
    expect(stored().map((attempt) => attempt.state)).to.deep.equal(['open', 'opening']);
  });

  it('lets this page take over its open attempts of one configuration only', () => {
    const mine = recordAttempt('hubA', 'opening')!;
    setState(mine, 'open');
    setState(recordAttempt('hubB', 'opening')!, 'open');
    expect(pendingAttempts('hubA').map((attempt) => attempt.secret)).to.deep.equal([mine.secret]);
    expect(pendingAttempts('hubC')).to.deep.equal([]);
    expect(pendingAttempts().length, 'of any configuration: whether a button here has anything to take over').to.equal(2);
  });

  it('does not let a page take over an open attempt another page load recorded (a copy of the storage)', () => {
    const attempt = recordAttempt('hubA', 'opening')!;
    sessionStorage.setItem(KEY, JSON.stringify([{ ...attempt, state: 'open', at: performance.timeOrigin - 1 }]));
    expect(pendingAttempts('hubA')).to.deep.equal([]);
    expect(pendingAttempts()).to.deep.equal([]);
  });

  it('drops, on a top-level page load that is no reload, the open records made before it (a copied tab\'s), and keeps its own and a left one', () => {
    expect(performance.getEntriesByType('navigation')[0]).to.include({ type: 'navigate' }); // this test page
    const mine = recordAttempt('c', 'opening')!;
    setState(mine, 'open'); // this document's, by a second copy of the library, say
    const copied = { ...recordAttempt('c', 'opening')!, state: 'open', at: performance.timeOrigin - 1 };
    const left = recordAttempt('c', 'left')!;
    sessionStorage.setItem(KEY, JSON.stringify([...stored(), copied]));
    dropEarlierPages();
    expect(stored().map((attempt) => [attempt.state, attempt.at >= performance.timeOrigin])).to.deep.equal([
      ['open', true],
      ['left', true],
    ]);
    expect(takeOwnAttempt()?.secret).to.equal(left.secret);
  });

  it('keeps them when the page loading is a frame: another copy of the library in this tab, sharing its storage', async () => {
    const mine = recordAttempt('c', 'opening')!;
    setState(mine, 'open');
    const frame = await frameAt('/test/fixtures/partner.html?partner=frameCopy', 'dialog-onboarding-button');
    expect(stored().map((attempt) => attempt.state), 'the frame loaded the button, and dropped nothing').to.deep.equal(['open']);
    frame.remove();
  });

  it('gives the page its own attempt once, removing it, and leaves the open ones', () => {
    setState(recordAttempt('c', 'opening')!, 'open');
    const left = recordAttempt('c', 'left')!;
    expect(takeOwnAttempt()?.secret).to.equal(left.secret);
    expect(takeOwnAttempt()).to.equal(undefined);
    expect(stored().map((attempt) => attempt.state)).to.deep.equal(['open']);
  });

  it('drops records older than an hour', () => {
    const attempt = recordAttempt('c', 'opening')!;
    sessionStorage.setItem(KEY, JSON.stringify([{ ...attempt, state: 'open', at: Date.now() - 3_600_001 }]));
    expect(pendingAttempts('c')).to.deep.equal([]);
    expect(takeOwnAttempt()).to.equal(undefined);
    expect(stored()).to.deep.equal([]);
  });

  it('records nothing, and says so, when storage refuses', () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      expect(recordAttempt('c', 'opening')).to.equal(undefined);
    } finally {
      Storage.prototype.setItem = setItem;
    }
    expect(stored()).to.deep.equal([]);
  });
});

describe('the attempt record when storage refuses a rewrite', () => {
  it('removes the record rather than leave it in its old state', () => {
    const attempt = recordAttempt('c', 'opening')!;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      setState(attempt, 'open');
    } finally {
      Storage.prototype.setItem = setItem;
    }
    expect(stored(), 'no `opening` record stays behind').to.deep.equal([]);
  });
});
