/**
 * What trust.principal, trust.subject and trust.audience share: the STS request the pod makes
 * (docs/design/irsa.md §3), which trust statements name this cluster's provider, and how a condition key
 * can be wrong (T3, T10).
 */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { FactUnavailable } from '../../errors.js';
import { evaluateCondition, type ConditionResult } from '../../iam/conditions.js';
import { contextFrom } from '../../iam/evaluate.js';
import { literalVariables, statementAppliesTo } from '../../iam/match.js';
import type { ConditionBlock, PolicyDocument, Principal, RequestContext, Statement } from '../../iam/types.js';
import type { CheckContext, Outcome } from './types.js';
import { skip } from './types.js';
import { comment, heredoc, json, snippet } from './fix.js';
export const WEB_IDENTITY = stryMutAct_9fa48("118") ? "" : (stryCov_9fa48("118"), 'sts:AssumeRoleWithWebIdentity');

/** What the trust checks judge: the role's trust policy and the pod's request to STS. */
export interface TrustSetup {
  roleName: string;
  trust: PolicyDocument;
  /** Issuer host without https://, the prefix of the condition keys. */
  host: string;
  providerArn: string;
  sub: string;
  audience: string;
  context: RequestContext;
}

/** The token audience: the SA annotation overrides the expectation (docs/design/irsa.md §1.3). */
export async function tokenAudience(ctx: CheckContext): Promise<string> {
  if (stryMutAct_9fa48("119")) {
    {}
  } else {
    stryCov_9fa48("119");
    try {
      if (stryMutAct_9fa48("120")) {
        {}
      } else {
        stryCov_9fa48("120");
        const sa = await ctx.facts.serviceAccount();
        return stryMutAct_9fa48("123") ? sa.annotations['eks.amazonaws.com/audience']?.trim() && ctx.expect.audience : stryMutAct_9fa48("122") ? false : stryMutAct_9fa48("121") ? true : (stryCov_9fa48("121", "122", "123"), (stryMutAct_9fa48("125") ? sa.annotations['eks.amazonaws.com/audience'].trim() : stryMutAct_9fa48("124") ? sa.annotations['eks.amazonaws.com/audience'] : (stryCov_9fa48("124", "125"), sa.annotations[stryMutAct_9fa48("126") ? "" : (stryCov_9fa48("126"), 'eks.amazonaws.com/audience')]?.trim())) || ctx.expect.audience);
      }
    } catch (err) {
      if (stryMutAct_9fa48("127")) {
        {}
      } else {
        stryCov_9fa48("127");
        // Without the ServiceAccount the default audience is the best guess; sa.exists reports the rest.
        if (stryMutAct_9fa48("129") ? false : stryMutAct_9fa48("128") ? true : (stryCov_9fa48("128", "129"), err instanceof FactUnavailable)) return ctx.expect.audience;
        throw err;
      }
    }
  }
}

/** The setup, or the skip naming sa.annotation when there is no role to judge. */
export async function trustSetup(ctx: CheckContext): Promise<TrustSetup | Outcome> {
  if (stryMutAct_9fa48("130")) {
    {}
  } else {
    stryCov_9fa48("130");
    const ref = await ctx.facts.roleRef();
    if (stryMutAct_9fa48("133") ? false : stryMutAct_9fa48("132") ? true : stryMutAct_9fa48("131") ? ref : (stryCov_9fa48("131", "132", "133"), !ref)) return skip(stryMutAct_9fa48("134") ? "" : (stryCov_9fa48("134"), 'sa.annotation'), stryMutAct_9fa48("135") ? "" : (stryCov_9fa48("135"), 'no IAM role is named (no valid role-arn annotation and no --role)'));
    const role = await ctx.facts.role();
    if (stryMutAct_9fa48("138") ? false : stryMutAct_9fa48("137") ? true : stryMutAct_9fa48("136") ? role.found : (stryCov_9fa48("136", "137", "138"), !role.found)) return skip(stryMutAct_9fa48("139") ? "" : (stryCov_9fa48("139"), 'sa.annotation'), stryMutAct_9fa48("140") ? `` : (stryCov_9fa48("140"), `role ${ref.name} does not exist`));
    if (stryMutAct_9fa48("143") ? false : stryMutAct_9fa48("142") ? true : stryMutAct_9fa48("141") ? role.trust : (stryCov_9fa48("141", "142", "143"), !role.trust)) throw new FactUnavailable(stryMutAct_9fa48("145") ? "" : (stryCov_9fa48("145"), 'failed'), stryMutAct_9fa48("146") ? `` : (stryCov_9fa48("146"), `iam:GetRole ${ref.name} returned no AssumeRolePolicyDocument`));
    const cluster = await ctx.facts.cluster();
    if (stryMutAct_9fa48("149") ? !cluster.found && !cluster.issuer : stryMutAct_9fa48("148") ? false : stryMutAct_9fa48("147") ? true : (stryCov_9fa48("147", "148", "149"), (stryMutAct_9fa48("150") ? cluster.found : (stryCov_9fa48("150"), !cluster.found)) || (stryMutAct_9fa48("151") ? cluster.issuer : (stryCov_9fa48("151"), !cluster.issuer)))) {
      if (stryMutAct_9fa48("152")) {
        {}
      } else {
        stryCov_9fa48("152");
        throw new FactUnavailable(stryMutAct_9fa48("154") ? "" : (stryCov_9fa48("154"), 'failed'), stryMutAct_9fa48("155") ? `` : (stryCov_9fa48("155"), `cluster ${cluster.name} ${cluster.found ? stryMutAct_9fa48("156") ? "" : (stryCov_9fa48("156"), 'reports no OIDC issuer') : stryMutAct_9fa48("157") ? "" : (stryCov_9fa48("157"), 'was not found')}: check --cluster and --region`));
      }
    }
    const host = cluster.issuer.replace(stryMutAct_9fa48("158") ? /https:\/\//i : (stryCov_9fa48("158"), /^https:\/\//i), stryMutAct_9fa48("159") ? "Stryker was here!" : (stryCov_9fa48("159"), '')).replace(stryMutAct_9fa48("161") ? /\/$/ : stryMutAct_9fa48("160") ? /\/+/ : (stryCov_9fa48("160", "161"), /\/+$/), stryMutAct_9fa48("162") ? "Stryker was here!" : (stryCov_9fa48("162"), ''));
    // The provider must live in the role's account (cross-account IRSA), like oidc.provider looks for it.
    const account = stryMutAct_9fa48("163") ? ref.account && cluster.account : (stryCov_9fa48("163"), ref.account ?? cluster.account);
    if (stryMutAct_9fa48("166") ? false : stryMutAct_9fa48("165") ? true : stryMutAct_9fa48("164") ? account : (stryCov_9fa48("164", "165", "166"), !account)) throw new FactUnavailable(stryMutAct_9fa48("168") ? "" : (stryCov_9fa48("168"), 'failed'), stryMutAct_9fa48("169") ? `` : (stryCov_9fa48("169"), `the AWS account of role ${ref.name} is unknown: pass --role as an ARN`));
    const audience = await tokenAudience(ctx);
    const sub = stryMutAct_9fa48("170") ? `` : (stryCov_9fa48("170"), `system:serviceaccount:${ctx.target.namespace}:${ctx.target.serviceAccount}`);
    const known = stryMutAct_9fa48("173") ? {
      [`${host}:sub`]: sub,
      [``]: audience
    } : stryMutAct_9fa48("172") ? {
      [``]: sub,
      [`${host}:aud`]: audience
    } : stryMutAct_9fa48("171") ? {} : (stryCov_9fa48("171", "172", "173"), {
      [`${host}:sub`]: sub,
      [`${host}:aud`]: audience
    });
    // Any other OIDC-shaped key (another cluster's host, a key written with https://) never exists in this request.
    const context = contextFrom(known, stryMutAct_9fa48("174") ? {} : (stryCov_9fa48("174"), {
      absent: stryMutAct_9fa48("175") ? () => undefined : (stryCov_9fa48("175"), k => (stryMutAct_9fa48("176") ? /:(sub|aud|amr)/ : (stryCov_9fa48("176"), /:(sub|aud|amr)$/)).test(k))
    }));
    return stryMutAct_9fa48("177") ? {} : (stryCov_9fa48("177"), {
      roleName: ref.name,
      trust: role.trust,
      host,
      providerArn: stryMutAct_9fa48("178") ? `` : (stryCov_9fa48("178"), `arn:${ref.partition}:iam::${account}:oidc-provider/${host}`),
      sub,
      audience,
      context
    });
  }
}
export const statementName = stryMutAct_9fa48("179") ? () => undefined : (stryCov_9fa48("179"), (() => {
  const statementName = (st: Statement): string => st.sid ? stryMutAct_9fa48("180") ? `` : (stryCov_9fa48("180"), `statement "${st.sid}"`) : stryMutAct_9fa48("181") ? `` : (stryCov_9fa48("181"), `statement #${stryMutAct_9fa48("182") ? st.index - 1 : (stryCov_9fa48("182"), st.index + 1)}`);
  return statementName;
})());

/** Whether a Principal element names every caller (`"*"`, AWS or Federated `*`). */
export function namesEveryone(p: Principal | undefined): boolean {
  if (stryMutAct_9fa48("183")) {
    {}
  } else {
    stryCov_9fa48("183");
    return stryMutAct_9fa48("186") ? !!p || !!p.any || (p.AWS ?? []).includes('*') || (p.Federated ?? []).includes('*') : stryMutAct_9fa48("185") ? false : stryMutAct_9fa48("184") ? true : (stryCov_9fa48("184", "185", "186"), (stryMutAct_9fa48("187") ? !p : (stryCov_9fa48("187"), !(stryMutAct_9fa48("188") ? p : (stryCov_9fa48("188"), !p)))) && (stryMutAct_9fa48("190") ? (!!p.any || (p.AWS ?? []).includes('*')) && (p.Federated ?? []).includes('*') : stryMutAct_9fa48("189") ? true : (stryCov_9fa48("189", "190"), (stryMutAct_9fa48("192") ? !!p.any && (p.AWS ?? []).includes('*') : stryMutAct_9fa48("191") ? false : (stryCov_9fa48("191", "192"), (stryMutAct_9fa48("193") ? !p.any : (stryCov_9fa48("193"), !(stryMutAct_9fa48("194") ? p.any : (stryCov_9fa48("194"), !p.any)))) || (stryMutAct_9fa48("195") ? p.AWS && [] : (stryCov_9fa48("195"), p.AWS ?? (stryMutAct_9fa48("196") ? ["Stryker was here"] : (stryCov_9fa48("196"), [])))).includes(stryMutAct_9fa48("197") ? "" : (stryCov_9fa48("197"), '*')))) || (stryMutAct_9fa48("198") ? p.Federated && [] : (stryCov_9fa48("198"), p.Federated ?? (stryMutAct_9fa48("199") ? ["Stryker was here"] : (stryCov_9fa48("199"), [])))).includes(stryMutAct_9fa48("200") ? "" : (stryCov_9fa48("200"), '*')))));
  }
}

/** Whether a statement's Principal/NotPrincipal covers the web-identity caller of this provider. */
export function coversProvider(st: Statement, providerArn: string): boolean {
  if (stryMutAct_9fa48("201")) {
    {}
  } else {
    stryCov_9fa48("201");
    if (stryMutAct_9fa48("203") ? false : stryMutAct_9fa48("202") ? true : (stryCov_9fa48("202", "203"), st.principal)) return stryMutAct_9fa48("206") ? namesEveryone(st.principal) && (st.principal.Federated ?? []).includes(providerArn) : stryMutAct_9fa48("205") ? false : stryMutAct_9fa48("204") ? true : (stryCov_9fa48("204", "205", "206"), namesEveryone(st.principal) || (stryMutAct_9fa48("207") ? st.principal.Federated && [] : (stryCov_9fa48("207"), st.principal.Federated ?? (stryMutAct_9fa48("208") ? ["Stryker was here"] : (stryCov_9fa48("208"), [])))).includes(providerArn));
    if (stryMutAct_9fa48("210") ? false : stryMutAct_9fa48("209") ? true : (stryCov_9fa48("209", "210"), st.notPrincipal)) return stryMutAct_9fa48("211") ? namesEveryone(st.notPrincipal) || (st.notPrincipal.Federated ?? []).includes(providerArn) : (stryCov_9fa48("211"), !(stryMutAct_9fa48("214") ? namesEveryone(st.notPrincipal) && (st.notPrincipal.Federated ?? []).includes(providerArn) : stryMutAct_9fa48("213") ? false : stryMutAct_9fa48("212") ? true : (stryCov_9fa48("212", "213", "214"), namesEveryone(st.notPrincipal) || (stryMutAct_9fa48("215") ? st.notPrincipal.Federated && [] : (stryCov_9fa48("215"), st.notPrincipal.Federated ?? (stryMutAct_9fa48("216") ? ["Stryker was here"] : (stryCov_9fa48("216"), [])))).includes(providerArn))));
    return stryMutAct_9fa48("217") ? true : (stryCov_9fa48("217"), false);
  }
}
export const allowsWebIdentity = stryMutAct_9fa48("218") ? () => undefined : (stryCov_9fa48("218"), (() => {
  const allowsWebIdentity = (st: Statement, doc: PolicyDocument): boolean => statementAppliesTo(st, WEB_IDENTITY, undefined, stryMutAct_9fa48("219") ? {} : (stryCov_9fa48("219"), {
    literalVariables: literalVariables(doc.version)
  }));
  return allowsWebIdentity;
})());

/** Allow statements that let this cluster's provider (or everyone) assume the role with web identity. */
export function principalStatements(s: TrustSetup): Statement[] {
  if (stryMutAct_9fa48("220")) {
    {}
  } else {
    stryCov_9fa48("220");
    return stryMutAct_9fa48("221") ? s.trust.statements : (stryCov_9fa48("221"), s.trust.statements.filter(stryMutAct_9fa48("222") ? () => undefined : (stryCov_9fa48("222"), st => stryMutAct_9fa48("225") ? st.effect === 'Allow' && coversProvider(st, s.providerArn) || allowsWebIdentity(st, s.trust) : stryMutAct_9fa48("224") ? false : stryMutAct_9fa48("223") ? true : (stryCov_9fa48("223", "224", "225"), (stryMutAct_9fa48("227") ? st.effect === 'Allow' || coversProvider(st, s.providerArn) : stryMutAct_9fa48("226") ? true : (stryCov_9fa48("226", "227"), (stryMutAct_9fa48("229") ? st.effect !== 'Allow' : stryMutAct_9fa48("228") ? true : (stryCov_9fa48("228", "229"), st.effect === (stryMutAct_9fa48("230") ? "" : (stryCov_9fa48("230"), 'Allow')))) && coversProvider(st, s.providerArn))) && allowsWebIdentity(st, s.trust)))));
  }
}

/** The part of a condition block whose keys satisfy `keep` (key names compared case-insensitively). */
export function conditionPart(block: ConditionBlock | undefined, keep: (lowerKey: string) => boolean): ConditionBlock {
  if (stryMutAct_9fa48("231")) {
    {}
  } else {
    stryCov_9fa48("231");
    const out: ConditionBlock = {};
    for (const [op, keys] of Object.entries(stryMutAct_9fa48("232") ? block && {} : (stryCov_9fa48("232"), block ?? {}))) {
      if (stryMutAct_9fa48("233")) {
        {}
      } else {
        stryCov_9fa48("233");
        const kept = Object.fromEntries(stryMutAct_9fa48("234") ? Object.entries(keys) : (stryCov_9fa48("234"), Object.entries(keys).filter(stryMutAct_9fa48("235") ? () => undefined : (stryCov_9fa48("235"), ([k]) => keep(stryMutAct_9fa48("236") ? k.toUpperCase() : (stryCov_9fa48("236"), k.toLowerCase()))))));
        if (stryMutAct_9fa48("238") ? false : stryMutAct_9fa48("237") ? true : (stryCov_9fa48("237", "238"), Object.keys(kept).length)) out[op] = kept;
      }
    }
    return out;
  }
}
export interface WrittenKey {
  op: string;
  key: string;
  values: string[];
}

/** Every key written in the block that `keep` selects, with its operator and values. */
export function conditionKeys(block: ConditionBlock | undefined, keep: (lowerKey: string) => boolean): WrittenKey[] {
  if (stryMutAct_9fa48("239")) {
    {}
  } else {
    stryCov_9fa48("239");
    return Object.entries(stryMutAct_9fa48("240") ? block && {} : (stryCov_9fa48("240"), block ?? {})).flatMap(stryMutAct_9fa48("241") ? () => undefined : (stryCov_9fa48("241"), ([op, keys]) => stryMutAct_9fa48("242") ? Object.entries(keys).map(([key, values]) => ({
      op,
      key,
      values
    })) : (stryCov_9fa48("242"), Object.entries(keys).filter(stryMutAct_9fa48("243") ? () => undefined : (stryCov_9fa48("243"), ([k]) => keep(stryMutAct_9fa48("244") ? k.toUpperCase() : (stryCov_9fa48("244"), k.toLowerCase())))).map(stryMutAct_9fa48("245") ? () => undefined : (stryCov_9fa48("245"), ([key, values]) => stryMutAct_9fa48("246") ? {} : (stryCov_9fa48("246"), {
      op,
      key,
      values
    }))))));
  }
}
export const isClaimKey = stryMutAct_9fa48("247") ? () => undefined : (stryCov_9fa48("247"), (() => {
  const isClaimKey = (suffix: 'sub' | 'aud') => stryMutAct_9fa48("248") ? () => undefined : (stryCov_9fa48("248"), (lowerKey: string) => stryMutAct_9fa48("249") ? lowerKey.startsWith(`:${suffix}`) : (stryCov_9fa48("249"), lowerKey.endsWith(stryMutAct_9fa48("250") ? `` : (stryCov_9fa48("250"), `:${suffix}`))));
  return isClaimKey;
})());

/** Why a key can never match: written with https://, or for another issuer host (T3). */
export function keyProblem(key: string, host: string, suffix: 'sub' | 'aud'): string | undefined {
  if (stryMutAct_9fa48("251")) {
    {}
  } else {
    stryCov_9fa48("251");
    if (stryMutAct_9fa48("254") ? key.toLowerCase() !== `${host}:${suffix}`.toLowerCase() : stryMutAct_9fa48("253") ? false : stryMutAct_9fa48("252") ? true : (stryCov_9fa48("252", "253", "254"), (stryMutAct_9fa48("255") ? key.toUpperCase() : (stryCov_9fa48("255"), key.toLowerCase())) === (stryMutAct_9fa48("256") ? `${host}:${suffix}`.toUpperCase() : (stryCov_9fa48("256"), (stryMutAct_9fa48("257") ? `` : (stryCov_9fa48("257"), `${host}:${suffix}`)).toLowerCase())))) return undefined;
    if (stryMutAct_9fa48("259") ? false : stryMutAct_9fa48("258") ? true : (stryCov_9fa48("258", "259"), (stryMutAct_9fa48("261") ? /^https:\/\//i : stryMutAct_9fa48("260") ? /https?:\/\//i : (stryCov_9fa48("260", "261"), /^https?:\/\//i)).test(key))) return stryMutAct_9fa48("262") ? `` : (stryCov_9fa48("262"), `key "${key}" starts with https://, so it never exists in the request (the key is "${host}:${suffix}")`);
    return stryMutAct_9fa48("263") ? `` : (stryCov_9fa48("263"), `key "${key}" is for another issuer than this cluster's ${host} (an old or recreated cluster?), so it never exists in the request`);
  }
}

/**
 * Whether a written key pins the claim to its values: this cluster's key under a positive
 * operator. A negated operator or Null admits (nearly) every token, so it restricts nothing.
 */
export function pinsClaim(k: WrittenKey, host: string, suffix: 'sub' | 'aud'): boolean {
  if (stryMutAct_9fa48("264")) {
    {}
  } else {
    stryCov_9fa48("264");
    const base = stryMutAct_9fa48("265") ? k.op.replace(/^for(anyvalue|allvalues):/i, '').toUpperCase() : (stryCov_9fa48("265"), k.op.replace(stryMutAct_9fa48("266") ? /for(anyvalue|allvalues):/i : (stryCov_9fa48("266"), /^for(anyvalue|allvalues):/i), stryMutAct_9fa48("267") ? "Stryker was here!" : (stryCov_9fa48("267"), '')).toLowerCase());
    return stryMutAct_9fa48("270") ? !keyProblem(k.key, host, suffix) && base !== 'null' || !base.includes('not') : stryMutAct_9fa48("269") ? false : stryMutAct_9fa48("268") ? true : (stryCov_9fa48("268", "269", "270"), (stryMutAct_9fa48("272") ? !keyProblem(k.key, host, suffix) || base !== 'null' : stryMutAct_9fa48("271") ? true : (stryCov_9fa48("271", "272"), (stryMutAct_9fa48("273") ? keyProblem(k.key, host, suffix) : (stryCov_9fa48("273"), !keyProblem(k.key, host, suffix))) && (stryMutAct_9fa48("275") ? base === 'null' : stryMutAct_9fa48("274") ? true : (stryCov_9fa48("274", "275"), base !== (stryMutAct_9fa48("276") ? "" : (stryCov_9fa48("276"), 'null')))))) && (stryMutAct_9fa48("277") ? base.includes('not') : (stryCov_9fa48("277"), !base.includes(stryMutAct_9fa48("278") ? "" : (stryCov_9fa48("278"), 'not')))));
  }
}

/** T10: keys of this cluster and another one AND-ed in one statement can never all exist. */
export function mixesIssuers(keys: WrittenKey[], host: string, suffix: 'sub' | 'aud'): boolean {
  if (stryMutAct_9fa48("279")) {
    {}
  } else {
    stryCov_9fa48("279");
    return stryMutAct_9fa48("282") ? keys.some(k => !keyProblem(k.key, host, suffix)) || keys.some(k => !/^https?:/i.test(k.key) && !!keyProblem(k.key, host, suffix)) : stryMutAct_9fa48("281") ? false : stryMutAct_9fa48("280") ? true : (stryCov_9fa48("280", "281", "282"), (stryMutAct_9fa48("283") ? keys.every(k => !keyProblem(k.key, host, suffix)) : (stryCov_9fa48("283"), keys.some(stryMutAct_9fa48("284") ? () => undefined : (stryCov_9fa48("284"), k => stryMutAct_9fa48("285") ? keyProblem(k.key, host, suffix) : (stryCov_9fa48("285"), !keyProblem(k.key, host, suffix)))))) && (stryMutAct_9fa48("286") ? keys.every(k => !/^https?:/i.test(k.key) && !!keyProblem(k.key, host, suffix)) : (stryCov_9fa48("286"), keys.some(stryMutAct_9fa48("287") ? () => undefined : (stryCov_9fa48("287"), k => stryMutAct_9fa48("290") ? !/^https?:/i.test(k.key) || !!keyProblem(k.key, host, suffix) : stryMutAct_9fa48("289") ? false : stryMutAct_9fa48("288") ? true : (stryCov_9fa48("288", "289", "290"), (stryMutAct_9fa48("291") ? /^https?:/i.test(k.key) : (stryCov_9fa48("291"), !(stryMutAct_9fa48("293") ? /^https:/i : stryMutAct_9fa48("292") ? /https?:/i : (stryCov_9fa48("292", "293"), /^https?:/i)).test(k.key))) && (stryMutAct_9fa48("294") ? !keyProblem(k.key, host, suffix) : (stryCov_9fa48("294"), !(stryMutAct_9fa48("295") ? keyProblem(k.key, host, suffix) : (stryCov_9fa48("295"), !keyProblem(k.key, host, suffix)))))))))));
  }
}
export interface StatementVerdict {
  st: Statement;
  /** The keys of the claim this check is about, as written. */
  keys: WrittenKey[];
  result: ConditionResult;
}

/** Evaluates the `keep` part of each statement's condition for the pod's request. */
export function judgeStatements(s: TrustSetup, statements: Statement[], keep: (lowerKey: string) => boolean, claim: (lowerKey: string) => boolean): StatementVerdict[] {
  if (stryMutAct_9fa48("296")) {
    {}
  } else {
    stryCov_9fa48("296");
    const options = stryMutAct_9fa48("297") ? {} : (stryCov_9fa48("297"), {
      literalVariables: literalVariables(s.trust.version)
    });
    return statements.map(stryMutAct_9fa48("298") ? () => undefined : (stryCov_9fa48("298"), st => stryMutAct_9fa48("299") ? {} : (stryCov_9fa48("299"), {
      st,
      keys: conditionKeys(st.condition, claim),
      result: evaluateCondition(conditionPart(st.condition, keep), s.context, stryMutAct_9fa48("300") ? {} : (stryCov_9fa48("300"), {
        source: s.trust.source,
        index: st.index,
        ...(stryMutAct_9fa48("303") ? st.sid || {
          sid: st.sid
        } : stryMutAct_9fa48("302") ? false : stryMutAct_9fa48("301") ? true : (stryCov_9fa48("301", "302", "303"), st.sid && (stryMutAct_9fa48("304") ? {} : (stryCov_9fa48("304"), {
          sid: st.sid
        }))))
      }), options)
    })));
  }
}
export const describeUnknown = stryMutAct_9fa48("305") ? () => undefined : (stryCov_9fa48("305"), (() => {
  const describeUnknown = (v: StatementVerdict): string => v.result.unknown.map(stryMutAct_9fa48("306") ? () => undefined : (stryCov_9fa48("306"), u => stryMutAct_9fa48("307") ? `` : (stryCov_9fa48("307"), `${u.operator} ${u.key} ${JSON.stringify(u.values)}`))).join(stryMutAct_9fa48("308") ? "" : (stryCov_9fa48("308"), '; '));
  return describeUnknown;
})());

/** The guide's step-6 trust document for one provider, host, subject and audience. */
export function trustDocument(providerArn: string, host: string, sub: string, audience: string): object {
  if (stryMutAct_9fa48("309")) {
    {}
  } else {
    stryCov_9fa48("309");
    return stryMutAct_9fa48("310") ? {} : (stryCov_9fa48("310"), {
      Version: stryMutAct_9fa48("311") ? "" : (stryCov_9fa48("311"), '2012-10-17'),
      Statement: stryMutAct_9fa48("312") ? [] : (stryCov_9fa48("312"), [stryMutAct_9fa48("313") ? {} : (stryCov_9fa48("313"), {
        Effect: stryMutAct_9fa48("314") ? "" : (stryCov_9fa48("314"), 'Allow'),
        Principal: stryMutAct_9fa48("315") ? {} : (stryCov_9fa48("315"), {
          Federated: providerArn
        }),
        Action: WEB_IDENTITY,
        Condition: stryMutAct_9fa48("316") ? {} : (stryCov_9fa48("316"), {
          StringEquals: stryMutAct_9fa48("319") ? {
            [`${host}:sub`]: sub,
            [``]: audience
          } : stryMutAct_9fa48("318") ? {
            [``]: sub,
            [`${host}:aud`]: audience
          } : stryMutAct_9fa48("317") ? {} : (stryCov_9fa48("317", "318", "319"), {
            [`${host}:sub`]: sub,
            [`${host}:aud`]: audience
          })
        })
      })])
    });
  }
}

/** The guide's step-6 trust policy with this run's provider, host, namespace, ServiceAccount and audience. */
export function trustPolicyFix(s: TrustSetup, namespace: string, serviceAccount: string): string {
  if (stryMutAct_9fa48("320")) {
    {}
  } else {
    stryCov_9fa48("320");
    const doc = trustDocument(s.providerArn, s.host, stryMutAct_9fa48("321") ? `` : (stryCov_9fa48("321"), `system:serviceaccount:${namespace}:${serviceAccount}`), s.audience);
    return snippet(comment(stryMutAct_9fa48("322") ? `` : (stryCov_9fa48("322"), `Set the trust policy of ${s.roleName} (setup guide step 6). This replaces the whole document: add back any statement other clusters or callers still need.`)), heredoc(stryMutAct_9fa48("323") ? "" : (stryCov_9fa48("323"), 'trust.json'), json(doc), stryMutAct_9fa48("324") ? "" : (stryCov_9fa48("324"), 'JSON')), stryMutAct_9fa48("325") ? `` : (stryCov_9fa48("325"), `aws iam update-assume-role-policy --role-name ${s.roleName} --policy-document file://trust.json`));
  }
}