/**
 * @jest-environment node
 */
import { loadConfigSchema } from '@backstage/config-loader';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// docs/configuration.md and docs/api.md are written by hand; these tests name
// every config key and route the code has that the docs do not.
const ROOT = resolve(__dirname, '../../..');
const doc = (name: string) => readFileSync(join(ROOT, 'docs', name), 'utf8');

/** Packages whose package.json names a config.d.ts (`configSchema`). */
function schemaPackages(): string[] {
  return readdirSync(join(ROOT, 'plugins'))
    .map(dir => join(ROOT, 'plugins', dir, 'package.json'))
    .filter(path => {
      try {
        return Boolean(JSON.parse(readFileSync(path, 'utf8')).configSchema);
      } catch {
        return false;
      }
    });
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
};

/** Documented paths: objects are walked, arrays of objects as `[]`, anything else is a key. */
function keyPaths(schema: JsonSchema, path: string): string[] {
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, child]) =>
      keyPaths(child, `${path}.${key}`),
    );
  }
  if (schema.type === 'array' && schema.items?.properties) {
    return keyPaths(schema.items, `${path}[]`);
  }
  return [path];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('docs/configuration.md', () => {
  it('documents every meshSecurity key of the config.d.ts files', async () => {
    const packages = schemaPackages();
    expect(packages.length).toBeGreaterThanOrEqual(3);
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths: packages,
      excludePackageDependencies: true,
    });
    const { schemas } = schema.serialize() as {
      schemas: Array<{ value: JsonSchema }>;
    };
    const keys = [
      ...new Set(
        schemas.flatMap(({ value }) => {
          const meshSecurity = value.properties?.meshSecurity;
          return meshSecurity ? keyPaths(meshSecurity, 'meshSecurity') : [];
        }),
      ),
    ];
    expect(keys).toContain('meshSecurity.links.kiali');
    const text = doc('configuration.md');
    expect(keys.filter(key => !text.includes(`\`${key}\``))).toEqual([]);
  }, 120_000);
});

describe('docs/api.md', () => {
  it('documents every route of the backend', () => {
    const routes = sourceFiles(
      join(ROOT, 'plugins/mesh-security-backend/src'),
    ).flatMap(file =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /router\.(get|post|put|patch|delete)\(\s*'([^']+)'/g,
        ),
      ].map(([, method, path]) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toContain('GET /entities/:namespace/:kind/:name');
    const text = doc('api.md');
    expect(routes.filter(route => !text.includes(`\`${route}\``))).toEqual([]);
  });
});
