/** protocol.ts by properties (fast-check): for any input, what must always hold. */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  DEFAULT_HUB_URL,
  parseRedirectQuery,
  permissionsUrl,
  type QueryParameters,
} from '../src/protocol.js';
import { HUB, RUNS, VALID_ID, parsed, prototypeIsClean } from './protocol-helpers.js';

describe('properties', () => {
  /** IDs as the hub sends them. */
  const id = fc.stringMatching(/^[\w.-]{1,20}$/);
  /** Any UTF-16 string, lone surrogates included. */
  const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });
  /** Strings of every kind fast-check offers. */
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii' }));
  const junk = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom(' ', '%', '%2', '%20', '+', '=', '<', '>', '"', "'", '#', '\n', '\u0000', 'é', '😀', '\ud800'));

  /** Token soup from the redirect query's own vocabulary. */
  const tokenSoup = fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('?', 'client=', 'channels=', 'revoked=', '[', ']', ',', '%5B', '%2C', '%5D', '&', '=', '%5b', '%2c', '%5d') },
        { weight: 3, arbitrary: id },
        { weight: 1, arbitrary: fc.string({ minLength: 129, maxLength: 140, unit: fc.constantFrom('a', 'b', '.') }) },
        { weight: 2, arbitrary: junk },
      ),
      { maxLength: 30 },
    )
    .map((tokens) => tokens.join(''));

  /** Mostly one of `good`, now and then one of `broken`. */
  const mostly = (good: string[], broken: string[]) =>
    fc.oneof({ weight: 15, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...broken) });

  /** A list, mostly well-formed, sometimes broken on purpose, with raw or encoded delimiters. */
  const listValue = fc
    .record({
      ids: fc.array(fc.oneof({ weight: 30, arbitrary: id }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.constant('') }), { maxLength: 5 }),
      open: mostly(['[', '%5B', '%5b', ' [', '%20%5B'], ['', '[[', '%5B%5B', '{', '(']),
      comma: mostly([',', '%2C', '%2c', ' , ', '+,+'], [',,', ';', ' ', '%2C%2C']),
      close: mostly([']', '%5D', '%5d', '] ', '%5D+'], ['', ']]', '}', ')']),
    })
    .map(({ ids, open, comma, close }) => `${open}${ids.join(comma)}${close}`);

  /** Queries shaped like the hub's (client, lists, extras, in any order), now and then broken. */
  const structured = fc
    .record({
      leading: fc.boolean(),
      client: fc.option(fc.oneof({ weight: 20, arbitrary: id }, { weight: 1, arbitrary: junk }), { freq: 20, nil: undefined }),
      channels: fc.option(listValue, { nil: undefined }),
      revoked: fc.option(listValue, { nil: undefined }),
      extras: fc.array(fc.tuple(mostly(['state', 'partner', '__proto__', 'constructor', ''], ['client', 'channels', 'revoked']), junk), {
        maxLength: 3,
      }),
    })
    .chain(({ leading, client, channels, revoked, extras }) => {
      const pairs = extras.map(([key, value]) => `${key}=${value}`);
      if (client !== undefined) pairs.push(`client=${client}`);
      if (channels !== undefined) pairs.push(`channels=${channels}`);
      if (revoked !== undefined) pairs.push(`revoked=${revoked}`);
      return fc.shuffledSubarray(pairs, { minLength: pairs.length }).map((shuffled) => (leading ? '?' : '') + shuffled.join('&'));
    });

  /** Checks the shape promised for any input; returns whether it was a result. */
  function checkOutcome(query: string): boolean {
    const outcome = parseRedirectQuery(query);
    if (!outcome.ok) {
      expect(outcome.message).to.be.a('string').and.not.equal('');
      return false;
    }
    const { client, channels, revoked, params } = outcome.result;
    for (const item of [client, ...channels, ...revoked]) expect(item).to.match(VALID_ID);
    expect(new Set(channels).size).to.equal(channels.length);
    expect(new Set(revoked).size).to.equal(revoked.length);
    expect(params).to.be.an('object');
    for (const value of Object.values(params)) expect(value).to.be.a('string');
    return true;
  }

  it('parseRedirectQuery never throws, and gives valid IDs or a message, for any string', () => {
    let results = 0;
    let refusals = 0;
    for (const strings of [fc.string(), fc.string({ unit: 'binary' }), utf16, tokenSoup, structured]) {
      fc.assert(
        fc.property(strings, (query) => {
          if (checkOutcome(query)) results++;
          else refusals++;
        }),
        RUNS,
      );
    }
    expect(results + refusals).to.equal(5 * RUNS.numRuns);
    // The generated queries reach both outcomes (the shaped ones about half the time), so both were checked.
    expect(results).to.be.greaterThan(200);
    expect(refusals).to.be.greaterThan(200);
    expect(prototypeIsClean()).to.equal(true);
  });

  it('parseRedirectQuery reads back the client and deduplicated lists of any query built from valid IDs', () => {
    /** Channel lists with repeats: picks from a small pool of IDs. */
    const ids = fc.array(id, { minLength: 1, maxLength: 5 }).chain((pool) => fc.array(fc.constantFrom(...pool), { maxLength: 8 }));
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          client: id,
          channels: fc.option(ids, { nil: undefined }),
          revoked: fc.option(ids, { nil: undefined }),
          state: fc.option(anyText, { nil: undefined }),
          encoding: fc.constantFrom('raw', 'encoded', 'brackets-encoded', 'lowercase', 'spaced'),
          leading: fc.boolean(),
          reversed: fc.boolean(),
        }),
        ({ client, channels, revoked, state, encoding, leading, reversed }) => {
          const list = (items: string[]): string => {
            const raw = `[${items.join(',')}]`;
            switch (encoding) {
              case 'encoded':
                return encodeURIComponent(raw);
              case 'brackets-encoded':
                return `%5B${items.join(',')}%5D`;
              case 'lowercase':
                return `%5b${items.join('%2c')}%5d`;
              case 'spaced':
                return `%20[ ${items.join(' , ')} ]+`;
              default:
                return raw;
            }
          };
          const pairs = [`client=${client}`];
          if (channels) pairs.push(`channels=${list(channels)}`);
          if (revoked) pairs.push(`revoked=${list(revoked)}`);
          if (state !== undefined) pairs.push(`state=${encodeURIComponent(state)}`);
          if (reversed) pairs.reverse();
          const query = (leading ? '?' : '') + pairs.join('&');

          runs++;
          const result = parsed(query);
          expect(result.client).to.equal(client);
          expect(result.channels).to.deep.equal([...new Set(channels ?? [])]);
          expect(result.revoked).to.deep.equal([...new Set(revoked ?? [])]);
          // What URLSearchParams gives for the string (lone surrogates become U+FFFD).
          if (state !== undefined) expect(result.params.state).to.equal(new URLSearchParams({ state }).get('state'));
        },
      ),
      RUNS,
    );
    expect(runs).to.equal(RUNS.numRuns);
  });

  it('permissionsUrl gives a URL that parses back to exactly its inputs', () => {
    const hub = fc.oneof(
      fc.constantFrom(HUB, `${HUB}/`, DEFAULT_HUB_URL, 'https://hub.example', 'http://127.0.0.1:8765/demo/hub', 'https://hub.example/a%20b/ü/'),
      fc.webUrl({ validSchemes: ['http', 'https'] }),
    );
    const partnerId = anyText.filter((text) => text.trim() !== '' && text.trim() !== '.' && text.trim() !== '..');
    // (`redirect_url` is refused among the parameters: a test of its own covers that.)
    const key = fc.oneof(anyText, fc.constantFrom('__proto__', 'constructor', 'state', 'email', '0', '10')).filter((k) => k !== 'redirect_url');
    const parameters = fc.array(fc.tuple(key, anyText), { maxLength: 6 }).map((entries): QueryParameters => Object.fromEntries(entries));
    let runs = 0;
    fc.assert(
      fc.property(hub, partnerId, fc.option(anyText, { nil: undefined }), parameters, (hubUrl, partner, redirect, params) => {
        runs++;
        const href = permissionsUrl(hubUrl, partner, redirect, params);
        const url = new URL(href);
        const base = new URL(hubUrl);
        expect(url.origin).to.equal(base.origin);
        expect(url.hash).to.equal('');

        const prefix = `${base.pathname.replace(/\/+$/, '')}/`;
        expect(url.pathname.startsWith(prefix), url.pathname).to.equal(true);
        expect(url.pathname.endsWith('/permissions'), url.pathname).to.equal(true);
        const segment = url.pathname.slice(prefix.length, -'/permissions'.length);
        expect(segment).to.not.include('/');
        expect(decodeURIComponent(segment)).to.equal(partner.trim());

        // (Integer-like keys such as '0' come first: that is how JavaScript objects order their keys.)
        const expected = Object.entries(redirect ? { redirect_url: redirect, ...params } : params);
        expect([...url.searchParams]).to.deep.equal(expected);
        expect(href.includes('?')).to.equal(expected.length > 0);
      }),
      RUNS,
    );
    expect(runs).to.equal(RUNS.numRuns);
  });
});
