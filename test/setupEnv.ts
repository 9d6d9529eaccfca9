// Tests (and the matcher processes they start) run without the AWS SDK's Node 22 notice: see adapters/aws/sdkNodeNotice.ts.
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';

silenceSdkNodeNotice();
