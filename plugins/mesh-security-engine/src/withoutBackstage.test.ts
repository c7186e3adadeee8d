import fs from 'node:fs';
import path from 'node:path';

// The engine must run where Backstage is not installed (the CLI, CI jobs):
// neither its declared dependencies nor its sources may reach for it.
const root = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [full]
      : [];
  });
}

describe('the engine package', () => {
  it('declares no @backstage dependency', () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
    );
    const runtime = Object.keys({
      ...pkg.dependencies,
      ...pkg.peerDependencies,
    });
    expect(runtime.filter(name => name.startsWith('@backstage/'))).toEqual([]);
  });

  it('imports nothing of Backstage from its sources', () => {
    const offenders = sourceFiles(path.join(root, 'src')).filter(file =>
      /from '@backstage\/|require\('@backstage\//.test(
        fs.readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders.map(f => path.relative(root, f))).toEqual([]);
  });
});
