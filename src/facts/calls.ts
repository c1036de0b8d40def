import { FactUnavailable } from '../errors.js';
import { AwsApiError, THROTTLING_ERROR, type AwsCall, type AwsSource } from '../sources/types.js';
import { assertUsableAnswer } from './answers.js';

/** KMS says NotFoundException for a key that does not exist. */
const NOT_FOUND = /^(NoSuchEntity|ResourceNotFound|NotFound)(Exception)?$/;
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException|AuthorizationError)$/;
/** The endpoint has no such API (an emulator, a partition without it): not the target missing. */
const NO_API = /^UnknownOperation(Exception)?$/;

/**
 * One AWS call with the doctor's error classification: the target missing is an answer
 * (`undefined`); the doctor's own missing permission or any other failure is FactUnavailable,
 * which becomes `error`, never a `fail` of the target. `notFound` names the errors that mean
 * "nothing there" for this call (GetResourcePolicy's PolicyNotFoundException: no policy). An answer without what the loaders
 * need is a failed read (`unusable`), never an empty fact.
 */
export async function callOrNotFound(aws: AwsSource, call: AwsCall, notFound: RegExp = NOT_FOUND): Promise<Record<string, unknown> | undefined> {
  let out: Record<string, unknown>;
  try {
    out = await aws.call(call);
  } catch (err) {
    if (err instanceof AwsApiError && notFound.test(err.name)) return undefined;
    throw asUnavailable(err, call);
  }
  assertUsableAnswer(call, out);
  return out;
}

export async function callRequired(aws: AwsSource, call: AwsCall): Promise<Record<string, unknown>> {
  let out: Record<string, unknown>;
  try {
    out = await aws.call(call);
  } catch (err) {
    throw asUnavailable(err, call);
  }
  assertUsableAnswer(call, out);
  return out;
}

function asUnavailable(err: unknown, call: AwsCall): Error {
  if (!(err instanceof AwsApiError)) return err as Error;
  const action = `${call.service}:${call.operation}`;
  if (DENIED.test(err.name)) {
    return new FactUnavailable(
      'denied',
      `the doctor itself was denied ${action} (${err.name}); grant ${action} to the identity running cart-doctor — this says nothing about the Cart role`,
    );
  }
  if (NO_API.test(err.name)) {
    return new FactUnavailable('no-api', `${action} is not offered by this endpoint (${err.name}: ${err.message})`);
  }
  if (THROTTLING_ERROR.test(err.name)) {
    return new FactUnavailable(
      'failed',
      `AWS throttled the doctor's ${action} (${err.name}) and the retries did not get through; run cart-doctor again in a moment — the account's API rate is shared with everything else in it`,
    );
  }
  return new FactUnavailable('failed', `${action} failed: ${err.name}: ${err.message}`);
}

/** How an API pages: the token's name (in the request and the answer), and IAM's "more to come" flag. */
export interface Paging {
  token: string;
  truncated?: string;
}
const IAM_PAGING: Paging = { token: 'Marker', truncated: 'IsTruncated' };
/** AWS Organizations: a NextToken in the answer means another page. */
export const NEXT_TOKEN_PAGING: Paging = { token: 'NextToken' };

/** Follows IAM's Marker / IsTruncated paging (or another `paging`); a snapshot that repeats a page cannot loop forever. */
export async function paged(aws: AwsSource, call: AwsCall, listKey: string, paging: Paging = IAM_PAGING): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const out = await callRequired(aws, { ...call, input: marker ? { ...call.input, [paging.token]: marker } : call.input });
    const list = out[listKey];
    if (Array.isArray(list)) items.push(...list);
    const next = out[paging.token];
    if ((paging.truncated && out[paging.truncated] !== true) || typeof next !== 'string' || next === '') return items;
    if (seen.has(next)) {
      throw new FactUnavailable('failed', `${call.service}:${call.operation} returned marker ${next} twice`);
    }
    seen.add(next);
    marker = next;
  }
  throw new FactUnavailable('failed', `${call.service}:${call.operation} did not finish after 100 pages`);
}
