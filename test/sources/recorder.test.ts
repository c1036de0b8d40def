import { describe, expect, it } from '@jest/globals';
import { RecordingAwsSource } from '../../src/sources/recorder.js';
import { AwsApiError, type AwsCall, type AwsSource } from '../../src/sources/types.js';

/** Answers by table name: Items exists, Gone is missing, Busy is throttled. */
const source: AwsSource = {
  description: 'test',
  async call(call: AwsCall) {
    const name = call.input.TableName;
    if (name === 'Gone') throw new AwsApiError('ResourceNotFoundException', 'Requested resource not found', call);
    if (name === 'Busy') throw new AwsApiError('ThrottlingException', 'Rate exceeded', call);
    return { Table: { TableName: name } };
  },
};

describe('RecordingAwsSource', () => {
  it('keeps answers and API errors about the object, not throttles', async () => {
    const rec = new RecordingAwsSource(source);
    const call = (TableName: string) => rec.call({ service: 'dynamodb', operation: 'DescribeTable', input: { TableName }, region: 'ap-south-1' }).catch(() => undefined);
    await Promise.all(['Items', 'Gone', 'Busy'].map(call));
    expect(rec.entries.map((e) => [e.input, e.output ? 'output' : e.error?.name])).toEqual([
      [{ TableName: 'Items' }, 'output'],
      [{ TableName: 'Gone' }, 'ResourceNotFoundException'],
    ]);
  });
});
