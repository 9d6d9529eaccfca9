import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAwsClients } from '../adapters/aws/clients';
import { awsAuditPorts } from '../adapters/aws/compose/audit';
import { awsIngressPorts } from '../adapters/aws/compose/ingress';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { accountAt } from '../application/audit/accountAt';
import { bookAt } from '../application/audit/bookAt';
import { exportLog } from '../application/audit/exportLog';
import { replay } from '../application/audit/replay';
import type { LogMoment } from '../application/audit/symbolAt';
import { verifyLog } from '../application/audit/verifyLog';
import { ingressContext } from '../application/context';
import { Operator } from '../application/operator';
import type { Permission } from '../application/ports/apiKeyStore';
import { formatScaled } from '../core/numbers/decimal';
import { formatMoney } from '../core/numbers/money';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { resourceNames } from '../resources/declarations';
import { SYMBOL_PRESETS } from './symbolPresets';

/**
 * The operator CLI: `npm run admin -- <command> [options]`, calling the operator's use cases (application/
 * operator.ts) through the DynamoDB and Kinesis ports. It talks to whatever the AWS SDK is pointed at:
 * the local stack (`npm start` prints the endpoints; set AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL_DYNAMODB),
 * LocalStack (AWS_ENDPOINT_URL) or AWS (your credentials and AWS_REGION). SHARDEX_PREFIX selects the environment.
 */
const USAGE = `usage: npm run admin -- <command> [options]

accounts
  create-account                                  open an account, print its id
  show-account --account <id>                     balances, reservations, positions
  deposit --account <id> --amount <usdt> [--reference <text>]
  withdraw --account <id> --amount <usdt> [--reference <text>]
api keys
  create-api-key --account <id> [--permissions READ,TRADE] [--label <text>]
                                                  prints the secret once; it is never shown again
  list-api-keys --account <id>
  revoke-api-key --key <apiKey>
symbols
  list-symbols
  add-symbol (--preset BTCUSDT|ETHUSDT|SOLUSDT | --spec <file.json>)
  update-symbol --spec <file.json>                full spec; tick and step size cannot change
  halt --symbol <symbol>                          new orders and amendments refused, cancels still work
  resume --symbol <symbol>
futures
  set-index-price --symbol <symbol> --price <usdt>
                                                  one index price, as the index feed sends them; prints the mark
  settle-funding --symbol <symbol> [--funding-time <epoch ms>]
                                                  settles the funding time due now (00:00, 08:00, 16:00 UTC)
audit (read only: from the log and snapshots, never the live engines; docs/audit.md)
  book-at --symbol <symbol> (--seq <n> | --time <ISO 8601>) [--limit <levels>]
                                                  the book, resting orders and positions as they were
  account-at --account <id> --time <ISO 8601>     balances, positions and open orders (reservations) then
  replay --symbol <symbol> --from-seq <a> --to-seq <b>
                                                  the commands of a range and their events, readable
  verify-log --symbol <symbol> [--unlinked-prefix]
                                                  recomputes the hash chain and replays; prints the first divergence
  export-log --symbol <symbol> [--from-seq <a>]   the items as JSON lines, for bin/verify-chain.mjs`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      account: { type: 'string' },
      amount: { type: 'string' },
      reference: { type: 'string' },
      permissions: { type: 'string' },
      label: { type: 'string' },
      key: { type: 'string' },
      preset: { type: 'string' },
      spec: { type: 'string' },
      symbol: { type: 'string' },
      price: { type: 'string' },
      'funding-time': { type: 'string' },
      seq: { type: 'string' },
      time: { type: 'string' },
      limit: { type: 'string' },
      'from-seq': { type: 'string' },
      'to-seq': { type: 'string' },
      'unlinked-prefix': { type: 'boolean' },
    },
  });
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  silenceSdkNodeNotice();
  const clients = createAwsClients();
  const operator = new Operator(
    ingressContext(awsIngressPorts(clients, resourceNames(process.env.SHARDEX_PREFIX))),
  );
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`${command} needs --${name}`);
    return value;
  };
  const accountId = () => {
    const id = Number(need('account'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError('--account must be a positive integer');
    return id;
  };
  const audit = awsAuditPorts(clients, resourceNames(process.env.SHARDEX_PREFIX));
  const count = (name: keyof typeof values): number => {
    const n = Number(need(name));
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
    return n;
  };
  const instant = (): number => {
    const text = need('time');
    const time = Date.parse(text);
    if (Number.isNaN(time)) throw new UsageError('--time is an ISO 8601 time, e.g. 2026-12-06T17:00:00Z');
    return time;
  };
  const moment = (): LogMoment => {
    if ((values.seq === undefined) === (values.time === undefined))
      throw new UsageError(`${command} needs one of --seq and --time`);
    return values.seq !== undefined ? { seq: count('seq') } : { time: instant() };
  };
  const print = (value: unknown): void => {
    process.stdout.write(`${JSON.stringify(value, moneyAsText, 2)}\n`);
  };
  try {
    switch (command) {
      case 'create-account':
        return print({ accountId: await operator.createAccount() });
      case 'show-account':
        return print((await operator.account(accountId())) ?? { error: 'no such account' });
      case 'deposit':
        return print(
          await operator.deposit(accountId(), need('amount'), values.reference ?? 'operator deposit'),
        );
      case 'withdraw':
        return print(
          await operator.withdraw(accountId(), need('amount'), values.reference ?? 'operator withdrawal'),
        );
      case 'create-api-key': {
        const permissions = (values.permissions ?? 'READ,TRADE')
          .split(',')
          .map((p) => p.trim().toUpperCase());
        if (!permissions.every((p): p is Permission => p === 'READ' || p === 'TRADE')) {
          throw new UsageError('--permissions is a list of READ and TRADE');
        }
        const key = await operator.createApiKey(accountId(), permissions as Permission[], values.label ?? '');
        return print({ ...key, note: 'store the secret now: it is never shown again' });
      }
      case 'list-api-keys':
        return print(await operator.listApiKeys(accountId()));
      case 'revoke-api-key':
        return print({ revoked: await operator.revokeApiKey(need('key')) });
      case 'list-symbols':
        return print(await operator.listSymbols());
      case 'add-symbol':
        return print(await operator.addSymbol(specFrom(values.preset, values.spec)));
      case 'update-symbol':
        return print(await operator.updateSymbol(specFrom(undefined, need('spec'))));
      case 'halt':
        return print(await operator.setSymbolStatus(need('symbol'), 'HALT'));
      case 'resume':
        return print(await operator.setSymbolStatus(need('symbol'), 'TRADING'));
      case 'set-index-price': {
        const mark = await operator.setIndexPrice(need('symbol'), need('price'));
        return print({
          symbol: need('symbol'),
          seq: mark.seq,
          indexPrice: units8(mark.indexPrice),
          markPrice: units8(mark.markPrice),
          premium: units8(mark.premium),
          estimatedFundingRate: units8(mark.estimatedFundingRate),
          nextFundingTime: mark.nextFundingTime,
        });
      }
      case 'settle-funding': {
        const given = values['funding-time'];
        const fundingTime = given === undefined ? undefined : Number(given);
        if (fundingTime !== undefined && !Number.isSafeInteger(fundingTime))
          throw new UsageError('--funding-time is epoch milliseconds');
        return print(await operator.settleFunding(need('symbol'), fundingTime));
      }
      case 'book-at':
        return print(
          await bookAt(
            audit,
            need('symbol'),
            moment(),
            values.limit === undefined ? undefined : count('limit'),
          ),
        );
      case 'account-at':
        return print((await accountAt(audit, accountId(), instant())) ?? { error: 'no such account' });
      case 'replay': {
        const from = count('from-seq');
        const to = count('to-seq');
        if (to < from) throw new UsageError('--to-seq must not be below --from-seq');
        for await (const replayed of replay(audit, need('symbol'), from, to)) {
          process.stdout.write(
            `${replayed.firstSeq}..${replayed.lastSeq}  ${new Date(replayed.time).toISOString()}  command ${replayed.commandId}\n`,
          );
          for (const { event, reading } of replayed.events)
            process.stdout.write(`  ${event.seq} ${event.type}: ${reading}\n`);
        }
        return;
      }
      case 'verify-log': {
        const verdict = await verifyLog(audit, need('symbol'), { unlinkedPrefix: values['unlinked-prefix'] });
        print(verdict);
        if (!verdict.ok) process.exitCode = 3;
        return;
      }
      case 'export-log': {
        const from = values['from-seq'] === undefined ? 1 : count('from-seq');
        for await (const line of exportLog(audit, need('symbol'), from)) process.stdout.write(`${line}\n`);
        return;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    clients.destroy();
  }
}

function specFrom(preset: string | undefined, file: string | undefined): SymbolSpec {
  if (preset !== undefined) {
    const spec = SYMBOL_PRESETS[preset];
    if (spec === undefined)
      throw new UsageError(`no preset ${preset}; presets: ${Object.keys(SYMBOL_PRESETS).join(', ')}`);
    return spec;
  }
  if (file === undefined) throw new UsageError('add-symbol needs --preset or --spec');
  return JSON.parse(readFileSync(file, 'utf8')) as SymbolSpec;
}

/** Index and mark prices, premiums and rates are integers of 10^-8 on events; printed as decimals. */
function units8(value: number): string {
  return formatScaled(BigInt(value), 8);
}

/** Account money is bigint in 10^-8 USDT; print it as USDT. */
function moneyAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? formatMoney(value) : value;
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(
    `${error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `error: ${error.message}`}\n`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
