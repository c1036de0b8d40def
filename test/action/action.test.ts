/**
 * action.yml, the composite GitHub Action: its `run:` steps executed with bash the way a runner
 * executes them (`bash --noprofile --norc -eo pipefail`, the step's env with `${{ … }}`
 * substituted, GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY and
 * RUNNER_TEMP as files and folders), on bundled fixtures with the AWS side from a snapshot.
 * The `uses:` step (the SARIF upload) cannot run here: its condition and inputs are checked.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';

interface Step {
  id?: string;
  name: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** What one workflow `uses: ./` with these inputs gives: each step's exit code, the outputs, the summary. */
function runAction(inputs: Record<string, string>) {
  const temp = mkdtempSync(join(tmpdir(), 'cd-action-'));
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary', GITHUB_PATH: 'path', GITHUB_ENV: 'env' };
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'KUBECONFIG'));
  Object.assign(env, { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_WORKSPACE: REPO_ROOT, RUNNER_TEMP: temp, NO_COLOR: '1' });
  for (const [name, file] of Object.entries(files)) writeFileSync((env[name] = join(temp, file)), '');
  const values = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...inputs };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
      const [scope, ...path] = expr.split('.');
      if (scope === 'inputs') return values[path[0]!] ?? '';
      if (scope === 'github' && path[0] === 'action_path') return REPO_ROOT;
      if (scope === 'runner' && path[0] === 'temp') return temp;
      if (scope === 'steps' && path[1] === 'outputs') return stepOutputs[path[0]!]?.[path[2]!] ?? '';
      throw new Error(`action.yml uses an expression this test does not know: ${expr}`);
    });
  const ran: { name: string; status: number | null; stdout: string; stderr: string }[] = [];
  const uploads: Record<string, string>[] = [];
  for (const step of action.runs.steps) {
    if (step.uses) {
      // The upload's only condition: the input, and a SARIF file written.
      expect(step.if).toBe("inputs.upload-sarif == 'true' && steps.check.outputs.sarif-file != ''");
      if (values['upload-sarif'] === 'true' && stepOutputs.check?.['sarif-file'])
        uploads.push(Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(v)])));
      continue;
    }
    expect([step.name, step.shell, step.if]).toEqual([step.name, 'bash', undefined]);
    const script = join(temp, `step-${ran.length}.sh`);
    writeFileSync(script, step.run!);
    writeFileSync(env.GITHUB_OUTPUT!, '');
    // The runner puts GITHUB_PATH's lines before PATH for the steps after the one that wrote them.
    const added = readFileSync(env.GITHUB_PATH!, 'utf8').split('\n').filter(Boolean).reverse();
    const stepEnv = {
      ...env,
      PATH: [...added, env.PATH].join(delimiter),
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
    };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: REPO_ROOT, env: stepEnv, encoding: 'utf8', timeout: 60_000 });
    ran.push({ name: step.name, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (step.id)
      stepOutputs[step.id] = Object.fromEntries(
        readFileSync(env.GITHUB_OUTPUT!, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
    if (r.status !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expand(v.value)]));
  return { ran, outputs, uploads, summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'), statuses: ran.map((s) => s.status) };
}

const AWS = '--snapshot fixtures/healthy-guide.yaml';

describe('action.yml (composite), its run steps as a runner runs them', () => {
  it('is a composite whose steps are bash or a pinned major of upload-sarif', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) expect(step.run ? step.shell : step.uses).toMatch(/^(bash|github\/codeql-action\/upload-sarif@v\d+)$/);
  });

  it('a healthy manifests path: every step exits 0, annotations in the log, exit-code 0', () => {
    const { ran, outputs, statuses, summary } = runAction({ manifests: 'deploy/rendered/cart.yaml', args: `-n retail-store-prod ${AWS}` });
    expect(statuses).toEqual([0, 0, 0]);
    expect(ran[0]!.stdout).toMatch(/^\d+\.\d+\.\d+/m);
    expect(ran[1]!.stdout).toContain('::notice title=cart-doctor::retail-store-prod/cart-deployment');
    expect(outputs).toEqual({ 'exit-code': '0', 'sarif-file': '' });
    expect(summary).toBe('**cart-doctor**: exit 0 — healthy\n');
  });

  it('broken manifests: the job fails by exit 1, with annotations on the file and line, and the SARIF is written and uploaded', () => {
    const { ran, outputs, statuses, uploads, summary } = runAction({ manifests: 'fixtures/manifests/cart-broken.yaml', args: AWS, 'upload-sarif': 'true' });
    expect(statuses).toEqual([0, 0, 1]);
    expect(ran[1]!.stdout).toMatch(/^::error file=fixtures\/manifests\/cart-broken\.yaml,line=\d+/m);
    expect(outputs['exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect([sarif.version, sarif.runs[0]!.results.length > 0]).toEqual(['2.1.0', true]);
    expect(uploads).toEqual([{ sarif_file: outputs['sarif-file'], category: 'cart-doctor' }]);
    expect(summary).toBe('**cart-doctor**: exit 1 — a link is broken\n');
  });

  it('a render command is piped to -f -, and a sarif-file without upload is only written', () => {
    const sarifFile = join(mkdtempSync(join(tmpdir(), 'cd-sarif-')), 'out.sarif');
    const { outputs, statuses, uploads } = runAction({ 'render-command': 'cat deploy/rendered/cart.yaml', args: AWS, 'sarif-file': sarifFile, output: 'json' });
    expect(statuses).toEqual([0, 0, 0]);
    expect(outputs).toEqual({ 'exit-code': '0', 'sarif-file': sarifFile });
    expect(existsSync(sarifFile)).toBe(true);
    expect(uploads).toEqual([]);
  });

  it('a failing render command or no input is exit 3 with one error annotation, nothing checked', () => {
    for (const inputs of [{ 'render-command': 'echo "no chart" >&2; exit 4' }, {}] as Record<string, string>[]) {
      const { ran, outputs, statuses } = runAction(inputs);
      expect(statuses).toEqual([0, 0, 3]);
      expect(outputs['exit-code']).toBe('3');
      expect(ran[1]!.stdout).toMatch(/^::error title=cart-doctor::(render-command failed \(exit 4\)|give manifests)/);
    }
  });

  it('inputs are data, never code: a hostile args value is passed as arguments, not run', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'cd-inject-')), 'pwned');
    const { outputs } = runAction({ manifests: 'deploy/rendered/cart.yaml', args: `$(touch ${marker}) \`touch ${marker}\`` });
    expect(outputs['exit-code']).toBe('3');
    expect(existsSync(marker)).toBe(false);
  });
});
