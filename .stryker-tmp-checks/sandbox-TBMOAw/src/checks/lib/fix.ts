/**
 * Building blocks of a remediation. Every remediation a result carries is a shell snippet that
 * `bash -n` accepts: prose is `#` comment lines, every file it reads is written first (a
 * heredoc), alternatives are commented out, and a Kubernetes change ends with the restart that
 * makes running pods see it. `--fix-script` concatenates these snippets, so they must run as
 * printed.
 */
// @ts-nocheck

import type { Target } from '../../config/types.js';
import type { NamedPolicy } from '../../facts/types.js';
import type { Statement } from '../../iam/types.js';

/** Prose as `#` lines, so it can sit in a snippet. */
export function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() ? `# ${line}` : '#'))
    .join('\n');
}

/** Joins the parts that are present, one per line. */
export function snippet(...parts: (string | false | undefined | null)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');
}

/** Writes `content` to `file` with a quoted heredoc (no expansion inside). */
export function heredoc(file: string, content: string, tag = 'EOF'): string {
  return `cat > ${file} <<'${tag}'\n${content}\n${tag}`;
}

export const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** A Deployment's pods see a changed ServiceAccount, ConfigMap or Secret only once recreated. */
export const restartCommand = (target: Pick<Target, 'namespace' | 'deployment'>): string =>
  `kubectl -n ${target.namespace} rollout restart deployment/${target.deployment}`;

/** A file name that is safe unquoted in a shell word (policy names allow +=,.@-). */
export const fileNameFor = (name: string): string => `${name.replace(/[^A-Za-z0-9._-]/g, '-')}.json`;

/** A parsed identity-policy statement back in IAM's JSON form. */
export function statementJson(st: Statement): Record<string, unknown> {
  return {
    ...(st.sid && { Sid: st.sid }),
    Effect: st.effect,
    ...(st.action && { Action: st.action }),
    ...(st.notAction && { NotAction: st.notAction }),
    ...(st.resource && { Resource: st.resource }),
    ...(st.notResource && { NotResource: st.notResource }),
    ...(st.condition && { Condition: st.condition }),
  };
}

/**
 * Replaces the document of a role's policy (inline or managed) with `statements`: write the
 * file, then put it. With no statement left, the policy is removed from the role instead.
 */
export function replacePolicyCommands(policy: NamedPolicy, roleName: string, statements: Record<string, unknown>[]): string {
  const inline = policy.name.startsWith('inline:') ? policy.name.slice('inline:'.length) : undefined;
  if (!statements.length) {
    return inline
      ? `aws iam delete-role-policy --role-name ${roleName} --policy-name ${inline}`
      : `aws iam detach-role-policy --role-name ${roleName} --policy-arn ${policy.name}`;
  }
  const file = fileNameFor(inline ?? policy.name.slice(policy.name.lastIndexOf('/') + 1));
  const doc = json({ Version: policy.document.version ?? '2012-10-17', Statement: statements });
  return snippet(
    heredoc(file, doc, 'JSON'),
    inline
      ? `aws iam put-role-policy --role-name ${roleName} --policy-name ${inline} --policy-document file://${file}`
      : snippet(
          comment(
            'A managed policy keeps at most five versions: if this is refused, delete an old one (aws iam list-policy-versions / delete-policy-version).',
          ),
          `aws iam create-policy-version --policy-arn ${policy.name} --policy-document file://${file} --set-as-default`,
        ),
  );
}
