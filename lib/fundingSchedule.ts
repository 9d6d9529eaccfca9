import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ShardexConfig } from './config';
import { ShardexFunction } from './shardexFunction';
import type { Storage } from './storage';

/** The funding Lambda's entry, relative to the repository root. */
export const FUNDING_ENTRY = 'lambdas/funding/handler.ts';

export interface FundingScheduleProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
}

/**
 * Funding settlement on AWS: EventBridge Scheduler invokes lambdas/funding at minute 0 of every hour (UTC) with
 * the scheduled time; the Lambda puts SettleFunding for each listed symbol whose funding time (00:00, 08:00,
 * 16:00 UTC for 8-hourly symbols; any interval dividing the day works) fell in the hour up to it, under a command
 * id per symbol and funding time. Hourly rather than at the three times, so symbols with 1 h or 4 h intervals need
 * no schedule of their own. The scheduler retries a failed invocation for up to an hour, then dead-letters it.
 */
export class FundingSchedule extends Construct {
  readonly function: ShardexFunction;
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FundingScheduleProps) {
    super(scope, id);
    const { config, storage } = props;
    this.function = new ShardexFunction(this, 'Settle', {
      entry: FUNDING_ENTRY,
      description: 'shardex funding schedule: SettleFunding per symbol at its funding times',
      config,
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    // Exactly what the handler does: read the listed symbols (a Scan of the symbols read model) and put commands.
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSymbols',
        actions: ['dynamodb:Scan'],
        resources: storage.tableArns('symbols'),
      }),
    );
    storage.grantPut(this.function.role, 'commands');

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the funding schedule: it holds invocations the scheduler ' +
        'gave up on (an operator settles them with `admin settle-funding`); nothing consumes it to dead-letter.',
    });

    // The scheduler's own role: invoke this function and dead-letter to this queue (the target adds both grants).
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invoke the shardex funding Lambda',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the funding function and its qualified ARNs (versions, aliases), as the ' +
        "scheduler target grants it; the function's own ARN, nothing else.",
    });
    this.schedule = new scheduler.Schedule(this, 'Hourly', {
      description: 'shardex funding: settle each symbol at its funding times (00:00, 08:00, 16:00 UTC)',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '*' }),
      target: new targets.LambdaInvoke(this.function.function, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 10,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  /**
   * "Funding settlement missed": the schedule did not invoke the Lambda in the last hour (≥ 1 invocation per
   * hour, missing data breaching), an invocation failed, or the scheduler dead-lettered one.
   */
  addAlarms(topic: sns.ITopic, into: cloudwatch.Alarm[]): void {
    const fn = this.function.function;
    const alarm = (
      id: string,
      description: string,
      props: Omit<cloudwatch.AlarmProps, 'alarmDescription'>,
    ) => {
      const created = new cloudwatch.Alarm(this, id, { alarmDescription: description, ...props });
      created.addAlarmAction(new actions.SnsAction(topic));
      created.addOkAction(new actions.SnsAction(topic));
      into.push(created);
    };
    alarm('NotInvokedAlarm', 'Funding settlement missed: the funding schedule did not run in the last hour', {
      metric: fn.metricInvocations({ statistic: 'Sum', period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm('ErrorsAlarm', 'Funding settlement missed: the funding Lambda failed (the scheduler retries)', {
      metric: fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('DeadLettersAlarm', 'Funding settlement missed: the scheduler gave up on an invocation', {
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
