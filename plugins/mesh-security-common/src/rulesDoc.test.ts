import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RULE_CATALOG } from './ruleCatalog';

// docs/rules.md is generated from RULE_CATALOG by scripts/generate-rules-doc.mjs
// (`yarn docs:rules`); these tests fail as soon as the committed copy is stale.
const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/generate-rules-doc.mjs');

function generator(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('docs/rules.md', () => {
  it('is what `yarn docs:rules` generates from the catalog', () => {
    const result = generator('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('lists every rule of the catalog with its severity, and a stale copy fails the check', () => {
    const { stdout, status } = generator('--stdout');
    expect(status).toBe(0);
    for (const [rule, { severity }] of Object.entries(RULE_CATALOG)) {
      expect(stdout).toMatch(
        new RegExp(`^\\| \`${rule}\` +\\| ${severity} +\\|`, 'm'),
      );
    }

    const dir = mkdtempSync(join(tmpdir(), 'mesh-security-rules-doc-'));
    try {
      const stale = join(dir, 'rules.md');
      const withoutOneRule = stdout.replace(/^\| `mtls-disabled` .*\n/m, '');
      expect(withoutOneRule).not.toBe(stdout);
      writeFileSync(stale, withoutOneRule);
      const check = generator('--check', '--doc', stale);
      expect(check.status).toBe(1);
      expect(check.stderr).toContain('Run: yarn docs:rules');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
