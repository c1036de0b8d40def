/** Which workload to check. Region and cluster may stay unknown until facts resolve them. */
export interface Target {
  namespace: string;
  deployment: string;
  serviceAccount: string;
  table: string;
  /** Expected role name or ARN (`--role`); absent means "the role the SA annotation names". */
  role?: string;
  region?: string;
  cluster?: string;
}

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyExpectation {
  name: string;
  type: AttributeType;
}

export interface GsiExpectation {
  name: string;
  hashKey: KeyExpectation;
}

/** One permission the app needs: an action on the table ARN or on one index's ARN. */
export interface PermissionExpectation {
  action: string;
  on: 'table' | { index: string };
}

/** A variable that must be set, optionally to one exact value. */
export interface RequiredVar {
  name: string;
  equals?: string;
}

export interface Expectations {
  preset: PresetName;
  partitionKey: KeyExpectation;
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  gsis: GsiExpectation[];
  permissions: PermissionExpectation[];
  /** Names the app reads the table name from; the first one is what remediations suggest. */
  tableNameVars: string[];
  requiredVars: RequiredVar[];
  /** Names of variables that an old image read and a current one ignores. */
  legacyVarPatterns: string[];
  /** Audience the web-identity token carries (the SA annotation `eks.amazonaws.com/audience` overrides). */
  audience: string;
  /** K3s: images that count as a local DynamoDB (config `expectations.localDynamoImages`); absent = the known ones. */
  localDynamoImages?: string[];
}

export type PresetName = 'guide' | 'retail-store';

export interface ResolvedConfig {
  target: Target;
  expect: Expectations;
}
