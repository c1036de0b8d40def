/**
 * region.match's policy fix through the built CLI: it rewrites the table ARNs of the Allow
 * statements into the table's region, and leaves a Deny where it is. Moved into the table's
 * region, a Deny that blocked nothing would deny the app the very calls the fix is for.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, readRepoFile, runCheckJson } from '../helpers/cli.js';

const WRONG = 'arn:aws:dynamodb:us-east-1:111122223333:table/Items';
const DENIED_ELSEWHERE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/Items';
const document = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'],
      Resource: WRONG,
    },
    { Effect: 'Deny', Action: 'dynamodb:PutItem', Resource: DENIED_ELSEWHERE },
  ],
};

describe('region.match policy fix (built CLI)', () => {
  it('rewrites the Allow ARN into the table region and keeps the Deny in its own region', () => {
    const original = readRepoFile(fixture('policy-wrong-region'))!;
    const recorded = /Document: "%7B[^"]*us-east-1[^"]*"/.exec(original)![0];
    const dir = mkdtempSync(join(tmpdir(), 'region-fix-deny-'));
    try {
      const snapshot = join(dir, 'snapshot.yaml');
      writeFileSync(snapshot, original.replace(recorded, `Document: "${encodeURIComponent(JSON.stringify(document))}"`));
      const { report, stderr } = runCheckJson(['--snapshot', snapshot]);
      expect(stderr).not.toMatch(/^\s+at /m);
      const region = report.checks.find((c) => c.id === 'region.match')!;
      expect(region.status).toBe('fail');
      expect(region.remediation).toContain('"arn:aws:dynamodb:ap-south-1:111122223333:table/Items"');
      expect(region.remediation).toContain(
        `"Effect": "Deny",\n      "Action": [\n        "dynamodb:PutItem"\n      ],\n      "Resource": [\n        "${DENIED_ELSEWHERE}"\n      ]`,
      );
      expect(region.remediation).not.toContain(WRONG);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
