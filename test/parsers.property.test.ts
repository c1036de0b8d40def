/**
 * Generated inputs for every parser of user input: whatever arrives, the only thing that may
 * escape is an InputError (which the CLI prints as one line with exit 3).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { InputError } from '../src/errors.js';
import { parseSnapshot } from '../src/sources/snapshot.js';
import { loadManifests } from '../src/sources/manifests.js';
import { parseConfig } from '../src/config/resolve.js';
import { decodeDocument, parsePolicyDocument } from '../src/iam/document.js';

function onlyInputErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.line().split('\n')).toHaveLength(1);
  }
}

/** The same for a parser that loads its YAML reader on demand (and so returns a promise). */
async function onlyInputErrorsAsync(parse: () => Promise<unknown>): Promise<void> {
  try {
    await parse();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.line().split('\n')).toHaveLength(1);
  }
}

const yamlish = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', ':', ' ', '-', '\n', '{', '}', '[', ']', '"', "'", '#', '&', '*', '!', '|', '>', '%', '@', '`', '\t', '1') }),
  fc.anything().map((v) => {
    try {
      return stringify(v);
    } catch {
      return '';
    }
  }),
  fc.json(),
);

const validSnapshot = {
  apiVersion: 'cart-doctor/v1',
  kind: 'Snapshot',
  target: { namespace: 'carts', cluster: 'c' },
  aws: [{ service: 'dynamodb', operation: 'DescribeTable', region: 'ap-south-1', input: { TableName: 'Items' }, output: { Table: {} } }],
  kubernetes: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'carts' } }],
};

/** A valid snapshot with one random value planted at a random path. */
const mutatedSnapshot = fc
  .tuple(
    fc.constantFrom(
      'apiVersion',
      'kind',
      'target',
      'aws',
      'kubernetes',
      'aws.0',
      'aws.0.service',
      'aws.0.input',
      'aws.0.output',
      'aws.0.error',
      'kubernetes.0',
      'kubernetes.0.metadata',
      'target.region',
    ),
    fc.anything(),
  )
  .map(([path, value]) => {
    const copy = structuredClone(validSnapshot) as Record<string, unknown>;
    const keys = path.split('.');
    let node = copy as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    node[keys.at(-1)!] = value;
    try {
      return stringify(copy);
    } catch {
      return JSON.stringify(copy) ?? '';
    }
  });

describe('parsers never throw anything but InputError', () => {
  it('snapshot parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlish, mutatedSnapshot), (text) => onlyInputErrorsAsync(() => parseSnapshot(text, 'snap.yaml'))),
      { numRuns: 1500 },
    );
  });

  it('manifest parser', async () => {
    const manifests = fc.oneof(
      yamlish,
      fc.array(fc.oneof(fc.anything(), fc.record({ kind: fc.string(), metadata: fc.anything(), items: fc.anything() })), { maxLength: 4 }).map((docs) =>
        docs
          .map((d) => {
            try {
              return stringify(d);
            } catch {
              return '';
            }
          })
          .join('\n---\n'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(manifests, async (text) => {
        // loadManifests is async: its rejection is rethrown where onlyInputErrors looks.
        const failure: unknown = await loadManifests(['-'], () => text).then(
          () => undefined,
          (err: unknown) => err,
        );
        onlyInputErrors(() => {
          if (failure !== undefined) throw failure;
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('config parser', async () => {
    const configs = fc.oneof(
      yamlish,
      fc.record({ preset: fc.anything(), target: fc.anything(), expectations: fc.anything() }, { requiredKeys: [] }).map((c) => JSON.stringify(c) ?? ''),
    );
    await fc.assert(
      fc.asyncProperty(configs, (text) => onlyInputErrorsAsync(() => parseConfig(text, 'config.yaml'))),
      { numRuns: 1500 },
    );
  });

  it('policy parser', () => {
    const docs = fc.oneof(
      fc.anything(),
      fc.json(),
      fc.json().map((j) => encodeURIComponent(j)),
      fc.string(),
    );
    fc.assert(
      fc.property(docs, (raw) => onlyInputErrors(() => parsePolicyDocument(decodeDocument(raw, 'snap.yaml', 'doc'), 'doc', 'snap.yaml', 'doc'))),
      { numRuns: 1500 },
    );
  });
});
