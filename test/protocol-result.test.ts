/** protocol.ts, the way back: reading the redirect query, and the URLs a result leaves or goes to. */
import { expect } from '@open-wc/testing';
import {
  hasResult,
  parseRedirectQuery,
  withoutResult,
  withQuery,
} from '../src/protocol.js';
import { parsed, prototypeIsClean, refused } from './protocol-helpers.js';

describe('parseRedirectQuery', () => {
  describe('accepts what the hub sends', () => {
    const corpus: Array<{ behaviour: string; query: string; client: string; channels: string[]; revoked: string[] }> = [
      {
        behaviour: 'accepts raw brackets and commas',
        query: '?client=c1&channels=[a,b]',
        client: 'c1',
        channels: ['a', 'b'],
        revoked: [],
      },
      {
        behaviour: 'accepts percent-encoded brackets and commas',
        query: '?client=c1&channels=%5Ba%2Cb%5D&revoked=%5Bc%5D',
        client: 'c1',
        channels: ['a', 'b'],
        revoked: ['c'],
      },
      {
        behaviour: 'accepts lowercase percent-encoding',
        query: '?client=c1&channels=%5ba%2cb%5d',
        client: 'c1',
        channels: ['a', 'b'],
        revoked: [],
      },
      {
        behaviour: 'accepts raw and percent-encoded delimiters mixed in one query',
        query: '?client=c1&channels=%5Ba,b%5D&revoked=[c%2Cd]',
        client: 'c1',
        channels: ['a', 'b'],
        revoked: ['c', 'd'],
      },
      {
        behaviour: 'accepts a query without the leading ?',
        query: 'client=c1&channels=[a]',
        client: 'c1',
        channels: ['a'],
        revoked: [],
      },
      {
        behaviour: 'accepts parameters in any order',
        query: '?revoked=[r]&state=s&channels=[a]&client=c1',
        client: 'c1',
        channels: ['a'],
        revoked: ['r'],
      },
      {
        behaviour: 'accepts empty lists',
        query: '?client=c1&channels=[]&revoked=%5B%5D',
        client: 'c1',
        channels: [],
        revoked: [],
      },
      {
        behaviour: 'accepts an empty list with spaces inside',
        query: '?client=c1&channels=[ ]&revoked=%5B%20%5D',
        client: 'c1',
        channels: [],
        revoked: [],
      },
      {
        behaviour: 'trims stray spaces around IDs and brackets',
        query: '?client= c1 &channels= [ a , b ] &revoked=%20%5B%20c%20%2C%20d%20%5D%20',
        client: 'c1',
        channels: ['a', 'b'],
        revoked: ['c', 'd'],
      },
      {
        behaviour: 'reads + as a space around IDs',
        query: '?client=+c1+&channels=[a,+b]',
        client: 'c1',
        channels: ['a', 'b'],
        revoked: [],
      },
      {
        behaviour: 'accepts a result that only revokes',
        query: '?client=c1&revoked=[x,y]',
        client: 'c1',
        channels: [],
        revoked: ['x', 'y'],
      },
      {
        behaviour: 'gives no revoked IDs when revoked is absent',
        query: '?client=c1&channels=[a]',
        client: 'c1',
        channels: ['a'],
        revoked: [],
      },
      {
        behaviour: 'gives no channels when channels is absent',
        query: '?client=c1',
        client: 'c1',
        channels: [],
        revoked: [],
      },
      {
        behaviour: 'drops duplicate IDs, keeping the order of first appearance',
        query: '?client=c1&channels=[b,a,b,c,a]&revoked=[x,%20x,x]',
        client: 'c1',
        channels: ['b', 'a', 'c'],
        revoked: ['x'],
      },
      {
        behaviour: 'accepts IDs of letters, digits, dots, dashes and underscores',
        query: '?client=Client_1.a-b&channels=[ch-1,CH.2,_3]',
        client: 'Client_1.a-b',
        channels: ['ch-1', 'CH.2', '_3'],
        revoked: [],
      },
      {
        behaviour: 'accepts IDs of exactly 128 characters',
        query: `?client=${'c'.repeat(128)}&channels=[${'a'.repeat(128)}]`,
        client: 'c'.repeat(128),
        channels: ['a'.repeat(128)],
        revoked: [],
      },
    ];
    for (const { behaviour, query, client, channels, revoked } of corpus) {
      it(behaviour, () => {
        const result = parsed(query);
        expect(result.client).to.equal(client);
        expect(result.channels).to.deep.equal(channels);
        expect(result.revoked).to.deep.equal(revoked);
      });
    }

    it('keeps every parameter in params, decoded, extra ones such as state included', () => {
      const result = parsed('?client=c1&channels=%5Ba%5D&state=x%20y%26z%3D1&partner=user+42&empty=');
      expect(result.params).to.deep.equal({
        client: 'c1',
        channels: '[a]',
        state: 'x y&z=1',
        partner: 'user 42',
        empty: '',
      });
    });

    it('keeps the first value of a repeated extra parameter', () => {
      expect(parsed('?client=c1&state=first&state=second').params.state).to.equal('first');
    });

    it('keeps __proto__ as a plain data key without polluting prototypes', () => {
      const result = parsed('?client=c1&__proto__=x&__proto__[polluted]=yes&constructor=y&polluted=no');
      expect(Object.hasOwn(result.params, '__proto__')).to.equal(true);
      expect(Object.getOwnPropertyDescriptor(result.params, '__proto__')?.value).to.equal('x');
      expect(result.params['__proto__[polluted]']).to.equal('yes');
      expect(result.params.constructor).to.equal('y');
      expect(Object.getPrototypeOf(result.params)).to.equal(Object.prototype);
      expect(prototypeIsClean()).to.equal(true);
    });

    it('gives fresh arrays and objects, not shared ones', () => {
      const first = parsed('?client=c1&channels=[a]');
      first.channels.push('mutated');
      first.params.client = 'mutated';
      const second = parsed('?client=c1&channels=[a]');
      expect(second.channels).to.deep.equal(['a']);
      expect(second.params.client).to.equal('c1');
    });
  });

  describe('refuses what the hub never sends', () => {
    const corpus: Array<{ behaviour: string; queries: string[]; message: RegExp }> = [
      { behaviour: 'refuses a query without client', queries: ['?channels=[a]', '', '?', '?state=s', '?clients=c1'], message: /client/ },
      { behaviour: 'refuses an empty or blank client', queries: ['?client=&channels=[a]', '?client=%20', '?client=+++', '?client'], message: /client/ },
      {
        behaviour: 'refuses a client with markup in it',
        queries: [
          '?client=<img src=x onerror=alert(1)>&channels=[a]',
          `?client=${encodeURIComponent('<img src=x onerror=alert(1)>')}&channels=[a]`,
          '?client=%3Cscript%3Ealert(1)%3C/script%3E',
        ],
        message: /client/,
      },
      {
        behaviour: 'refuses a client with quotes, spaces or unicode inside',
        queries: ['?client="c1"', "?client='c1'", '?client=c%201', '?client=c%C3%A9', '?client=c1;drop'],
        message: /client/,
      },
      { behaviour: 'refuses a client over 128 characters', queries: [`?client=${'c'.repeat(129)}`], message: /client/ },
      {
        behaviour: 'refuses channel IDs with markup in them',
        queries: ['?client=c1&channels=[a,<script>alert(1)</script>]', '?client=c1&channels=[<img src=x onerror=alert(1)>]'],
        message: /channels/,
      },
      {
        behaviour: 'refuses channel IDs with quotes inside',
        queries: ['?client=c1&channels=["a","b"]', "?client=c1&channels=['a']", '?client=c1&channels=[a%22]'],
        message: /channels/,
      },
      {
        behaviour: 'refuses channel IDs with spaces inside',
        queries: ['?client=c1&channels=[a b]', '?client=c1&channels=%5Ba%20b%5D', '?client=c1&channels=[a+b]'],
        message: /channels/,
      },
      { behaviour: 'refuses a channel ID over 128 characters', queries: [`?client=c1&channels=[a,${'x'.repeat(129)}]`], message: /channels/ },
      { behaviour: 'refuses a revoked ID over 128 characters', queries: [`?client=c1&revoked=[${'x'.repeat(129)}]`], message: /revoked/ },
      {
        behaviour: 'refuses lists without brackets',
        queries: ['?client=c1&channels=a,b', '?client=c1&channels=a', '?client=c1&channels=', '?client=c1&channels=a%2Cb'],
        message: /channels/,
      },
      { behaviour: 'refuses a revoked list without brackets', queries: ['?client=c1&revoked=x'], message: /revoked/ },
      {
        behaviour: 'refuses empty items in a list',
        queries: ['?client=c1&channels=[a,,b]', '?client=c1&channels=[a,]', '?client=c1&channels=[,a]', '?client=c1&channels=[,]', '?client=c1&channels=%5Ba%2C%2Cb%5D'],
        message: /channels/,
      },
      {
        behaviour: 'refuses unterminated and nested lists',
        queries: ['?client=c1&channels=[a', '?client=c1&channels=a]', '?client=c1&channels=%5Ba', '?client=c1&channels=[[a]]', '?client=c1&channels=[a]]'],
        message: /channels/,
      },
      {
        behaviour: 'refuses client appearing twice, even with the same value',
        queries: ['?client=c1&client=c2', '?client=c1&client=c1', '?client=c1&channels=[a]&%63lient=c2'],
        message: /client appears twice/,
      },
      {
        behaviour: 'refuses channels appearing twice',
        queries: ['?client=c1&channels=[a]&channels=[b]', '?client=c1&channels=[a]&channels=[a]'],
        message: /channels appears twice/,
      },
      { behaviour: 'refuses revoked appearing twice', queries: ['?client=c1&revoked=[a]&revoked=[]'], message: /revoked appears twice/ },
    ];
    for (const { behaviour, queries, message } of corpus) {
      it(behaviour, () => {
        for (const query of queries) expect(refused(query), query).to.match(message);
      });
    }

    it('refuses a broken list even when the client is valid, instead of dropping it', () => {
      const outcome = parseRedirectQuery('?client=c1&channels=[a,<b>]&revoked=[r]');
      expect(outcome).to.deep.equal({ ok: false, message: 'channels holds an invalid ID' });
    });
  });
});

describe('hasResult', () => {
  it('sees a result when a client comes with channels or revoked, as the hub sends it', () => {
    for (const query of ['?client=c1&channels=[a]', '?client=c1&revoked=[]', 'client=c1&channels=', '?state=s&client=&channels=[]', '?%63lient=c1&%63hannels=[a]']) {
      expect(hasResult(query), query).to.equal(true);
    }
  });

  it("sees no result in other queries, a partner page's own ?client=42 among them", () => {
    for (const query of ['', '?', '?state=s', '?client=42&tab=billing', '?client', '?channels=[a]', '?revoked=[]', '?clients=c1&channels=[a]', '#client=c1&channels=[a]']) {
      expect(hasResult(query), query).to.equal(false);
    }
  });
});

describe('withoutResult', () => {
  it('removes client, channels and revoked, keeping other parameters and the hash', () => {
    const url = withoutResult('https://app.example/page?state=s1&client=c1&channels=%5Ba%5D&lang=en&revoked=[r]#section');
    const parsedUrl = new URL(url);
    expect(parsedUrl.origin + parsedUrl.pathname).to.equal('https://app.example/page');
    expect([...parsedUrl.searchParams]).to.deep.equal([
      ['state', 's1'],
      ['lang', 'en'],
    ]);
    expect(parsedUrl.hash).to.equal('#section');
  });

  it('removes every copy of a repeated result parameter', () => {
    const url = new URL(withoutResult('https://app.example/?client=a&client=b&channels=[x]&channels=[y]&keep=1'));
    expect([...url.searchParams]).to.deep.equal([['keep', '1']]);
  });

  it('leaves no ? behind when the query held only a result', () => {
    expect(withoutResult('https://app.example/page?client=c1&channels=[a]').href).to.equal('https://app.example/page');
    expect(withoutResult('https://app.example/page?client=c1#top').href).to.equal('https://app.example/page#top');
  });

  it('leaves a URL without a result as it was', () => {
    expect(withoutResult('https://app.example/page?x=1&y=2#top').href).to.equal('https://app.example/page?x=1&y=2#top');
    expect(withoutResult('https://app.example/page').href).to.equal('https://app.example/page');
  });

  it('keeps the values of other parameters when it re-serializes the query', () => {
    const url = new URL(withoutResult('https://app.example/?state=a%20b%26c&client=c1&next=%F0%9F%98%80'));
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ state: 'a b&c', next: '😀' });
  });
});

describe('withQuery', () => {
  it('adds every parameter of the query to the URL', () => {
    const url = new URL(withQuery(new URL('https://app.example/done'), '?client=c1&channels=[a,b]&revoked=%5Br%5D'));
    expect(url.origin + url.pathname).to.equal('https://app.example/done');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ client: 'c1', channels: '[a,b]', revoked: '[r]' });
    expect(parsed(url.search).channels).to.deep.equal(['a', 'b']);
  });

  it('keeps the parameters and the hash the URL already has', () => {
    const url = new URL(withQuery(new URL('https://app.example/done?tab=numbers#list'), 'client=c1'));
    expect([...url.searchParams]).to.deep.equal([
      ['tab', 'numbers'],
      ['client', 'c1'],
    ]);
    expect(url.hash).to.equal('#list');
  });

  it('replaces the result\'s parameters the URL already has with the query\'s', () => {
    const url = new URL(withQuery(new URL('https://app.example/done?client=stale&tab=x&client=older&channels=[old]'), '?client=c1&channels=[a]'));
    expect(url.searchParams.getAll('client')).to.deep.equal(['c1']);
    expect(url.searchParams.getAll('channels')).to.deep.equal(['[a]']);
    expect(url.searchParams.get('tab')).to.equal('x');
  });

  it('keeps the URL\'s own other parameters: the query does not override them', () => {
    const url = new URL(withQuery(new URL('https://app.example/done?state=app&tab=x'), '?client=c1&channels=[a]&state=hub&extra=1'));
    expect(url.searchParams.getAll('state')).to.deep.equal(['app']);
    expect([url.searchParams.get('tab'), url.searchParams.get('extra'), url.searchParams.get('client')]).to.deep.equal(['x', '1', 'c1']);
  });

  it('does not change the URL object it is given', () => {
    const base = new URL('https://app.example/done?tab=x');
    withQuery(base, '?client=c1');
    expect(base.href).to.equal('https://app.example/done?tab=x');
  });

  it('gives the URL unchanged for an empty query', () => {
    expect(withQuery(new URL('https://app.example/done?tab=x#h'), '')).to.equal('https://app.example/done?tab=x#h');
  });
});
