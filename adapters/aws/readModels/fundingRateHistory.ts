import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FundingRange, FundingRateHistory } from '../../../application/ports/marketData';
import type { FundingRateRecord } from '../../../core/projections/fundingRates';
import { queryItems } from '../queryPages';
import { putItems } from './batchPut';
import { putUnlessApplied } from './conditionalPut';
import { decodeView, encodeView } from './viewCodec';

const itemOf = (symbol: string, record: FundingRateRecord) => ({
  symbol,
  fundingTime: record.fundingTime,
  view: encodeView(record),
  lastSeq: record.lastSeq,
});

/** The fundingRates table: one item per settled funding, partition = symbol, sort key = funding time. */
export class DynamoFundingRateHistory implements FundingRateHistory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  put(symbol: string, record: FundingRateRecord): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, itemOf(symbol, record), record.lastSeq);
  }

  putMany(symbol: string, records: readonly FundingRateRecord[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      records.map((r) => itemOf(symbol, r)),
      guarded,
    );
  }

  async range(symbol: string, range: FundingRange): Promise<FundingRateRecord[]> {
    const items = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: 'symbol = :symbol AND fundingTime BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':symbol': symbol,
          ':from': range.startTime ?? 0,
          ':to': range.endTime ?? Number.MAX_SAFE_INTEGER,
        },
        ScanIndexForward: !range.newest,
      },
      range.limit,
    );
    const records = items.map((item) => decodeView<FundingRateRecord>(item.view as string, []));
    return range.newest ? records.reverse() : records;
  }
}
