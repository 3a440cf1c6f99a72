/**
 * channel.ts on its own, both sides in this page: the button holds the attempt's lock and takes
 * the first result on the attempt's channel; the redirect page knows from the lock whether anyone
 * waits. No timer decides anything.
 */
import { expect } from '@open-wc/testing';
import { randomId, recordAttempt, setState, type Attempt } from '../src/attempt.js';
import { handBackOnChannel, waitOnChannel } from '../src/channel.js';
import { eventually, sleep, within } from './helpers.js';

/** An attempt recorded in this tab as the button records one: a wait holds its lock only while it is recorded. */
const newAttempt = (): Attempt => {
  const attempt = { ...recordAttempt('c', 'opening')!, state: 'open' as const };
  setState(attempt, 'open');
  return attempt;
};
const held = async (attempt: Attempt) => ((await navigator.locks.query()).held ?? []).some((lock) => lock.name === attempt.lock);
const pending = async (attempt: Attempt) => ((await navigator.locks.query()).pending ?? []).some((lock) => lock.name === attempt.lock);

afterEach(() => sessionStorage.removeItem('dialog-onboarding'));

describe('the attempt channel', () => {
  it('answers false at once when no button waits', async () => {
    expect(await handBackOnChannel(newAttempt(), '?client=c&channels=[a]')).to.equal(false);
  });

  it('hands the result to the waiting button once, and the lock goes after the exchange', async () => {
    const attempt = newAttempt();
    const results: string[] = [];
    const stop = waitOnChannel(attempt, (search) => results.push(search));
    await sleep(50);
    expect(await held(attempt), 'the waiting button holds the lock').to.equal(true);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]')).to.equal(true);
    stop(); // as the button does on its result: the exchange still ends by itself
    await sleep(100);
    expect(results).to.deep.equal(['?client=c&channels=[a]']);
    expect(await held(attempt), 'released after the redirect page said bye').to.equal(false);
    expect(await handBackOnChannel(attempt, '?client=again&channels=[b]'), 'a second copy finds nobody').to.equal(false);
    expect(results).to.have.length(1);
  });

  it('answers false when the button stops waiting before it took the result', async () => {
    const attempt = newAttempt();
    const results: string[] = [];
    const stop = waitOnChannel(attempt, (search) => results.push(search));
    await sleep(50);
    stop();
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]')).to.equal(false);
    expect(results).to.deep.equal([]);
  });

  it('takes only a redirect page\'s search from its channel, never a word of the exchange or other data', async () => {
    const attempt = newAttempt();
    const results: string[] = [];
    const stop = waitOnChannel(attempt, (search) => results.push(search));
    await sleep(50);
    const other = new BroadcastChannel(`dialog-onboarding:${attempt.secret}`); // a second redirect page of this attempt, say
    for (const data of ['ready', 'taken', 'bye', 'client=x&channels=[a]', { search: '?client=x&channels=[a]' }, 42]) other.postMessage(data);
    await sleep(100);
    expect(results, 'nothing taken').to.deep.equal([]);
    other.postMessage('?client=c&channels=[a]');
    await eventually(() => results.length > 0, 'the search is taken');
    expect(results).to.deep.equal(['?client=c&channels=[a]']);
    other.close();
    stop();
  });

  it('hears nothing on another attempt\'s channel', async () => {
    const mine = newAttempt();
    const results: string[] = [];
    const stop = waitOnChannel(mine, (search) => results.push(search));
    await sleep(50);
    const other = new BroadcastChannel(`dialog-onboarding:${randomId()}`);
    other.postMessage('?client=forged&channels=[x]');
    other.close();
    await sleep(100);
    expect(results).to.deep.equal([]);
    stop();
  });

  it('gives the result to the first waiter, and the second, queued behind it, nothing once the record is gone', async () => {
    const attempt = newAttempt();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = waitOnChannel(attempt, (search) => first.push(search));
    await sleep(50);
    const stopSecond = waitOnChannel(attempt, (search) => second.push(search));
    await sleep(50);
    expect(await pending(attempt), 'the second waits for the lock').to.equal(true);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]')).to.equal(true);
    stopFirst(); // as the button does on its result: the record goes
    await sleep(100);
    expect(await held(attempt), 'the second let the lock go at once: no record').to.equal(false);
    expect(await handBackOnChannel(attempt, '?client=again&channels=[b]'), 'a second copy finds nobody').to.equal(false);
    expect([first, second]).to.deep.equal([['?client=c&channels=[a]'], []]);
    stopSecond();
  });

  it('lets a second waiter take over once the first lets go and keeps the record (a button re-created)', async () => {
    const attempt = newAttempt();
    const second: string[] = [];
    const stopFirst = waitOnChannel(attempt, () => expect.fail('the first waiter was let go'));
    await sleep(50);
    const stopSecond = waitOnChannel(attempt, (search) => second.push(search));
    stopFirst(true); // removed, keeping the record for the button in its place
    await sleep(100);
    expect(await held(attempt), 'the second holds the lock').to.equal(true);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]')).to.equal(true);
    expect(second).to.deep.equal(['?client=c&channels=[a]']);
    stopSecond();
  });

  it('offers the result again to a button that takes the lock over after the offer (the one before left without it)', async () => {
    const attempt = newAttempt();
    // The button before: it holds the lock and hears nothing (removed as the offer came).
    let release = () => {};
    void navigator.locks.request(attempt.lock, () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(50);
    const results: string[] = [];
    const stop = waitOnChannel(attempt, (search) => results.push(search)); // queued behind it
    const handedBack = handBackOnChannel(attempt, '?client=c&channels=[a]');
    await sleep(100); // offered, to nobody listening
    release();
    expect(await within(handedBack, 3000, 'the button taking over takes it'), 'taken').to.equal(true);
    expect(results).to.deep.equal(['?client=c&channels=[a]']);
    stop();
  });

  it('waits in the lock\'s queue for an attempt of the page before (a reload), whose document lets the lock go late', async () => {
    const attempt: Attempt = { ...newAttempt(), at: performance.timeOrigin - 1 }; // the page before's
    sessionStorage.setItem('dialog-onboarding', JSON.stringify([attempt]));
    let release = () => {};
    void navigator.locks.request(attempt.lock, () => new Promise<void>((resolve) => (release = resolve))); // the page before, still going
    await sleep(50);
    const results: string[] = [];
    const stop = waitOnChannel(attempt, (search) => results.push(search));
    await sleep(100);
    expect(await pending(attempt), 'it queues').to.equal(true);
    release();
    await eventually(() => held(attempt), 'it takes the lock once the page before lets it go');
    expect(await within(handBackOnChannel(attempt, '?client=late&channels=[a]'), 3000, 'the redirect page decides'), 'it took the result').to.equal(true);
    expect(results).to.deep.equal(['?client=late&channels=[a]']);
    stop();
  });

  it('stops listening when another page steals the lock: it listens only while it holds it', async () => {
    const attempt = newAttempt();
    const stop = waitOnChannel(attempt, () => expect.fail('a wait without its lock took a result'));
    await sleep(50);
    let release = () => {};
    void navigator.locks.request(attempt.lock, { steal: true }, () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(100);
    const handedBack = handBackOnChannel(attempt, '?client=c&channels=[a]'); // offered: the lock is held
    await sleep(200);
    release();
    expect(await within(handedBack, 3000, 'the redirect page decides'), 'nobody took it').to.equal(false);
    stop();
  });

  it('withdraws a queued wait that ends before its turn', async () => {
    const attempt = newAttempt();
    const stopFirst = waitOnChannel(attempt, () => expect.fail('the first waiter was let go'));
    await sleep(50);
    const stopSecond = waitOnChannel(attempt, () => expect.fail('the withdrawn waiter took a result'));
    await sleep(50);
    stopSecond(true);
    await sleep(50);
    expect(await pending(attempt), 'no request left').to.equal(false);
    stopFirst(true);
    await sleep(100);
    expect(await held(attempt), 'nobody took the lock').to.equal(false);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]'), 'nobody waits').to.equal(false);
  });

  it('takes no lock for an attempt no longer recorded in this tab', async () => {
    const attempt = newAttempt();
    setState(attempt, null);
    const stop = waitOnChannel(attempt, () => expect.fail('a result reached a wait without a record'));
    await sleep(100);
    expect(await held(attempt), 'no lock').to.equal(false);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]'), 'nobody waits').to.equal(false);
    stop();
  });
});

describe('a lock request the browser drops', () => {
  it('is made again: Chromium rejects a grant that arrives while the page is inside window.open', async () => {
    const attempt = newAttempt();
    const results: string[] = [];
    const request = navigator.locks.request;
    let dropped = 0;
    // As Chromium does it: the request rejects with a plain Error, its callback never called.
    navigator.locks.request = ((name: string, ...rest: unknown[]) =>
      dropped++ ? Reflect.apply(request, navigator.locks, [name, ...rest]) : Promise.reject(new Error('The provided callback is no longer runnable.'))) as LockManager['request'];
    try {
      const stop = waitOnChannel(attempt, (search) => results.push(search));
      await sleep(100);
      expect(dropped, 'asked twice').to.equal(2);
      expect(await held(attempt), 'the second request holds the lock').to.equal(true);
      expect(await handBackOnChannel(attempt, '?client=c&channels=[a]')).to.equal(true);
      expect(results).to.deep.equal(['?client=c&channels=[a]']);
      stop();
    } finally {
      navigator.locks.request = request;
    }
  });
});

describe('a channel wait ended before its lock is granted', () => {
  it('takes neither the lock nor a result', async () => {
    const attempt = newAttempt();
    const results: string[] = [];
    waitOnChannel(attempt, (search) => results.push(search))(); // ended in the same task
    await sleep(50);
    expect(await held(attempt), 'no lock').to.equal(false);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]'), 'nobody waits').to.equal(false);
    expect(results).to.deep.equal([]);
  });
});
