/**
 * channel.ts on its own, both sides in this page: the button holds the attempt's lock and takes
 * the first result on the attempt's channel; the redirect page knows from the lock whether anyone
 * waits. No timer decides anything.
 */
import { expect } from '@open-wc/testing';
import { randomId, type Attempt } from '../src/attempt.js';
import { handBackOnChannel, waitOnChannel } from '../src/channel.js';
import { sleep } from './helpers.js';

const newAttempt = (): Attempt => ({ secret: randomId(), lock: randomId(), configuration: 'c', state: 'opening', at: Date.now(), page: 'p' });
const held = async (attempt: Attempt) => ((await navigator.locks.query()).held ?? []).some((lock) => lock.name === attempt.lock);

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

  it('lets a second waiter take over only an attempt nobody waits for', async () => {
    const attempt = newAttempt();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = waitOnChannel(attempt, (search) => first.push(search));
    await sleep(50);
    const stopSecond = waitOnChannel(attempt, (search) => second.push(search), true);
    await sleep(50);
    expect(await handBackOnChannel(attempt, '?client=c&channels=[a]')).to.equal(true);
    expect([first, second]).to.deep.equal([['?client=c&channels=[a]'], []]);
    stopFirst();
    stopSecond();
  });
});
