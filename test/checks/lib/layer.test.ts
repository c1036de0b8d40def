import { describe, expect, it } from '@jest/globals';
import { FactUnavailable } from '../../../src/errors.js';
import { readLayer } from '../../../src/checks/lib/layer.js';

const read = { what: "the table's resource policy", permission: 'dynamodb:GetResourcePolicy' };
const failing = (kind: ConstructorParameters<typeof FactUnavailable>[0]) => () => Promise.reject(new FactUnavailable(kind, `${kind} happened`));

describe('the optional-layer rule says', () => {
  it('an answer is the value', async () => {
    expect(await readLayer(() => Promise.resolve(42), read)).toEqual({ value: 42 });
  });
  it('not in the snapshot: skip, asking to record again', async () => {
    const r = await readLayer(failing('not-recorded'), read);
    expect(r).toMatchObject({ outcome: { status: 'skip', evidence: { needs: 'dynamodb:GetResourcePolicy' } } });
    expect('outcome' in r && r.outcome.message).toMatch(/^the table's resource policy: not in this snapshot; record it again \(cart-doctor snapshot\)/);
  });
  it('denied live: warn naming the permission to add', async () => {
    const r = await readLayer(failing('denied'), read);
    expect(r).toMatchObject({ outcome: { status: 'warn' } });
    expect('outcome' in r && r.outcome.remediation).toMatch(/Grant dynamodb:GetResourcePolicy/);
  });
  it.each(['timeout', 'failed', 'unusable', 'unreachable', 'no-source', 'no-api'] as const)('%s stays an error (thrown to the runner)', async (kind) => {
    await expect(readLayer(failing(kind), read)).rejects.toThrow(FactUnavailable);
  });
  it('a bug is not hidden', async () => {
    await expect(readLayer(() => Promise.reject(new TypeError('bug')), read)).rejects.toThrow(TypeError);
  });

  it('not in the snapshot: the whole outcome, the layer and its permission in the evidence', async () => {
    expect(await readLayer(failing('not-recorded'), read)).toEqual({
      outcome: {
        status: 'skip',
        message: "the table's resource policy: not in this snapshot; record it again (cart-doctor snapshot) to judge this layer",
        evidence: { notApplicable: true, layer: "the table's resource policy", needs: 'dynamodb:GetResourcePolicy' },
      },
    });
  });
  it('denied live: the whole outcome, the denial kept in the evidence', async () => {
    expect(await readLayer(failing('denied'), read)).toEqual({
      outcome: {
        status: 'warn',
        message:
          "cart-doctor may not read the table's resource policy (dynamodb:GetResourcePolicy was denied), so this layer is not judged: AWS still applies it",
        evidence: { layer: "the table's resource policy", needs: 'dynamodb:GetResourcePolicy', detail: 'denied happened' },
        remediation: 'Grant dynamodb:GetResourcePolicy to the identity running cart-doctor (see `cart-doctor permissions`) and run it again.',
      },
    });
  });
  it('an error that only looks like a denial (a kind field, not a FactUnavailable) is thrown on, never a warning', async () => {
    const lookalike = Object.assign(new Error('denied by something else'), { kind: 'denied' });
    await expect(readLayer(() => Promise.reject(lookalike), read)).rejects.toBe(lookalike);
  });
});
