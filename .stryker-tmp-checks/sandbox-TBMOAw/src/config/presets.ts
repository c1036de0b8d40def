// @ts-nocheck
import type { Expectations, PresetName, Target } from './types.js';

/**
 * Presets are data, not code paths (docs/design/SPEC.md §2.1): every check reads expectations, never the
 * preset's name.
 */
export interface Preset {
  target: Target;
  expect: Expectations;
}

const ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

export const PRESETS: Record<PresetName, Preset> = {
  guide: {
    target: {
      namespace: 'retail-store-prod',
      deployment: 'cart-deployment',
      serviceAccount: 'cart-sa',
      table: 'Items',
    },
    expect: {
      preset: 'guide',
      partitionKey: { name: 'id', type: 'S' },
      billingMode: 'PAY_PER_REQUEST',
      gsis: [],
      permissions: [...ITEM_ACTIONS, 'dynamodb:Query', 'dynamodb:Scan'].map((action) => ({ action, on: 'table' as const })),
      tableNameVars: ['TABLE_NAME'],
      requiredVars: [],
      legacyVarPatterns: [],
      audience: 'sts.amazonaws.com',
    },
  },
  'retail-store': {
    target: {
      namespace: 'carts',
      deployment: 'carts',
      serviceAccount: 'carts',
      table: 'Items',
    },
    expect: {
      preset: 'retail-store',
      partitionKey: { name: 'id', type: 'S' },
      billingMode: 'PAY_PER_REQUEST',
      gsis: [{ name: 'idx_global_customerId', hashKey: { name: 'customerId', type: 'S' } }],
      permissions: [...ITEM_ACTIONS.map((action) => ({ action, on: 'table' as const })), { action: 'dynamodb:Query', on: { index: 'idx_global_customerId' } }],
      // Spring maps `table-name` to both spellings; the chart and docs use the underscore one.
      tableNameVars: ['RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME', 'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLENAME'],
      requiredVars: [{ name: 'RETAIL_CART_PERSISTENCE_PROVIDER', equals: 'dynamodb' }],
      legacyVarPatterns: ['CARTS_DYNAMODB_*'],
      audience: 'sts.amazonaws.com',
    },
  },
};
