import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CHECK_IDS } from '../../src/checks/lib/types.js';
import { SYMPTOMS } from '../../src/checks/lib/symptoms.js';
import { classifyText, findingsOfLine, knownShapes, scanLog } from '../../src/logs/shapes.js';
import { CORPUS } from './corpus.js';

const REALWORLD = new URL('../../../shared/realworld/retail-store/', import.meta.url);
const realworld = (name: string) => readFileSync(new URL(name, REALWORLD), 'utf8');
const haveShared = existsSync(REALWORLD);

describe('log shapes: the corpus', () => {
  it('covers at least 20 error lines from the four SDK families', () => {
    const errors = CORPUS.filter((c) => c.shape);
    expect(errors.length).toBeGreaterThanOrEqual(20);
    expect(new Set(errors.map((c) => c.sdk?.replace(/-v\d$/, '')).filter(Boolean))).toEqual(new Set(['java', 'js', 'boto3', 'go']));
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const hits = scanLog([...(c.before ?? []), c.line].join('\n'));
    if (!c.shape) {
      expect(hits).toEqual([]);
      return;
    }
    expect(hits.map((h) => h.finding.shape)).toContain(c.shape);
    const { finding } = hits.find((h) => h.finding.shape === c.shape)!;
    if (c.symptom) expect(finding.symptom).toBe(c.symptom);
    if (c.sdk) expect(finding.sdk).toBe(c.sdk);
    if (c.first) expect(finding.checks[0]).toBe(c.first);
    expect(finding.fields).toMatchObject(c.fields ?? {});
    expect(finding.excerpt.length).toBeLessThanOrEqual(240);
  });
});

describe('log shapes: invariants', () => {
  it('every shape names a Common-failures row and only registered check ids', () => {
    for (const s of knownShapes()) {
      expect(Object.keys(SYMPTOMS)).toContain(s.symptom);
      for (const id of s.checks) expect(CHECK_IDS).toContain(id);
    }
  });

  it('asks for the lines before (the SDK wording) only on a line with a finding, and once', () => {
    let asked = 0;
    const context = () => {
      asked++;
      return 'software.amazon.awssdk.core.exception.SdkClientException';
    };
    expect(findingsOfLine('2026-11-30T10:00:00.000Z INFO  [cart] GET /carts/abc 200 12ms', context)).toEqual([]);
    expect(asked).toBe(0);
    // Two shapes on one line: the SDK is told once for both.
    const found = findingsOfLine('Unable to load credentials from any of the providers; Unable to load region', context);
    expect(found.map((f) => [f.shape, f.sdk])).toEqual([
      ['no-credentials', 'java-v2'],
      ['region-missing', 'java-v2'],
    ]);
    expect(asked).toBe(1);
  });

  it('a retry loop is one hit with a count, at its first line', () => {
    const line = 'botocore.exceptions.NoCredentialsError: Unable to locate credentials';
    const hits = scanLog(['starting', line, 'retrying in 1s', line, line].join('\n'));
    expect(hits).toHaveLength(1);
    expect([hits[0]!.line, hits[0]!.count]).toEqual([2, 3]);
  });

  it('never passes on an access key id or a 40-character secret from a line', () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const hits = scanLog(
      `UnrecognizedClientException: The security token included in the request is invalid. key=${key} secret=${secret}\nUser: arn:aws:iam::111122223333:user/${key} is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/${secret}`,
    );
    expect(hits.length).toBeGreaterThan(0);
    const out = JSON.stringify(hits);
    expect(out).not.toContain(key);
    expect(out).not.toContain(secret);
    expect(out).toContain('<redacted: access key id>');
    expect(out).toContain('<redacted: value of secret>');
  });

  it('never throws on arbitrary text (1,000 generated inputs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        expect(Array.isArray(scanLog(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('stays linear on a 200 kB line of near-matches (no catastrophic backtracking)', () => {
    const near = 'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform Connect to h:1 '.repeat(2500);
    expect(Array.isArray(scanLog(near))).toBe(true);
    expect(Array.isArray(scanLog('Connect to x:1'.padEnd(200_000, ' failed: Connection')))).toBe(true);
  });
});

(haveShared ? describe : describe.skip)('log shapes: the real excerpts in ../shared/realworld', () => {
  it('the workshop pod without credentials: Java v2, no IRSA variables, pods.identity and sa.annotation', () => {
    const [finding] = classifyText(
      realworld('eks-workshop-v2__website__docs__fastpaths__developer__amazon-eks-pod-identity__understanding.md.L12-13.carts-nocredentials.log'),
    );
    expect(finding).toMatchObject({ shape: 'no-credentials', sdk: 'java-v2', symptom: 'Unable to locate credentials' });
    expect(finding!.checks).toEqual(expect.arrayContaining(['pods.identity', 'sa.annotation']));
  });

  it("the workshop pod's AccessDenied: the node role, Query on the GSI of eks-workshop-carts in us-west-2", () => {
    const [finding] = classifyText(
      realworld('eks-workshop-v2__website__docs__security__iam-roles-for-service-accounts__understanding.md.L11-24.carts-accessdenied.log'),
    );
    expect(finding).toMatchObject({
      shape: 'node-role',
      symptom: 'AccessDeniedException',
      fields: {
        action: 'dynamodb:Query',
        index: 'idx_global_customerId',
        table: 'eks-workshop-carts',
        region: 'us-west-2',
        account: '1234567890',
        session: 'i-01f378b057326852a',
      },
    });
    expect(finding!.checks.slice(0, 2)).toEqual(['pods.identity', 'sa.annotation']);
  });
});
