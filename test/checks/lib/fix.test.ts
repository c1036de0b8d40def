// The building blocks of every remediation, tested directly: `--fix-script` pastes these
// snippets together, so each must come out exactly as a shell would run it.
import { describe, expect, it } from '@jest/globals';
import { comment, fileNameFor, heredoc, json, replacePolicyCommands, restartCommand, snippet, statementJson } from '../../../src/checks/lib/fix.js';
import { parsePolicyDocument } from '../../../src/iam/document.js';

const ROLE = 'cart-dynamodb-role';
const MANAGED = 'arn:aws:iam::111122223333:policy/team/cart+dynamo@prod';
const doc = (version: string | undefined, statements: Record<string, unknown>[]) =>
  parsePolicyDocument(version ? { Version: version, Statement: statements } : { Statement: statements }, 'p');
const STATEMENTS = [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }];

describe('comment', () => {
  it('prefixes each line with "# ", and a blank line (even of spaces) with "#" alone', () => {
    expect(comment('one\n\n  \ntwo')).toBe('# one\n#\n#\n# two');
  });
});

describe('snippet', () => {
  it('joins the parts present, one per line, dropping false, undefined, null and empty ones', () => {
    expect(snippet('a', false, undefined, null, '', 'b')).toBe('a\nb');
    expect(snippet()).toBe('');
  });
});

describe('heredoc and json', () => {
  it('writes the content to the file with a quoted tag (EOF unless given)', () => {
    expect(heredoc('f.json', 'x\ny')).toBe("cat > f.json <<'EOF'\nx\ny\nEOF");
    expect(heredoc('f.json', '{}', 'JSON')).toBe("cat > f.json <<'JSON'\n{}\nJSON");
  });
  it('json indents by two spaces', () => {
    expect(json({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});

describe('restartCommand and fileNameFor', () => {
  it("restarts the target's Deployment in its namespace", () => {
    expect(restartCommand({ namespace: 'carts', deployment: 'carts-api' })).toBe('kubectl -n carts rollout restart deployment/carts-api');
  });
  it('keeps letters, digits, dot, underscore and dash, replaces the rest, and adds .json', () => {
    expect(fileNameFor('cart+dynamo@prod,v1=2 x.Y_z-0')).toBe('cart-dynamo-prod-v1-2-x.Y_z-0.json');
  });
});

describe('statementJson', () => {
  it('gives back every element present, in IAM spelling', () => {
    const [full] = doc('2012-10-17', [
      { Sid: 'Read', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:t', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    ]).statements;
    expect(statementJson(full!)).toEqual({
      Sid: 'Read',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem'],
      Resource: ['arn:t'],
      Condition: { Bool: { 'aws:SecureTransport': ['true'] } },
    });
  });
  it('NotAction and NotResource, and nothing absent', () => {
    const [negated] = doc('2012-10-17', [{ Effect: 'Deny', NotAction: 's3:*', NotResource: 'arn:x' }]).statements;
    expect(statementJson(negated!)).toEqual({ Effect: 'Deny', NotAction: ['s3:*'], NotResource: ['arn:x'] });
  });
});

describe('replacePolicyCommands', () => {
  it('an inline policy: written to a file named after it, then put', () => {
    const out = replacePolicyCommands({ name: 'inline:cart-access', document: doc('2012-10-17', STATEMENTS) }, ROLE, STATEMENTS);
    expect(out).toBe(
      [
        "cat > cart-access.json <<'JSON'",
        json({ Version: '2012-10-17', Statement: STATEMENTS }),
        'JSON',
        `aws iam put-role-policy --role-name ${ROLE} --policy-name cart-access --policy-document file://cart-access.json`,
      ].join('\n'),
    );
  });

  it('a managed policy: a file named after the last part of its ARN, a new default version, the five-version note', () => {
    const out = replacePolicyCommands({ name: MANAGED, document: doc('2008-10-17', STATEMENTS) }, ROLE, STATEMENTS);
    expect(out).toBe(
      [
        "cat > cart-dynamo-prod.json <<'JSON'",
        json({ Version: '2008-10-17', Statement: STATEMENTS }),
        'JSON',
        '# A managed policy keeps at most five versions: if this is refused, delete an old one (aws iam list-policy-versions / delete-policy-version).',
        `aws iam create-policy-version --policy-arn ${MANAGED} --policy-document file://cart-dynamo-prod.json --set-as-default`,
      ].join('\n'),
    );
  });

  it('a document without a Version gets 2012-10-17', () => {
    expect(replacePolicyCommands({ name: 'inline:x', document: doc(undefined, STATEMENTS) }, ROLE, STATEMENTS)).toContain('"Version": "2012-10-17"');
  });

  it('no statement left: the inline policy is deleted, the managed one detached', () => {
    expect(replacePolicyCommands({ name: 'inline:cart-access', document: doc('2012-10-17', STATEMENTS) }, ROLE, [])).toBe(
      `aws iam delete-role-policy --role-name ${ROLE} --policy-name cart-access`,
    );
    expect(replacePolicyCommands({ name: MANAGED, document: doc('2012-10-17', STATEMENTS) }, ROLE, [])).toBe(
      `aws iam detach-role-policy --role-name ${ROLE} --policy-arn ${MANAGED}`,
    );
  });
});
