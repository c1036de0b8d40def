/**
 * Variants of the tiny healthy snapshot for the CI formats and suppression tests: one that
 * warns (a PROVISIONED table), one whose recorded AWS error message is hostile text.
 */
// @ts-nocheck

import { HEALTHY_SNAPSHOT, writeTinySnapshot } from './tiny-snapshot.js';

type Entry = { service: string; operation: string; [k: string]: unknown };
type Obj = { kind: string; metadata: { annotations?: Record<string, string>; [k: string]: unknown }; [k: string]: unknown };
type Snapshot = { aws: Entry[]; kubernetes: Obj[] };

/** Everything a renderer must survive: format escapes, XML specials, `]]>`, quotes, unicode, C0 controls, U+FFFE, CR/LF. */
export const HOSTILE = 'boom 100% done %0A <b>&amp;</b> ]]> "q" \'s\' a:b,c ünï 🚀 \u0001\u001b\uFFFE\r\nsecond line';

function copy(): Snapshot {
  return structuredClone(HEALTHY_SNAPSHOT) as unknown as Snapshot;
}

function describeTable(s: Snapshot): Entry {
  return s.aws.find((e) => e.operation === 'DescribeTable')!;
}

/** table.billing-mode warns; every other check passes. */
export function provisionedSnapshot(annotate?: { kind: 'Deployment' | 'ServiceAccount'; annotations: Record<string, string> }): string {
  const s = copy();
  const table = (describeTable(s).output as { Table: Record<string, unknown> }).Table;
  table.BillingModeSummary = { BillingMode: 'PROVISIONED' };
  table.ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
  if (annotate) {
    const object = s.kubernetes.find((o) => o.kind === annotate.kind)!;
    object.metadata.annotations = { ...object.metadata.annotations, ...annotate.annotations };
  }
  return writeTinySnapshot(s);
}

/** DescribeTable answered with an error whose message is HOSTILE: the table checks error with it. */
export function hostileSnapshot(): string {
  const s = copy();
  const entry = describeTable(s);
  delete entry.output;
  entry.error = { name: 'InternalServerError', message: HOSTILE };
  return writeTinySnapshot(s);
}
