/**
 * `-o junit` and `-o github` through the built CLI: same verdicts and exit code as JSON, and
 * output a real consumer can read even when messages carry hostile text.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CHECK_IDS } from '../../src/checks/lib/types.js';
import { fixture, runCheckJson, runCli } from '../helpers/cli.js';
import { HOSTILE, hostileSnapshot, provisionedSnapshot } from '../helpers/ci-snapshots.js';

type Attrs = Record<string, string>;
type TestCase = Attrs & { failure?: Attrs & { '#text'?: string }; error?: Attrs & { '#text'?: string }; skipped?: Attrs | string; 'system-out'?: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'testcase',
});

/** XML 1.0 `Char`: anything else makes the document ill-formed, escaped or not. */
const ILLEGAL_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function junit(args: string[]) {
  const run = runCli(['check', ...args, '-o', 'junit']);
  expect(run.stderr).toBe('');
  expect(ILLEGAL_XML_CHAR.test(run.stdout)).toBe(false);
  expect(XMLValidator.validate(run.stdout)).toBe(true);
  const doc = parser.parse(run.stdout) as { testsuites: Attrs & { testsuite: Attrs & { testcase: TestCase[] } } };
  const cases = new Map(doc.testsuites.testsuite.testcase.map((c) => [c.name, c]));
  return { run, suite: doc.testsuites.testsuite, cases };
}

/** Undoes GitHub's escaping, as the runner does. */
const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

const COMMAND = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/;

function github(args: string[]) {
  const run = runCli(['check', ...args, '-o', 'github']);
  expect(run.stderr).toBe('');
  expect(run.stdout.endsWith('\n')).toBe(true);
  const lines = run.stdout.slice(0, -1).split('\n');
  const commands = lines.map((line) => {
    const m = COMMAND.exec(line);
    if (!m) throw new Error(`not a workflow command: ${JSON.stringify(line)}`);
    const props = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]),
    );
    return { level: m[1]!, props, message: unescape(m[3]!), raw: line };
  });
  return { run, commands };
}

describe('-o junit', () => {
  it('has one testcase per check, classname by link, and nothing failing on a healthy run', () => {
    const { run, suite, cases } = junit(['--snapshot', fixture('healthy-guide')]);
    expect(run.status).toBe(0);
    expect([...cases.keys()].sort()).toEqual([...CHECK_IDS].sort());
    expect(cases.get('deployment.service-account')!.classname).toBe('kubernetes');
    expect(cases.get('env.table-name')!.classname).toBe('kubernetes');
    expect(cases.get('trust.subject')!.classname).toBe('iam');
    expect(cases.get('policy.actions')!.classname).toBe('iam');
    expect(cases.get('region.match')!.classname).toBe('dynamodb');
    expect(cases.get('table.exists')!.classname).toBe('dynamodb');
    expect(cases.get('pods.identity')!.classname).toBe('runtime');
    expect(cases.get('logs.symptoms')!.classname).toBe('runtime');
    expect(suite.failures).toBe('0');
    expect(suite.tests).toBe(String(CHECK_IDS.length));
  });

  it('reports a fail as <failure> with the message, the symptom error and the remediation, and keeps the exit code', () => {
    const args = ['--snapshot', fixture('trust-wrong-namespace')];
    const { report, status } = runCheckJson(args);
    const { run, suite, cases } = junit(args);
    expect(run.status).toBe(status);
    const failed = report.checks.filter((r) => r.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(suite.failures).toBe(String(failed.length));
    for (const r of failed) {
      const failure = cases.get(r.id)!.failure!;
      expect(failure.message).toBe(r.message);
      expect(failure.type).toBe(r.symptom!.error);
      expect(failure['#text']).toBe(r.remediation);
    }
    for (const r of report.checks.filter((x) => x.status === 'skip')) expect(cases.get(r.id)!.skipped).toBeDefined();
  });

  it('reports a warn as a passing testcase whose system-out carries the warning', () => {
    const { run, suite, cases } = junit(['--snapshot', provisionedSnapshot()]);
    expect(run.status).toBe(0);
    const billing = cases.get('table.billing-mode')!;
    expect(billing.failure).toBeUndefined();
    expect(billing['system-out']).toMatch(/^warning: Table Items bills PROVISIONED/);
    expect(suite.failures).toBe('0');
  });

  it('stays well-formed with hostile text, and reads back as what was said (illegal characters shown as \\uXXXX)', () => {
    const { report } = runCheckJson(['--snapshot', hostileSnapshot()]);
    const { run, cases } = junit(['--snapshot', hostileSnapshot()]);
    expect(run.status).toBe(2);
    const errored = report.checks.find((r) => r.id === 'table.exists')!;
    expect(errored.message).toContain(HOSTILE);
    const error = cases.get('table.exists')!.error!;
    expect(error.message).toBe(errored.message.replace('\u0001\u001b\uFFFE', '\\u0001\\u001b\\ufffe'));
    expect(error.message).toContain(']]> "q" \'s\' a:b,c ünï 🚀');
    expect(error.message).toContain('\r\nsecond line');
    expect(error.type).toBe('failed');
  });
});

describe('-o github', () => {
  it('prints one ::warning for a warn, with the title property escaped, then the summary notice and nothing else', () => {
    const { run, commands } = github(['--snapshot', provisionedSnapshot()]);
    expect(run.status).toBe(0);
    expect(commands).toHaveLength(2);
    const [warning, summary] = commands;
    expect(warning!.level).toBe('warning');
    expect(warning!.raw).toContain('title=table.billing-mode%3A The table uses on-demand billing');
    expect(warning!.props.title).toBe('table.billing-mode: The table uses on-demand billing (PAY_PER_REQUEST)');
    expect(warning!.message).toMatch(/^Table Items bills PROVISIONED[^\n]*\nSymptom: ProvisionedThroughputExceededException/);
    expect(summary!.level).toBe('notice');
    expect(summary!.props.title).toBe('cart-doctor');
    expect(summary!.message).toMatch(/18 pass, 1 warn, 0 fail, 0 error, 11 skip, 0 suppressed — exit 0$/);
  });

  it('prints ::error for each fail and keeps the exit code', () => {
    const args = ['--snapshot', fixture('trust-wrong-namespace')];
    const { report, status } = runCheckJson(args);
    const { run, commands } = github(args);
    expect(run.status).toBe(status);
    const failed = report.checks.filter((r) => r.status === 'fail').map((r) => r.id);
    expect(commands.filter((c) => c.level === 'error').map((c) => c.props.title!.split(':')[0])).toEqual(failed);
  });

  it('escapes hostile text so each command stays one line and decodes to the message (errors as ::notice)', () => {
    const { report } = runCheckJson(['--snapshot', hostileSnapshot()]);
    const { run, commands } = github(['--snapshot', hostileSnapshot()]);
    expect(run.status).toBe(2);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
    const errored = report.checks.filter((r) => r.status === 'error');
    const notices = commands.filter((c) => c.props.title !== 'cart-doctor');
    expect(notices.map((c) => c.level)).toEqual(errored.map(() => 'notice'));
    const tableExists = notices.find((c) => c.props.title!.startsWith('table.exists: '))!;
    const message = report.checks.find((r) => r.id === 'table.exists')!.message.replace('\u0001\u001b', '\\u0001\\u001b');
    expect(tableExists.message.startsWith(`${message}\nFix:\n`)).toBe(true);
    expect(tableExists.raw).toContain('100%25 done %250A <b>&amp;</b> ]]>');
  });
});

describe('location hook', () => {
  let renderGithub: typeof import('../../src/report/github.js').renderGithub;
  beforeAll(async () => {
    ({ renderGithub } = await import('../../src/report/github.js'));
  });
  it('adds file, line and col when a result carries a location', () => {
    const { report } = runCheckJson(['--snapshot', provisionedSnapshot()]);
    const billing = report.checks.find((r) => r.id === 'table.billing-mode')!;
    billing.location = { file: 'deploy/cart,1:a.yaml', line: 12, column: 7 };
    expect(renderGithub(report).split('\n')[0]).toMatch(/^::warning file=deploy\/cart%2C1%3Aa\.yaml,line=12,col=7,title=table\.billing-mode%3A /);
  });
});
