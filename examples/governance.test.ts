/**
 * The governance sample (examples/governance): its folder parses, and its CI workflow runs only
 * `tfgrid` commands and options that the CLI accepts and the README documents.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseArgs } from '../cli/args';
import { governanceFlags } from '../cli/commands/dao-governance';
import { readGovernanceFolder } from '../engine/governance/folder';

const SAMPLE = path.join(__dirname, 'governance');
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

test('the sample folder holds two proposals and three farms that vote on both', () => {
  const folder = readGovernanceFolder(path.join(SAMPLE, 'governance'));
  expect(folder.proposals.map((p) => p.name)).toEqual(['certify-farm-1', 'tft-price-floor']);
  expect(folder.votes.map((v) => [v.farmId, v.votes.length])).toEqual([
    [1, 2],
    [2, 2],
    [3, 2],
  ]);
});

test('the workflow plans on pull requests, applies on merge, and uses documented commands', () => {
  const workflow = parse(
    fs.readFileSync(path.join(SAMPLE, '.github', 'workflows', 'governance.yml'), 'utf8'),
  );
  expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
  const steps = Object.values(
    workflow.jobs as Record<string, { steps: { run?: string; env?: object }[] }>,
  ).flatMap((j) => j.steps);
  const commands = steps.filter((s) => s.run?.includes('tfgrid'));
  expect(commands.map((s) => /tfgrid dao (\w+)/.exec(s.run!)![1])).toEqual(['plan', 'apply']);
  for (const step of commands) {
    expect(step.env).toEqual({ TFGRID_MNEMONIC: '${{ secrets.TFGRID_COUNCIL_MNEMONIC }}' });
    const argv = step
      .run!.replace(/^npx tfgrid dao /, '')
      .split('>')[0]
      .trim()
      .split(/\s+/);
    // the CLI accepts it
    expect(() => parseArgs(argv.slice(1), governanceFlags)).not.toThrow();
    // the README documents the command and each option (--network is every grid command's)
    const row = README.split('\n').find(
      (l) => l.startsWith('| `tfgrid dao ') && l.includes(`${argv[0]} <folder>`),
    );
    expect(row).toBeDefined();
    for (const flag of argv.filter((a) => a.startsWith('--') && a !== '--network'))
      expect(row).toContain(flag);
  }
  expect(commands[0].run).toContain('--format markdown');
});
