/** The names and ARNs every world shares: one account, region and cluster. */
export const ACCOUNT = '111122223333';
export const REGION = 'ap-south-1';
export const CLUSTER = 'cart-cluster';
export const VPC_ID = 'vpc-0fedcba9876543210';
export const ISSUER = 'https://oidc.eks.ap-south-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const HOST = ISSUER.replace(/^https:\/\//, '');
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;

export const tableArnOf = (table, region = REGION) => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${table}`;
export const roleArnOf = (role) => `arn:aws:iam::${ACCOUNT}:role/${role}`;
export const policyArnOf = (policy) => `arn:aws:iam::${ACCOUNT}:policy/${policy}`;

export const ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
export const GUIDE_ACTIONS = [...ITEM_ACTIONS, 'dynamodb:Query', 'dynamodb:Scan'];
