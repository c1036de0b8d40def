/**
 * What policy.actions and policy.resource share: the calls the app makes (action × exact ARN),
 * the request context the doctor knows for them (docs/design/irsa.md §4.3), and the fixes they print.
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
import { parseArn } from '../../facts/arn.js';
import type { PoliciesFact } from '../../facts/types.js';
import type { Expectations } from '../../config/types.js';
import { contextFrom } from '../../iam/evaluate.js';
import { splitArn, globMatches } from '../../iam/match.js';
import type { RequestContext, StatementRef } from '../../iam/types.js';
import type { CheckContext, Outcome } from './types.js';
import { skip } from './types.js';
import { heredoc, json, snippet } from './fix.js';

/** One call the app makes, with the exact ARN IAM authorizes it against. */
export interface NeededPermission {
  action: string;
  resource: string;
}
export interface PolicySetup {
  roleName: string;
  roleArn?: string;
  policies: PoliciesFact;
  tableArn: string;
  needed: NeededPermission[];
  context: RequestContext;
}

/** Each call the preset expects, on the table ARN or its index ARN. */
export function neededPermissions(expect: Expectations, tableArn: string): NeededPermission[] {
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    return expect.permissions.map(stryMutAct_9fa48("1") ? () => undefined : (stryCov_9fa48("1"), p => stryMutAct_9fa48("2") ? {} : (stryCov_9fa48("2"), {
      action: p.action,
      resource: (stryMutAct_9fa48("5") ? p.on !== 'table' : stryMutAct_9fa48("4") ? false : stryMutAct_9fa48("3") ? true : (stryCov_9fa48("3", "4", "5"), p.on === (stryMutAct_9fa48("6") ? "" : (stryCov_9fa48("6"), 'table')))) ? tableArn : stryMutAct_9fa48("7") ? `` : (stryCov_9fa48("7"), `${tableArn}/index/${p.on.index}`)
    })));
  }
}

/** The setup, or the skip naming sa.annotation when there is no role to judge. */
export async function policySetup(ctx: CheckContext): Promise<PolicySetup | Outcome> {
  if (stryMutAct_9fa48("8")) {
    {}
  } else {
    stryCov_9fa48("8");
    const ref = await ctx.facts.roleRef();
    if (stryMutAct_9fa48("11") ? false : stryMutAct_9fa48("10") ? true : stryMutAct_9fa48("9") ? ref : (stryCov_9fa48("9", "10", "11"), !ref)) return skip(stryMutAct_9fa48("12") ? "" : (stryCov_9fa48("12"), 'sa.annotation'), stryMutAct_9fa48("13") ? "" : (stryCov_9fa48("13"), 'no IAM role is named (no valid role-arn annotation and no --role)'));
    const role = await ctx.facts.role();
    if (stryMutAct_9fa48("16") ? false : stryMutAct_9fa48("15") ? true : stryMutAct_9fa48("14") ? role.found : (stryCov_9fa48("14", "15", "16"), !role.found)) return skip(stryMutAct_9fa48("17") ? "" : (stryCov_9fa48("17"), 'sa.annotation'), stryMutAct_9fa48("18") ? `` : (stryCov_9fa48("18"), `role ${ref.name} does not exist`));
    const [policies, tableArn] = await Promise.all(stryMutAct_9fa48("19") ? [] : (stryCov_9fa48("19"), [ctx.facts.policies(), ctx.facts.tableArn()]));
    const needed = neededPermissions(ctx.expect, tableArn);
    const roleArn = stryMutAct_9fa48("20") ? role.arn && ref.arn : (stryCov_9fa48("20"), role.arn ?? ref.arn);
    const region = stryMutAct_9fa48("21") ? parseArn(tableArn).region : (stryCov_9fa48("21"), parseArn(tableArn)?.region);
    // What the doctor knows of the pod's request; anything else (source IP, VPC endpoint, FGAC keys) stays unknown.
    const context = contextFrom(stryMutAct_9fa48("22") ? {} : (stryCov_9fa48("22"), {
      ...(stryMutAct_9fa48("25") ? region || {
        'aws:RequestedRegion': region
      } : stryMutAct_9fa48("24") ? false : stryMutAct_9fa48("23") ? true : (stryCov_9fa48("23", "24", "25"), region && (stryMutAct_9fa48("26") ? {} : (stryCov_9fa48("26"), {
        'aws:RequestedRegion': region
      })))),
      'aws:SecureTransport': stryMutAct_9fa48("27") ? "" : (stryCov_9fa48("27"), 'true'),
      ...(stryMutAct_9fa48("30") ? roleArn || {
        'aws:PrincipalArn': roleArn
      } : stryMutAct_9fa48("29") ? false : stryMutAct_9fa48("28") ? true : (stryCov_9fa48("28", "29", "30"), roleArn && (stryMutAct_9fa48("31") ? {} : (stryCov_9fa48("31"), {
        'aws:PrincipalArn': roleArn
      })))),
      ...(stryMutAct_9fa48("34") ? ref.account || {
        'aws:PrincipalAccount': ref.account
      } : stryMutAct_9fa48("33") ? false : stryMutAct_9fa48("32") ? true : (stryCov_9fa48("32", "33", "34"), ref.account && (stryMutAct_9fa48("35") ? {} : (stryCov_9fa48("35"), {
        'aws:PrincipalAccount': ref.account
      }))))
    }));
    return stryMutAct_9fa48("36") ? {} : (stryCov_9fa48("36"), {
      roleName: ref.name,
      ...(stryMutAct_9fa48("39") ? roleArn || {
        roleArn
      } : stryMutAct_9fa48("38") ? false : stryMutAct_9fa48("37") ? true : (stryCov_9fa48("37", "38", "39"), roleArn && (stryMutAct_9fa48("40") ? {} : (stryCov_9fa48("40"), {
        roleArn
      })))),
      policies,
      tableArn,
      needed,
      context
    });
  }
}
export const refName = stryMutAct_9fa48("41") ? () => undefined : (stryCov_9fa48("41"), (() => {
  const refName = (r: StatementRef): string => stryMutAct_9fa48("42") ? `` : (stryCov_9fa48("42"), `${r.source} (${r.sid ? stryMutAct_9fa48("43") ? `` : (stryCov_9fa48("43"), `Sid ${r.sid}`) : stryMutAct_9fa48("44") ? `` : (stryCov_9fa48("44"), `statement #${stryMutAct_9fa48("45") ? r.index - 1 : (stryCov_9fa48("45"), r.index + 1)}`)})`);
  return refName;
})());

/** Statements granting exactly `needed`, one per ARN. */
export function grantStatements(needed: NeededPermission[]): Record<string, unknown>[] {
  if (stryMutAct_9fa48("46")) {
    {}
  } else {
    stryCov_9fa48("46");
    const byResource = new Map<string, string[]>();
    for (const n of needed) byResource.set(n.resource, stryMutAct_9fa48("48") ? [] : (stryCov_9fa48("48"), [...new Set(stryMutAct_9fa48("49") ? [] : (stryCov_9fa48("49"), [...(stryMutAct_9fa48("50") ? byResource.get(n.resource) && [] : (stryCov_9fa48("50"), byResource.get(n.resource) ?? (stryMutAct_9fa48("51") ? ["Stryker was here"] : (stryCov_9fa48("51"), [])))), n.action]))]));
    return (stryMutAct_9fa48("52") ? [] : (stryCov_9fa48("52"), [...byResource])).map(stryMutAct_9fa48("53") ? () => undefined : (stryCov_9fa48("53"), ([resource, actions]) => stryMutAct_9fa48("54") ? {} : (stryCov_9fa48("54"), {
      Sid: resource.includes(stryMutAct_9fa48("55") ? "" : (stryCov_9fa48("55"), '/index/')) ? stryMutAct_9fa48("56") ? "" : (stryCov_9fa48("56"), 'CartIndexAccess') : stryMutAct_9fa48("57") ? "" : (stryCov_9fa48("57"), 'CartTableAccess'),
      Effect: stryMutAct_9fa48("58") ? "" : (stryCov_9fa48("58"), 'Allow'),
      Action: actions,
      Resource: resource
    })));
  }
}

/** A policy document granting exactly `needed`. */
export const grantDocument = stryMutAct_9fa48("59") ? () => undefined : (stryCov_9fa48("59"), (() => {
  const grantDocument = (needed: NeededPermission[]): string => json(stryMutAct_9fa48("60") ? {} : (stryCov_9fa48("60"), {
    Version: stryMutAct_9fa48("61") ? "" : (stryCov_9fa48("61"), '2012-10-17'),
    Statement: grantStatements(needed)
  }));
  return grantDocument;
})());

/** The guide's step-3 fix as commands: write the document, put it on the role (put-role-policy replaces, so it can run twice). */
export function grantCommands(roleName: string, needed: NeededPermission[]): string {
  if (stryMutAct_9fa48("62")) {
    {}
  } else {
    stryCov_9fa48("62");
    return snippet(heredoc(stryMutAct_9fa48("63") ? "" : (stryCov_9fa48("63"), 'cart-dynamodb-access.json'), grantDocument(needed), stryMutAct_9fa48("64") ? "" : (stryCov_9fa48("64"), 'JSON')), stryMutAct_9fa48("65") ? `` : (stryCov_9fa48("65"), `aws iam put-role-policy --role-name ${roleName} --policy-name cart-dynamodb-access --policy-document file://cart-dynamodb-access.json`));
  }
}
const PART_NAMES = ['arn', 'partition', 'service', 'region', 'account'] as const;

/** Which parts of a policy ARN rule out the real one, e.g. "region us-east-1, the table's is ap-south-1". */
export function arnDifference(pattern: string, real: string): string[] {
  if (stryMutAct_9fa48("66")) {
    {}
  } else {
    stryCov_9fa48("66");
    if (stryMutAct_9fa48("69") ? pattern !== '*' : stryMutAct_9fa48("68") ? false : stryMutAct_9fa48("67") ? true : (stryCov_9fa48("67", "68", "69"), pattern === (stryMutAct_9fa48("70") ? "" : (stryCov_9fa48("70"), '*')))) return stryMutAct_9fa48("71") ? ["Stryker was here"] : (stryCov_9fa48("71"), []);
    const p = splitArn(pattern);
    const r = splitArn(real);
    if (stryMutAct_9fa48("74") ? p.length !== 6 && r.length !== 6 : stryMutAct_9fa48("73") ? false : stryMutAct_9fa48("72") ? true : (stryCov_9fa48("72", "73", "74"), (stryMutAct_9fa48("76") ? p.length === 6 : stryMutAct_9fa48("75") ? false : (stryCov_9fa48("75", "76"), p.length !== 6)) || (stryMutAct_9fa48("78") ? r.length === 6 : stryMutAct_9fa48("77") ? false : (stryCov_9fa48("77", "78"), r.length !== 6)))) return stryMutAct_9fa48("79") ? [] : (stryCov_9fa48("79"), [stryMutAct_9fa48("80") ? `` : (stryCov_9fa48("80"), `${pattern} is not an ARN`)]);
    const out: string[] = stryMutAct_9fa48("81") ? ["Stryker was here"] : (stryCov_9fa48("81"), []);
    for (let i = 1; stryMutAct_9fa48("84") ? i >= 5 : stryMutAct_9fa48("83") ? i <= 5 : stryMutAct_9fa48("82") ? false : (stryCov_9fa48("82", "83", "84"), i < 5); stryMutAct_9fa48("85") ? i-- : (stryCov_9fa48("85"), i++)) {
      if (stryMutAct_9fa48("86")) {
        {}
      } else {
        stryCov_9fa48("86");
        if (stryMutAct_9fa48("89") ? false : stryMutAct_9fa48("88") ? true : stryMutAct_9fa48("87") ? globMatches(p[i]!, r[i]!, {
          ignoreCase: true
        }) : (stryCov_9fa48("87", "88", "89"), !globMatches(p[i]!, r[i]!, stryMutAct_9fa48("90") ? {} : (stryCov_9fa48("90"), {
          ignoreCase: stryMutAct_9fa48("91") ? false : (stryCov_9fa48("91"), true)
        })))) out.push(stryMutAct_9fa48("93") ? `` : (stryCov_9fa48("93"), `${PART_NAMES[i]} ${stryMutAct_9fa48("96") ? p[i] && '(empty)' : stryMutAct_9fa48("95") ? false : stryMutAct_9fa48("94") ? true : (stryCov_9fa48("94", "95", "96"), p[i] || (stryMutAct_9fa48("97") ? "" : (stryCov_9fa48("97"), '(empty)')))}, the table's is ${r[i]}`));
      }
    }
    if (stryMutAct_9fa48("100") ? false : stryMutAct_9fa48("99") ? true : stryMutAct_9fa48("98") ? globMatches(p[5]!, r[5]!, {
      ignoreCase: false
    }) : (stryCov_9fa48("98", "99", "100"), !globMatches(p[5]!, r[5]!, stryMutAct_9fa48("101") ? {} : (stryCov_9fa48("101"), {
      ignoreCase: stryMutAct_9fa48("102") ? true : (stryCov_9fa48("102"), false)
    })))) {
      if (stryMutAct_9fa48("103")) {
        {}
      } else {
        stryCov_9fa48("103");
        const index = (stryMutAct_9fa48("108") ? /^(.*)\/index\/([/]+)$/ : stryMutAct_9fa48("107") ? /^(.*)\/index\/([^/])$/ : stryMutAct_9fa48("106") ? /^(.)\/index\/([^/]+)$/ : stryMutAct_9fa48("105") ? /^(.*)\/index\/([^/]+)/ : stryMutAct_9fa48("104") ? /(.*)\/index\/([^/]+)$/ : (stryCov_9fa48("104", "105", "106", "107", "108"), /^(.*)\/index\/([^/]+)$/)).exec(r[5]!);
        if (stryMutAct_9fa48("111") ? index || globMatches(p[5]!, index[1]!, {
          ignoreCase: false
        }) : stryMutAct_9fa48("110") ? false : stryMutAct_9fa48("109") ? true : (stryCov_9fa48("109", "110", "111"), index && globMatches(p[5]!, index[1]!, stryMutAct_9fa48("112") ? {} : (stryCov_9fa48("112"), {
          ignoreCase: stryMutAct_9fa48("113") ? true : (stryCov_9fa48("113"), false)
        })))) out.push(stryMutAct_9fa48("115") ? `` : (stryCov_9fa48("115"), `it names the table only; a table ARN does not cover its index ${index[2]}`));else out.push(stryMutAct_9fa48("117") ? `` : (stryCov_9fa48("117"), `resource ${p[5]}, the real one is ${r[5]}`));
      }
    }
    return out;
  }
}