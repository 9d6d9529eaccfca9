import fc from 'fast-check';
import { hmac, type RawRequest } from './rest';

// Malformed order-entry requests, each broken by construction in at least one way (so no generated request can
// be a valid order), signed correctly unless the breakage is the signature itself: random text in any parameter,
// parameters repeated, unknown, missing or empty, huge numbers, broken percent-encoding, a body in the wrong
// character set or format.

export type Part = 'query' | 'body';

export interface Pair {
  readonly name: string;
  readonly value: string;
  readonly part: Part;
  /** Put in the request verbatim instead of percent-encoded (broken encodings). */
  readonly raw?: boolean;
}

export interface Endpoint {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** A valid request's parameters (without timestamp and signature). */
  readonly base: readonly (readonly [string, string])[];
  /** Every parameter name the endpoint reads. */
  readonly known: readonly string[];
  readonly mandatory: readonly string[];
}

export type Breakage =
  | { readonly kind: 'junk'; readonly name: string; readonly value: string }
  | { readonly kind: 'rawJunk'; readonly name: string; readonly value: string }
  | { readonly kind: 'repeat'; readonly name: string; readonly value: string }
  | { readonly kind: 'unknown'; readonly name: string; readonly value: string }
  | { readonly kind: 'missing'; readonly name: string }
  | { readonly kind: 'empty'; readonly name: string }
  | { readonly kind: 'timestamp'; readonly value: string }
  | { readonly kind: 'signature'; readonly value: string }
  | { readonly kind: 'noSignature' }
  | { readonly kind: 'latin1Body' }
  | { readonly kind: 'jsonBody' };

export interface FuzzCase {
  readonly endpoint: Endpoint;
  readonly parts: readonly Part[];
  readonly breakages: readonly Breakage[];
}

const ORDER_NAMES = [
  'symbol',
  'side',
  'positionSide',
  'type',
  'timeInForce',
  'quantity',
  'price',
  'reduceOnly',
  'newClientOrderId',
  'newOrderRespType',
  'selfTradePreventionMode',
  'closePosition',
  'priceProtect',
  'workingType',
  'priceMatch',
  'goodTillDate',
];
const SIGNING = ['timestamp', 'recvWindow', 'signature'];

export const PLACE: Endpoint = {
  method: 'POST',
  path: '/fapi/v1/order',
  base: [
    ['symbol', 'BTCUSDT'],
    ['side', 'BUY'],
    ['type', 'LIMIT'],
    ['timeInForce', 'GTC'],
    ['quantity', '0.010'],
    ['price', '60000.0'],
  ],
  known: [...ORDER_NAMES, ...SIGNING],
  mandatory: ['symbol', 'side', 'type', 'timeInForce', 'quantity', 'price'],
};

export const AMEND: Endpoint = {
  method: 'PUT',
  path: '/fapi/v1/order',
  base: [
    ['symbol', 'BTCUSDT'],
    ['orderId', '12345'],
    ['side', 'BUY'],
    ['quantity', '0.010'],
    ['price', '60000.0'],
  ],
  known: ['symbol', 'orderId', 'origClientOrderId', 'side', 'quantity', 'price', 'priceMatch', ...SIGNING],
  mandatory: ['symbol', 'orderId', 'side', 'quantity', 'price'],
};

export const CANCEL: Endpoint = {
  method: 'DELETE',
  path: '/fapi/v1/order',
  base: [
    ['symbol', 'BTCUSDT'],
    ['orderId', '12345'],
  ],
  known: ['symbol', 'orderId', 'origClientOrderId', ...SIGNING],
  mandatory: ['symbol', 'orderId'],
};

export const CANCEL_ALL: Endpoint = {
  method: 'DELETE',
  path: '/fapi/v1/allOpenOrders',
  base: [['symbol', 'BTCUSDT']],
  known: ['symbol', ...SIGNING],
  mandatory: ['symbol'],
};

/** Could `value` be a valid value of parameter `name` (of any endpoint here)? Junk never is. */
export function possiblyValid(name: string, value: string): boolean {
  const decimal = /^-?\d+(\.\d+)?$/.test(value);
  switch (name) {
    case 'symbol':
      return value === 'BTCUSDT';
    case 'side':
      return value === 'BUY' || value === 'SELL';
    case 'type':
      return value === 'LIMIT' || value === 'MARKET';
    case 'timeInForce':
      return ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'].includes(value);
    case 'positionSide':
      return value === 'BOTH';
    case 'newOrderRespType':
      return value === 'ACK' || value === 'RESULT';
    case 'selfTradePreventionMode':
      return ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'].includes(value);
    case 'reduceOnly':
      return /^(true|false)$/i.test(value);
    case 'closePosition':
    case 'priceProtect':
      return /^false$/i.test(value);
    case 'workingType':
      return value === 'CONTRACT_PRICE' || value === 'MARK_PRICE';
    case 'priceMatch':
      return value === 'NONE';
    case 'goodTillDate':
      return /^\d{1,16}$/.test(value);
    case 'newClientOrderId':
    case 'origClientOrderId':
      return /^[.A-Z:/a-z0-9_-]{1,36}$/.test(value);
    case 'orderId':
      return /^\d{1,16}$/.test(value);
    case 'recvWindow':
      return /^\d{1,6}$/.test(value) && Number(value) <= 60_000;
    case 'timestamp':
      return /^\d{1,16}$/.test(value);
    // Numbers that could be on tick/step and within the filters. The known-invalid numeric families below are
    // built to fail them; any other decimal is treated as possibly valid.
    case 'quantity':
    case 'price':
      return decimal && !knownInvalidNumber(name, value);
    default:
      return false;
  }
}

/** Decimal strings that fail BTCUSDT's filters whatever else the order says. */
function knownInvalidNumber(name: string, value: string): boolean {
  const [whole = '', fraction = ''] = value.replace(/^-/, '').split('.');
  if (value.startsWith('-') || /^-?0+(\.0+)?$/.test(value)) return true; // ≤ 0
  if (fraction.replace(/0+$/, '').length > (name === 'price' ? 2 : 3)) return true; // precision
  const magnitude = whole.replace(/^0+/, '').length;
  return name === 'price' ? magnitude > 7 : magnitude > 4; // above maxPrice / maxQty
}

const controlAndOdd = fc.constantFrom(
  '',
  ' ',
  '  BUY',
  'BUY ',
  'buy',
  'Limit',
  'btcusdt',
  'BTCUSDT\u0000',
  'BTC USDT',
  '&',
  '=',
  '&&',
  '%',
  '+',
  '\u0000',
  '\r\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  '1E-2',
  '0x10',
  '+1',
  '.5',
  '5.',
  '1,5',
  '１',
  '٣',
  '[]',
  '{}',
  '{"a":1}',
  '😀',
  '\uD800',
  '\uFFFF',
  'true',
  'FALSE',
  "'; DROP TABLE orders; --",
  '<script>',
  '$' + '{1+1}',
  '__proto__',
  'constructor',
);

const hugeNumber = fc.oneof(
  fc.integer({ min: 20, max: 4_000 }).map((n) => '9'.repeat(n)),
  fc.integer({ min: 20, max: 4_000 }).map((n) => `1${'0'.repeat(n)}`),
  fc.integer({ min: 4, max: 4_000 }).map((n) => `0.${'0'.repeat(n)}1`),
  fc.integer({ min: 20, max: 400 }).map((n) => `-${'9'.repeat(n)}.${'9'.repeat(n)}`),
  fc.constantFrom('9007199254740993', '18446744073709551616', '1000.001', '4529764.1', '0.0001', '-0.010'),
);

const longText = fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n));

/** Junk for a parameter: random text of every kind, odd values, huge numbers, long strings; never valid. */
export function junkFor(name: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
      { weight: 3, arbitrary: controlAndOdd },
      { weight: 2, arbitrary: hugeNumber },
      { weight: 1, arbitrary: longText },
    )
    .filter((value) => !possiblyValid(name, value));
}

/** Percent-encodings that are broken, put in the request verbatim: none decodes to a valid value. */
const brokenEncoding = fc.constantFrom(
  '%',
  '%Z',
  '%ZZ',
  '%C3%28',
  '%E2%82',
  '%FF',
  '%00',
  'a%2',
  '%%',
  '%u0041',
);

const junkName = fc
  .oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  )
  .filter((name) => name !== 'signature');

function breakage(endpoint: Endpoint): fc.Arbitrary<Breakage> {
  const known = fc.constantFrom(...endpoint.known.filter((n) => n !== 'signature' && n !== 'timestamp'));
  const present = fc.constantFrom(...endpoint.base.map(([name]) => name));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: known.chain((name) =>
        junkFor(name).map((value) => ({ kind: 'junk' as const, name, value })),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('rawJunk' as const), name: known, value: brokenEncoding }),
    },
    {
      weight: 2,
      arbitrary: present.chain((name) =>
        fc
          .oneof(
            fc.constant(endpoint.base.find(([n]) => n === name)![1]),
            fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
          )
          .map((value) => ({ kind: 'repeat' as const, name, value })),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('unknown' as const),
        name: junkName.filter((n) => !endpoint.known.includes(n)),
        value: fc.string({ maxLength: 20 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('missing' as const),
        name: fc.constantFrom(...endpoint.mandatory, 'timestamp'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('empty' as const),
        name: fc.constantFrom(...endpoint.mandatory, 'timestamp'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('timestamp' as const),
        value: fc.oneof(
          junkFor('timestamp'),
          fc.constantFrom('0', '1', String(10 ** 15), '99999999999999999'),
          fc.integer({ min: 6_000, max: 10 ** 9 }).map((ago) => `past:${ago}`),
          fc.integer({ min: 1_500, max: 10 ** 9 }).map((ahead) => `future:${ahead}`),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('signature' as const),
        value: fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[0-9a-f]{64}$/)),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'noSignature' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'latin1Body' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'jsonBody' as const }) },
  );
}

export function fuzzCase(endpoint: Endpoint): fc.Arbitrary<FuzzCase> {
  return fc.record({
    endpoint: fc.constant(endpoint),
    parts: fc.array(fc.constantFrom<Part>('query', 'body'), {
      minLength: endpoint.base.length + 1,
      maxLength: endpoint.base.length + 1,
    }),
    breakages: fc.array(breakage(endpoint), { minLength: 1, maxLength: 3 }),
  });
}

/**
 * One case for each kind of breakage, alone, so that every run reaches each kind of validation whatever the random
 * cases draw (a run of 60 random cases misses one of the rarer codes about once in thirty).
 */
export function oneOfEachBreakage(endpoint: Endpoint): FuzzCase[] {
  const [first] = endpoint.mandatory;
  if (first === undefined) throw new Error(`${endpoint.path} has no mandatory parameter to break`);
  const breakages: Breakage[] = [
    { kind: 'junk', name: first, value: 'BTC USDT' },
    { kind: 'rawJunk', name: first, value: '%ZZ' },
    { kind: 'repeat', name: first, value: endpoint.base.find(([n]) => n === first)?.[1] ?? 'x' },
    { kind: 'unknown', name: 'notAParameter', value: '1' },
    { kind: 'missing', name: first },
    { kind: 'empty', name: first },
    { kind: 'timestamp', value: 'past:100000' },
    { kind: 'timestamp', value: 'future:100000' },
    { kind: 'signature', value: '0'.repeat(64) },
    { kind: 'noSignature' },
    { kind: 'latin1Body' },
    { kind: 'jsonBody' },
  ];
  const parts = endpoint.base.map((): Part => 'query').concat('query');
  return breakages.map((b) => ({ endpoint, parts, breakages: [b] }));
}

function encodePair(pair: Pair): string {
  if (pair.raw) return `${new URLSearchParams([[pair.name, '']]).toString()}${pair.value}`;
  return new URLSearchParams([[pair.name, pair.value]]).toString();
}

/** The HTTP request of a case, signed with `secret` (over the bytes sent) unless the case breaks the signature. */
export function buildRequest(c: FuzzCase, apiKey: string, secret: string, now = Date.now()): RawRequest {
  let pairs: Pair[] = [...c.endpoint.base, ['timestamp', String(now)] as const].map(([name, value], i) => ({
    name,
    value,
    part: c.parts[i] ?? 'body',
  }));
  let signature: string | undefined | 'none';
  let latin1 = false;
  let json = false;
  const partOf = (name: string): Part => pairs.find((p) => p.name === name)?.part ?? 'body';
  const set = (name: string, value: string, raw = false) => {
    const part = partOf(name);
    pairs = pairs.filter((p) => p.name !== name);
    pairs.push({ name, value, part, raw });
  };
  for (const b of c.breakages) {
    switch (b.kind) {
      case 'junk':
        set(b.name, b.value);
        break;
      case 'rawJunk':
        set(b.name, b.value, true);
        break;
      case 'repeat':
        // Twice if an earlier breakage removed it: the name must end up repeated.
        if (!pairs.some((p) => p.name === b.name))
          pairs.push({ name: b.name, value: b.value, part: partOf(b.name) });
        pairs.push({ name: b.name, value: b.value, part: partOf(b.name) });
        break;
      case 'unknown':
        pairs.push({ name: b.name, value: b.value, part: pairs[0]?.part ?? 'body' });
        break;
      case 'missing':
        pairs = pairs.filter((p) => p.name !== b.name);
        break;
      case 'empty':
        set(b.name, '');
        break;
      case 'timestamp':
        set(
          'timestamp',
          b.value.startsWith('past:')
            ? String(now - Number(b.value.slice(5)))
            : b.value.startsWith('future:')
              ? String(now + Number(b.value.slice(7)))
              : b.value,
        );
        break;
      case 'signature':
        signature = b.value;
        break;
      case 'noSignature':
        signature = 'none';
        break;
      case 'latin1Body':
        latin1 = true;
        break;
      case 'jsonBody':
        json = true;
        break;
    }
  }
  if (latin1) pairs.push({ name: 'note', value: 'café', part: 'body', raw: true });
  // Long values go in the body: a request line past the HTTP server's header limit (16 KB in Node) is refused by
  // the server itself (431), before any handler, as API Gateway refuses over-long URLs (414). Every pair of that
  // name moves with it: a repeated name split between query and body would be the contract's "given in both
  // places, the query's value counts", a valid request, not the repetition the case asked for.
  const long = new Set(pairs.filter((p) => p.value.length > 1_000).map((p) => p.name));
  pairs = pairs.map((p) => (long.has(p.name) ? { ...p, part: 'body' } : p));
  const text = (part: Part) =>
    pairs
      .filter((p) => p.part === part)
      .map(encodePair)
      .join('&');
  let query = text('query');
  let body = json
    ? JSON.stringify(Object.fromEntries(pairs.filter((p) => p.part === 'body').map((p) => [p.name, p.value])))
    : text('body');
  const signed = latin1 ? Buffer.concat([Buffer.from(query), Buffer.from(body, 'latin1')]) : query + body;
  const sig = signature === undefined ? hmac(secret, signed) : signature;
  if (sig !== 'none') {
    const field = new URLSearchParams([['signature', sig]]).toString();
    if (body !== '') body += `&${field}`;
    else query += query === '' ? field : `&${field}`;
  }
  return {
    method: c.endpoint.method,
    path: c.endpoint.path,
    query,
    body: latin1 ? Buffer.from(body, 'latin1') : body,
    contentType: json ? 'application/json' : undefined,
    apiKey,
  };
}
