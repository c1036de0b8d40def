/**
 * Policy evaluation for one request (docs/design/irsa.md §4.4): explicit Deny wins, an Allow is needed, a
 * permissions boundary intersects. Every layer is three-valued, combined as deny > unknown > allow.
 */
// @ts-nocheck

import { evaluateCondition } from './conditions.js';
import { POLICY_ESCAPES, POLICY_VARIABLE, hasPolicyVariable, literalVariables, statementAppliesTo } from './match.js';
import type { ContextValue, Decision, PolicyDocument, Principal, Request, RequestContext, Statement, StatementRef, Tri, UnknownCondition } from './types.js';

/** One layer's verdict: whether some Allow and some Deny statement apply, each three-valued. */
interface Layer {
  allow: Tri;
  deny: Tri;
  allowedBy: StatementRef[];
  deniedBy: StatementRef[];
  allowUnknown: UnknownCondition[];
  denyUnknown: UnknownCondition[];
}

function evaluateLayer(
  docs: PolicyDocument[],
  context: RequestContext,
  applies: (stmt: Statement, doc: PolicyDocument) => boolean,
  mayApply: (stmt: Statement, doc: PolicyDocument) => boolean = () => false,
): Layer {
  const layer: Layer = { allow: 'false', deny: 'false', allowedBy: [], deniedBy: [], allowUnknown: [], denyUnknown: [] };
  for (const doc of docs) {
    for (const stmt of doc.statements) {
      if (!applies(stmt, doc)) {
        // A Deny whose Resource holds an unresolved policy variable might cover the request:
        // "possibly denied", never silently ignored.
        if (stmt.effect === 'Deny' && mayApply(stmt, doc)) {
          const ref = refOf(doc, stmt);
          layer.deniedBy.push(ref);
          if (layer.deny !== 'true') layer.deny = 'unknown';
          layer.denyUnknown.push({ statement: ref, operator: 'Resource', key: 'policy variable', values: stmt.resource ?? [] });
        }
        continue;
      }
      const ref = refOf(doc, stmt);
      const cond = evaluateCondition(stmt.condition, context, ref, { literalVariables: literalVariables(doc.version) });
      // An Allow with NotResource holding an unresolved variable applies only if the variable
      // does not resolve to this resource: that is unknown, not a grant.
      if (stmt.effect === 'Allow' && !literalVariables(doc.version) && (stmt.notResource ?? []).some(hasPolicyVariable) && cond.value === 'true') {
        cond.value = 'unknown';
        cond.unknown.push({ statement: ref, operator: 'NotResource', key: 'policy variable', values: stmt.notResource ?? [] });
      }
      if (cond.value === 'false') continue;
      const allow = stmt.effect === 'Allow';
      (allow ? layer.allowedBy : layer.deniedBy).push(ref);
      if (cond.value === 'true') {
        if (allow) layer.allow = 'true';
        else layer.deny = 'true';
      } else {
        if (allow) {
          if (layer.allow !== 'true') layer.allow = 'unknown';
          layer.allowUnknown.push(...cond.unknown);
        } else {
          if (layer.deny !== 'true') layer.deny = 'unknown';
          layer.denyUnknown.push(...cond.unknown);
        }
      }
    }
  }
  return layer;
}

function refOf(doc: PolicyDocument, stmt: Statement): StatementRef {
  return stmt.sid === undefined ? { source: doc.source, index: stmt.index } : { source: doc.source, index: stmt.index, sid: stmt.sid };
}

/** The conditions that actually leave the layer undecided: those of a certain outcome are noise. */
function layerUnknowns(layer: Layer): UnknownCondition[] {
  return [...(layer.allow === 'unknown' ? layer.allowUnknown : []), ...(layer.deny === 'unknown' ? layer.denyUnknown : [])];
}

export function evaluateIdentity(policies: PolicyDocument[], request: Request, boundary?: PolicyDocument[]): Decision {
  const applies = (stmt: Statement, doc: PolicyDocument): boolean =>
    statementAppliesTo(stmt, request.action, request.resource, { literalVariables: literalVariables(doc.version) });
  const mayApply = (stmt: Statement, doc: PolicyDocument): boolean =>
    !literalVariables(doc.version) &&
    (stmt.resource ?? []).some(hasPolicyVariable) &&
    statementAppliesTo(
      { ...stmt, resource: stmt.resource!.map((r) => r.replace(POLICY_VARIABLE, (m, v: string) => (POLICY_ESCAPES.has(v) ? m : '*'))) },
      request.action,
      request.resource,
      {
        literalVariables: false,
      },
    );
  const identity = evaluateLayer(policies, request.context, applies, mayApply);
  const bound = boundary ? evaluateLayer(boundary, request.context, applies, mayApply) : undefined;
  const decision: Decision = {
    result: 'allow',
    explicitDeny: false,
    allowedBy: identity.allowedBy,
    deniedBy: [...identity.deniedBy, ...(bound?.deniedBy ?? [])],
    unknownConditions: [],
  };

  // A certain explicit Deny anywhere ends it, whatever else is undecided.
  if (identity.deny === 'true' || bound?.deny === 'true') {
    return { ...decision, result: 'deny', explicitDeny: true, deniedAt: identity.deny === 'true' ? 'identity' : 'boundary' };
  }
  // A certain implicit deny (no Allow can apply) beats any unknown.
  if (identity.allow === 'false') return { ...decision, result: 'deny', deniedAt: 'identity' };
  if (bound && bound.allow === 'false') return { ...decision, result: 'deny', deniedAt: 'boundary' };

  const unknownConditions = [...layerUnknowns(identity), ...(bound ? layerUnknowns(bound) : [])];
  const undecided = [identity, ...(bound ? [bound] : [])].some((l) => l.allow === 'unknown' || l.deny === 'unknown');
  if (undecided) return { ...decision, result: 'unknown', unknownConditions };
  return decision;
}

export interface TrustRequest {
  action: string;
  /** Whether the statement's Principal/NotPrincipal covers the caller; the IRSA checks decide. */
  principalMatches: (principal: Principal | undefined, notPrincipal: Principal | undefined) => boolean;
  context: RequestContext;
}

/** One trust policy, one caller. `deniedAt` stays unset: the trust policy is the only layer. */
export function evaluateTrust(trust: PolicyDocument, request: TrustRequest): Decision {
  const layer = evaluateLayer(
    [trust],
    request.context,
    (stmt, doc) =>
      request.principalMatches(stmt.principal, stmt.notPrincipal) &&
      statementAppliesTo(stmt, request.action, undefined, { literalVariables: literalVariables(doc.version) }),
  );
  const base: Decision = { result: 'allow', explicitDeny: false, allowedBy: layer.allowedBy, deniedBy: layer.deniedBy, unknownConditions: [] };
  if (layer.deny === 'true') return { ...base, result: 'deny', explicitDeny: true };
  if (layer.allow === 'false') return { ...base, result: 'deny' };
  if (layer.allow === 'unknown' || layer.deny === 'unknown') {
    return { ...base, result: 'unknown', unknownConditions: layerUnknowns(layer) };
  }
  return base;
}

/**
 * A RequestContext from what the doctor knows: `known` keys have values, `absent` names keys
 * known not to be in the request, and everything else is unknown.
 */
export function contextFrom(known: Record<string, string | string[]>, options: { absent?: (lowerKey: string) => boolean } = {}): RequestContext {
  const values = new Map<string, string[]>();
  for (const [key, value] of Object.entries(known)) values.set(key.toLowerCase(), Array.isArray(value) ? value : [value]);
  return (key: string): ContextValue => {
    const lower = key.toLowerCase();
    const found = values.get(lower);
    if (found) return { kind: 'value', values: found };
    if (options.absent?.(lower)) return { kind: 'absent' };
    return { kind: 'unknown' };
  };
}
