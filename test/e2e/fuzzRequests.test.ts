import { buildRequest, CANCEL_ALL } from './support/fuzzRequests';

describe('the fuzzed request builder', () => {
  // Found by CI: a long junk symbol moved to the body while its repetition stayed in the query, which the contract
  // reads as "given in both places, the query's value counts": a valid request, answered 200, failing the fuzz.
  it('keeps a repeated parameter repeated in one part when one of its values is too long for the query', () => {
    const request = buildRequest(
      {
        endpoint: CANCEL_ALL,
        parts: ['query', 'query'],
        breakages: [
          { kind: 'junk', name: 'symbol', value: 'x'.repeat(1_200) },
          { kind: 'repeat', name: 'symbol', value: 'BTCUSDT' },
        ],
      },
      'key',
      'secret',
      1_000,
    );
    const body = new URLSearchParams(String(request.body));
    expect(body.getAll('symbol')).toEqual(['x'.repeat(1_200), 'BTCUSDT']);
    expect(new URLSearchParams(request.query ?? '').has('symbol')).toBe(false);
  });
});
