// cdk-nag (AwsSolutions, v3 policy-validation API) runs on every synth: the app has no unacknowledged finding, every
// acknowledgement carries a written reason, and an unacknowledged finding fails the synth.

import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgements, defaultApp, nagViolations, synthesize } from './synth';

const app = defaultApp();

test('AwsSolutions finds nothing unacknowledged', () => {
  expect(nagViolations(app.app)).toEqual([]);
});

test('the acknowledged findings are exactly these, each with a reason', () => {
  const acknowledged = acknowledgements(app.app)
    .filter(({ id }) => id.startsWith('AwsSolutions-'))
    .map(({ path, id, reason }) => {
      expect(reason.length).toBeGreaterThan(80);
      return `${path.replace(/^shardex\//, '')}: ${id.replace(/<[A-Za-z0-9:.]+>/g, '<…>')}`;
    });
  expect(acknowledged.sort()).toEqual(
    [
      'ApiGatewayLogging: AwsSolutions-IAM4[Policy::arn:<…>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'Funding/DeadLetters: AwsSolutions-SQS3',
      'Funding/SchedulerRole: AwsSolutions-IAM5[Resource::<…>:*]',
      'Funding/Settle/Function: AwsSolutions-L1',
      'IndexFeed/Task/ExecutionRole: AwsSolutions-IAM5[Resource::*]',
      'IndexFeed/Task: AwsSolutions-ECS2',
      'Ingress/Api: AwsSolutions-APIG4',
      'Ingress/Handler/Function: AwsSolutions-L1',
      'MarketData/Api: AwsSolutions-APIG4',
      'MarketData/EventsStream/DeadLetters: AwsSolutions-SQS3',
      'MarketData/Fanout/Function: AwsSolutions-L1',
      'MarketData/Fanout/Role: AwsSolutions-IAM5[Resource::<…>/stream/*]',
      'MarketData/Fanout/Role: AwsSolutions-IAM5[Resource::arn:<…>:execute-api:<…>:<…>:<…>/ws/DELETE/@connections/*]',
      'MarketData/Fanout/Role: AwsSolutions-IAM5[Resource::arn:<…>:execute-api:<…>:<…>:<…>/ws/POST/@connections/*]',
      'MarketData/Handler/Function: AwsSolutions-L1',
      'MarketData/Handler/Role: AwsSolutions-IAM5[Resource::arn:<…>:execute-api:<…>:<…>:<…>/ws/DELETE/@connections/*]',
      'MarketData/Handler/Role: AwsSolutions-IAM5[Resource::arn:<…>:execute-api:<…>:<…>:<…>/ws/POST/@connections/*]',
      'Matcher/Task: AwsSolutions-ECS2',
      'Risk/Task/ExecutionRole: AwsSolutions-IAM5[Resource::*]',
      'Risk/Task: AwsSolutions-ECS2',
      'Risk/Task/TaskRole: AwsSolutions-IAM5[Resource::arn:<…>:execute-api:<…>:<…>:<…>/ws/DELETE/@connections/*]',
      'Risk/Task/TaskRole: AwsSolutions-IAM5[Resource::arn:<…>:execute-api:<…>:<…>:<…>/ws/POST/@connections/*]',
      'Matcher/Task/ExecutionRole: AwsSolutions-IAM5[Resource::*]',
      'ReadSide/EventsStream/DeadLetters: AwsSolutions-SQS3',
      'ReadSide/Projector/Function: AwsSolutions-L1',
      'ReadSide/Projector/Role: AwsSolutions-IAM5[Resource::<…>/stream/*]',
      'TradingPage/Distribution: AwsSolutions-CFR1',
      'TradingPage/Distribution: AwsSolutions-CFR2',
      'TradingPage/Distribution: AwsSolutions-CFR4',
      ...[
        'AwsSolutions-IAM4[Policy::arn:<…>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<…>/*]',
        'AwsSolutions-IAM5[Resource::arn:<…>:s3:::cdk-hnb659fds-assets-<…>-<…>/*]',
        'AwsSolutions-L1',
      ].map((id) => `Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB: ${id}`),
    ].sort(),
  );
});

test('an unacknowledged finding fails the synth', () => {
  const synth = synthesize();
  new sqs.Queue(synth.stack, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
  expect(() => synth.app.synth({ force: true })).toThrow(/AwsSolutions-SQS/);
});
