/**
 * The IAM evaluator's data model. Documents are parsed once into this normalized shape
 * (every string-or-array element becomes an array) so matching code never branches on shape.
 */
// @ts-nocheck


export type Effect = 'Allow' | 'Deny';

/** Three-valued truth: conditions the doctor cannot decide stay `unknown`, never `true`. */
export type Tri = 'true' | 'false' | 'unknown';

/** Condition block: operator (as written, e.g. `ForAnyValue:StringLikeIfExists`) → key → values. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Principal {
  /** `"*"` written as the whole Principal. */
  any?: boolean;
  AWS?: string[];
  Federated?: string[];
  Service?: string[];
  CanonicalUser?: string[];
}

export interface Statement {
  /** Position in the document's Statement list, 0-based. */
  index: number;
  sid?: string;
  effect: Effect;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: Principal;
  notPrincipal?: Principal;
  condition?: ConditionBlock;
}

export interface PolicyDocument {
  /** Where the document came from, for messages: a policy ARN, `inline:NAME`, `trust:ROLE`. */
  source: string;
  version?: string;
  statements: Statement[];
}

/** What the evaluator knows about one request-context key. */
export type ContextValue =
  | { kind: 'value'; values: string[] }
  /** The key is known not to be in the request (e.g. another OIDC host's `:sub`). */
  | { kind: 'absent' }
  /** The doctor cannot know it statically (e.g. `aws:SourceIp`, `dynamodb:LeadingKeys`). */
  | { kind: 'unknown' };

/** Key lookup; key names are compared case-insensitively, so implementations lower-case them. */
export type RequestContext = (key: string) => ContextValue;

export interface StatementRef {
  source: string;
  index: number;
  sid?: string;
}

/** A condition the evaluator could not decide, named so the user can check it by hand. */
export interface UnknownCondition {
  statement: StatementRef;
  operator: string;
  key: string;
  values: string[];
}

export interface Request {
  action: string;
  resource: string;
  context: RequestContext;
}

export interface Decision {
  /** `allow`: allowed for sure. `deny`: implicitly or explicitly denied. `unknown`: depends on a condition. */
  result: 'allow' | 'deny' | 'unknown';
  explicitDeny: boolean;
  /** Allow statements whose action/resource match and whose condition is true or unknown. */
  allowedBy: StatementRef[];
  /** Deny statements whose action/resource match and whose condition is true or unknown. */
  deniedBy: StatementRef[];
  unknownConditions: UnknownCondition[];
  /** Which layer decided a deny: the identity policies or the permissions boundary. */
  deniedAt?: 'identity' | 'boundary';
}
