// @ts-nocheck
import { validateAccount } from '../cli-args.js';
import { doctorIamPolicy, doctorRbac, type PermissionsTarget } from '../permissions.js';

/**
 * `cart-doctor permissions`: the doctor's own least privilege. `-o json` and `-o yaml` print one
 * document each, so they pipe straight into `aws iam create-policy --policy-document
 * file:///dev/stdin` and `kubectl apply -f -`; the default prints both with headings.
 */
export function runPermissionsCommand(target: PermissionsTarget, output: 'table' | 'json' | 'yaml'): string {
  validateAccount(target.account);
  const iam = `${JSON.stringify(doctorIamPolicy(target), null, 2)}\n`;
  if (output === 'json') return iam;
  if (output === 'yaml') return doctorRbac(target);
  return `# IAM policy for the identity that runs cart-doctor\n${iam}\n# Kubernetes RBAC\n${doctorRbac(target)}`;
}
