/** protocol.ts, the way out: the permissions URL, and the checks on what goes into it. */
import { expect } from '@open-wc/testing';
import {
  DEFAULT_HUB_URL,
  httpUrl,
  permissionsUrl,
  toQueryParameters,
  type QueryParameters,
} from '../src/protocol.js';
import { HUB, prototypeIsClean } from './protocol-helpers.js';

describe('permissionsUrl', () => {
  it('builds {hub}/{partnerId}/permissions with redirect_url first, then the parameters', () => {
    const url = permissionsUrl(HUB, 'partner1', 'https://app.example/callback', { email: 'a@b.example', state: 's1' });
    expect(url).to.equal(
      'https://hub.example/dashboard/app/partner1/permissions' +
        '?redirect_url=https%3A%2F%2Fapp.example%2Fcallback&email=a%40b.example&state=s1',
    );
  });

  it("points at 360dialog's hub by default", () => {
    expect(DEFAULT_HUB_URL).to.equal('https://hub.360dialog.com/dashboard/app');
    expect(permissionsUrl(DEFAULT_HUB_URL, 'p1')).to.equal('https://hub.360dialog.com/dashboard/app/p1/permissions');
  });

  it('drops trailing slashes on the hub', () => {
    expect(permissionsUrl(`${HUB}/`, 'p1')).to.equal(`${HUB}/p1/permissions`);
    expect(permissionsUrl(`${HUB}///`, 'p1')).to.equal(`${HUB}/p1/permissions`);
    expect(permissionsUrl('https://hub.example', 'p1')).to.equal('https://hub.example/p1/permissions');
    expect(permissionsUrl('https://hub.example/', 'p1')).to.equal('https://hub.example/p1/permissions');
  });

  it('accepts a plain-http hub, such as a local stand-in', () => {
    expect(permissionsUrl('http://127.0.0.1:8765/demo/hub', 'p1')).to.equal('http://127.0.0.1:8765/demo/hub/p1/permissions');
  });

  it('percent-encodes every value: spaces, &, =, #, +, %, unicode and brackets', () => {
    const url = permissionsUrl(HUB, 'p1', undefined, {
      name: 'Ada Lovelace',
      state: 'a&b=c',
      partner: '#frag',
      plus: '1+1',
      percent: '100%',
      lang: 'ü✓😀',
      list: '[a,b]',
    });
    expect(url).to.equal(
      `${HUB}/p1/permissions?name=Ada%20Lovelace&state=a%26b%3Dc&partner=%23frag&plus=1%2B1` +
        '&percent=100%25&lang=%C3%BC%E2%9C%93%F0%9F%98%80&list=%5Ba%2Cb%5D',
    );
  });

  it('percent-encodes parameter names too', () => {
    const url = permissionsUrl(HUB, 'p1', undefined, { 'a b&c=d': 'v' });
    expect(url).to.equal(`${HUB}/p1/permissions?a%20b%26c%3Dd=v`);
    expect(Object.fromEntries(new URL(url).searchParams)).to.deep.equal({ 'a b&c=d': 'v' });
  });

  it('percent-encodes the redirect URL, query and fragment included', () => {
    const redirect = 'https://app.example/cb?x=1&y=2#top';
    const url = permissionsUrl(HUB, 'p1', redirect);
    expect(url).to.equal(`${HUB}/p1/permissions?redirect_url=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%26y%3D2%23top`);
    expect(new URL(url).searchParams.get('redirect_url')).to.equal(redirect);
  });

  it('encodes the partner ID as one trimmed path segment', () => {
    const url = permissionsUrl(HUB, '  p/1 ?#%ü  ', undefined, { state: 's' });
    expect(url).to.equal(`${HUB}/p%2F1%20%3F%23%25%C3%BC/permissions?state=s`);
    const parsedUrl = new URL(url);
    expect(parsedUrl.pathname).to.equal('/dashboard/app/p%2F1%20%3F%23%25%C3%BC/permissions');
    expect(parsedUrl.hash).to.equal('');
  });

  it('has no ? when there are no parameters', () => {
    expect(permissionsUrl(HUB, 'p1')).to.equal(`${HUB}/p1/permissions`);
    expect(permissionsUrl(HUB, 'p1', undefined, {})).to.equal(`${HUB}/p1/permissions`);
    expect(permissionsUrl(HUB, 'p1', '', {})).to.equal(`${HUB}/p1/permissions`);
  });

  it('leaves redirect_url out when no redirect URL is given', () => {
    const url = new URL(permissionsUrl(HUB, 'p1', undefined, { state: 's' }));
    expect(url.searchParams.has('redirect_url')).to.equal(false);
    expect([...url.searchParams]).to.deep.equal([['state', 's']]);
  });

  it('passes unknown keys through unchanged, in order', () => {
    const url = permissionsUrl(HUB, 'p1', 'https://app.example/cb', {
      io_signature: 'sig',
      io_timestamp: '1700000000',
      some_future_flag: 'yes',
      next: 'login',
    });
    expect([...new URL(url).searchParams.keys()]).to.deep.equal([
      'redirect_url',
      'io_signature',
      'io_timestamp',
      'some_future_flag',
      'next',
    ]);
  });

  it('refuses a redirect_url among the parameters, with or without a redirect URL given', () => {
    // Hand-backs are taken only from the given redirect URL's origin: another would be lost.
    for (const redirect of ['https://app.example/cb', undefined]) {
      expect(() => permissionsUrl(HUB, 'p1', redirect, { redirect_url: 'https://other.example/' })).to.throw(TypeError, /use redirect-url/);
    }
  });

  it('does not change the parameters object it is given', () => {
    const parameters: QueryParameters = { state: 's' };
    permissionsUrl(HUB, 'p1', 'https://app.example/cb', parameters);
    expect(parameters).to.deep.equal({ state: 's' });
  });

  it('throws a TypeError for an empty or blank partner ID', () => {
    for (const partnerId of ['', ' ', '\t\n ', '\u00a0']) {
      expect(() => permissionsUrl(HUB, partnerId), JSON.stringify(partnerId)).to.throw(TypeError, /partner-id/);
    }
  });

  it('throws a TypeError for a partner ID that is a dot segment, which a URL cannot hold', () => {
    // `/app/../permissions` would open `/permissions` on the hub, not this partner's screen.
    for (const partnerId of ['.', '..', ' .. ']) {
      expect(() => permissionsUrl(HUB, partnerId), JSON.stringify(partnerId)).to.throw(TypeError, /partner-id/);
    }
  });

  it('throws a TypeError for a hub that is not an absolute http(s) URL', () => {
    const hubs = [
      'javascript:alert(1)',
      'JavaScript:alert(1)//https://hub.example',
      'ftp://hub.example/app',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'mailto:someone@hub.example',
      '',
      'garbage',
      'not a url at all',
      'hub.example/dashboard/app',
      '/dashboard/app',
      'https://',
      'http://[::1',
    ];
    for (const hub of hubs) {
      expect(() => permissionsUrl(hub, 'p1'), JSON.stringify(hub)).to.throw(TypeError, /hub-url/);
    }
  });

  it('throws a TypeError for a hub carrying a query or a fragment, which would swallow the path', () => {
    for (const hub of [`${HUB}?env=staging`, `${HUB}#top`, `${HUB}?`, `${HUB}#`]) {
      expect(() => permissionsUrl(hub, 'p1'), hub).to.throw(TypeError, /hub-url/);
    }
  });
});

describe('toQueryParameters', () => {
  it('returns a copy of an object of strings', () => {
    const input = { email: 'a@b.example', state: 's' };
    const copy = toQueryParameters(input, 'queryParameters');
    expect(copy).to.deep.equal(input);
    expect(copy).to.not.equal(input);
    copy.state = 'changed';
    expect(input.state).to.equal('s');
  });

  it('accepts an empty object', () => {
    expect(toQueryParameters({}, 'queryParameters')).to.deep.equal({});
  });

  it('keeps a __proto__ key as plain data without polluting prototypes', () => {
    const copy = toQueryParameters(JSON.parse('{"__proto__":"x","a":"b"}') as unknown, 'the prepared parameters');
    expect(Object.entries(copy)).to.deep.equal([
      ['__proto__', 'x'],
      ['a', 'b'],
    ]);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect(prototypeIsClean()).to.equal(true);
  });

  it('throws a TypeError naming what it checks for non-objects, arrays and null', () => {
    const values: unknown[] = ['a=b', '', 42, 0, true, undefined, null, [], ['a'], [['a', 'b']], () => ({})];
    for (const value of values) {
      expect(() => toQueryParameters(value, 'queryParameters'), String(value)).to.throw(
        TypeError,
        'queryParameters must be an object of strings',
      );
    }
  });

  it('throws a TypeError naming the key of a value that is not a string', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ a: 'x', count: 1 }, 'count'],
      [{ nothing: null }, 'nothing'],
      [{ missing: undefined }, 'missing'],
      [{ nested: { deep: 'x' } }, 'nested'],
      [{ list: ['x'] }, 'list'],
      [{ flag: false }, 'flag'],
    ];
    for (const [value, key] of cases) {
      expect(() => toQueryParameters(value, 'the prepared parameters'), key).to.throw(
        TypeError,
        `the prepared parameters: "${key}" is not a string`,
      );
    }
  });

  it('refuses a payload that tries to set a prototype', () => {
    const payload = JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown;
    expect(() => toQueryParameters(payload, 'the prepared parameters')).to.throw(TypeError, /"__proto__" is not a string/);
    expect(prototypeIsClean()).to.equal(true);
  });
});

describe('httpUrl', () => {
  it('resolves a relative URL against the base', () => {
    const url = httpUrl('/demo/callback.html?x=1', 'redirect-url', 'http://localhost:8765/page');
    expect(url).to.be.instanceOf(URL);
    expect(url.href).to.equal('http://localhost:8765/demo/callback.html?x=1');
  });

  it('keeps an absolute https URL as it is', () => {
    expect(httpUrl('https://app.example/cb', 'redirect-url', 'http://localhost/').href).to.equal('https://app.example/cb');
  });

  it('throws a TypeError naming what it checks for other schemes and unparsable URLs', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://a.example/', 'blob:https://a.example/x', 'http://[::1']) {
      expect(() => httpUrl(url, 'return-url', 'https://app.example/'), url).to.throw(TypeError, /^return-url is not an http\(s\) URL/);
    }
  });
});
