/**
 * The rule for the layers AWS also consults — the table's resource policy, its KMS key, the VPC
 * endpoint, organization guardrails, AWS's own simulator (SPEC §7): old snapshots and old doctor
 * policies keep working. A snapshot without the call makes the check `skip` ("not in this
 * snapshot"); a live call the doctor is denied makes it `warn` naming the permission to add.
 * Neither is ever a pass; anything else unavailable (timeout, garbage, throttling) stays an
 * `error` through the runner, as for the core chain.
 */
import { FactUnavailable } from '../../errors.js';
import { notApplicable, warn, type Outcome } from './types.js';

export interface LayerRead {
  /** What the layer is, for the message ("the table's resource policy"). */
  what: string;
  /** The permission(s) the doctor needs to read it ("dynamodb:GetResourcePolicy"). */
  permission: string;
}

/** A denied or not-recorded read as the check's outcome; other failures are thrown on. */
export function layerUnread(err: unknown, read: LayerRead): Outcome {
  if (!(err instanceof FactUnavailable)) throw err;
  if (err.kind === 'not-recorded') {
    return notApplicable(`${read.what}: not in this snapshot; record it again (cart-doctor snapshot) to judge this layer`, {
      layer: read.what,
      needs: read.permission,
    });
  }
  if (err.kind === 'denied') {
    return warn(
      `cart-doctor may not read ${read.what} (${read.permission} was denied), so this layer is not judged: AWS still applies it`,
      { layer: read.what, needs: read.permission, detail: err.message },
      `Grant ${read.permission} to the identity running cart-doctor (see \`cart-doctor permissions\`) and run it again.`,
    );
  }
  throw err;
}

/** Runs a layer's read; a denied or not-recorded read becomes the outcome. */
export async function readLayer<T>(load: () => Promise<T>, read: LayerRead): Promise<{ value: T } | { outcome: Outcome }> {
  try {
    return { value: await load() };
  } catch (err) {
    return { outcome: layerUnread(err, read) };
  }
}
