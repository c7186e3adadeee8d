import fs from 'node:fs';
import path from 'node:path';

// The CLI runs offline in CI jobs: it must not pull in a Backstage backend.
describe('the CLI package', () => {
  it('depends on the engine and -common, never on -node or Backstage', () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8'),
    );
    const ours = Object.keys(pkg.dependencies).filter(
      name =>
        name.startsWith('@mesh-security/') || name.startsWith('@backstage/'),
    );
    expect(ours.sort()).toEqual([
      '@mesh-security/mesh-security-engine',
      '@mesh-security/plugin-mesh-security-common',
    ]);
  });
});
