// A brand-new Backstage app made by @backstage/create-app, with our packed
// packages added the way the README's "Installing in your Backstage" says.
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { run, userEnv } from './exec.mjs';

export const CREATE_APP = '@backstage/create-app@0.9.2';

/** Where the README tells users to put the tarballs, relative to the app. */
const VENDOR_DIR = 'mesh-security-packages';

// The tech-insights module is left out: a create-app app has no tech-insights
// backend, and a module whose plugin is missing never runs (the README says
// to install that plugin first).
const BACKEND_PACKAGES = [
  '@mesh-security/plugin-mesh-security-backend',
  '@mesh-security/plugin-catalog-backend-module-mesh-security',
];
const FRONTEND_PACKAGES = ['@mesh-security/plugin-mesh-security'];

/** Yarn settings for the fresh app: our cache folder, a lockfile it may write. */
export function appEnv(cacheDir) {
  return userEnv({
    YARN_ENABLE_GLOBAL_CACHE: 'false',
    YARN_CACHE_FOLDER: cacheDir,
    // CI=true makes yarn refuse to write a lockfile; a fresh app has none yet
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_PROGRESS_BARS: 'false',
    BROWSER: 'none',
  });
}

export async function createApp(appDir, env, { legacy = false } = {}) {
  const args = ['-y', CREATE_APP, '--path', appDir, '--skip-install'];
  // --legacy: the legacy frontend system, whose entity pages are code
  if (legacy) args.push('--legacy');
  await run('npx', args, {
    env: {
      ...env,
      BACKSTAGE_APP_NAME: 'mesh-install-test',
      // create-app only checks that some yarn runs; outside a project
      // corepack would otherwise look up the newest yarn first
      COREPACK_DEFAULT_TO_LATEST: '0',
    },
    timeoutMs: 300_000,
  });
}

// Install scripts the test does without. Native add-ons the app never loads
// while the test runs (tree-sitter: API docs parsing; ssh2/cpu-features:
// docker over ssh, both optional; keytar: a CLI credential store): their
// prebuilt binaries come from GitHub, which CI cannot reach, so yarn would
// compile each from source for minutes. @scarf/scarf only reports the
// install to its analytics service.
const UNUSED_BUILDS = [
  'tree-sitter',
  'tree-sitter-json',
  '@tree-sitter-grammars/tree-sitter-yaml',
  'ssh2',
  'cpu-features',
  'keytar',
  '@scarf/scarf',
];

/**
 * What a create-app app needs before it can start today, plus the test's
 * shortcuts for native add-ons. create-app 0.9.2 asks for
 * @backstage/backend-defaults ^0.18.0 but a fresh resolve brings
 * plugin-signals-backend 0.3.21, which needs 0.19's httpRouter
 * (addWebSocketHandler): the backend then never finishes starting. We take
 * this repository's backend range, as the README tells users to.
 */
export function prepareApp(appDir, repoRoot) {
  const backendPath = join(appDir, 'packages/backend/package.json');
  const backend = JSON.parse(readFileSync(backendPath, 'utf8'));
  const ours = JSON.parse(
    readFileSync(join(repoRoot, 'packages/backend/package.json'), 'utf8'),
  );
  backend.dependencies['@backstage/backend-defaults'] =
    ours.dependencies['@backstage/backend-defaults'];
  writeFileSync(backendPath, `${JSON.stringify(backend, null, 2)}\n`);

  const rootPath = join(appDir, 'package.json');
  const root = JSON.parse(readFileSync(rootPath, 'utf8'));
  root.dependenciesMeta ??= {};
  // better-sqlite3 is needed (the app's database); it is provided below
  for (const name of [...UNUSED_BUILDS, 'better-sqlite3']) {
    root.dependenciesMeta[name] = { built: false };
  }
  writeFileSync(rootPath, `${JSON.stringify(root, null, 2)}\n`);
}

/**
 * `yarn install`, then better-sqlite3's binary: the very file this
 * repository's install compiled when it is the same version (what the
 * prebuilt download would give a user), else compiled here.
 */
export async function installApp(appDir, repoRoot, env) {
  await run('yarn', ['install'], { cwd: appDir, env, timeoutMs: 900_000 });
  const target = join(appDir, 'node_modules/better-sqlite3');
  const source = join(repoRoot, 'node_modules/better-sqlite3');
  const binary = 'build/Release/better_sqlite3.node';
  const versionOf = dir =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (
    existsSync(join(source, binary)) &&
    versionOf(source) === versionOf(target)
  ) {
    mkdirSync(join(target, 'build/Release'), { recursive: true });
    copyFileSync(join(source, binary), join(target, binary));
    return 'better-sqlite3: copied';
  }
  await run(
    process.execPath,
    [
      join(appDir, 'node_modules/node-gyp/bin/node-gyp.js'),
      'rebuild',
      '--release',
    ],
    { cwd: target, env, timeoutMs: 600_000 },
  );
  return 'better-sqlite3: compiled';
}

/**
 * README steps: the tarballs into mesh-security-packages/, a `resolutions`
 * entry per package (so their dependencies on each other resolve to the
 * tarballs too), `yarn add` in packages/backend and packages/app, and
 * `backend.add(...)` per backend package. Discovery (`app.packages: all`,
 * which create-app writes) picks up the frontend plugin.
 */
export async function addOurPackages(appDir, plugins, tarballDir, env) {
  mkdirSync(join(appDir, VENDOR_DIR), { recursive: true });
  const rootManifestPath = join(appDir, 'package.json');
  const rootManifest = JSON.parse(readFileSync(rootManifestPath, 'utf8'));
  rootManifest.resolutions ??= {};
  for (const plugin of plugins) {
    copyFileSync(
      join(tarballDir, plugin.file),
      join(appDir, VENDOR_DIR, plugin.file),
    );
    rootManifest.resolutions[
      plugin.name
    ] = `file:./${VENDOR_DIR}/${plugin.file}`;
  }
  writeFileSync(rootManifestPath, `${JSON.stringify(rootManifest, null, 2)}\n`);

  const versionOf = name => {
    const plugin = plugins.find(p => p.name === name);
    if (!plugin) throw new Error(`${name} is not among the packed packages`);
    return `${name}@^${plugin.version}`;
  };
  await run(
    'yarn',
    ['--cwd', 'packages/backend', 'add', ...BACKEND_PACKAGES.map(versionOf)],
    { cwd: appDir, env, timeoutMs: 900_000 },
  );
  await run(
    'yarn',
    ['--cwd', 'packages/app', 'add', ...FRONTEND_PACKAGES.map(versionOf)],
    { cwd: appDir, env, timeoutMs: 900_000 },
  );

  const indexPath = join(appDir, 'packages/backend/src/index.ts');
  const index = readFileSync(indexPath, 'utf8');
  if (!index.includes('backend.start();')) {
    throw new Error(`${indexPath} has no backend.start(); line`);
  }
  const adds = BACKEND_PACKAGES.map(p => `backend.add(import('${p}'));`).join(
    '\n',
  );
  writeFileSync(
    indexPath,
    index.replace('backend.start();', `${adds}\n\nbackend.start();`),
  );
}

/**
 * Data without a cluster (the demo mesh's manifests and metrics snapshot),
 * the Kiali link template and one catalog entity annotated like a real one;
 * the ports go to app-config.local.yaml, which `yarn start` reads too.
 */
export function configureApp(appDir, { demoMeshDir, ports, kialiBase }) {
  cpSync(demoMeshDir, join(appDir, 'mesh'), { recursive: true });
  appendFileSync(
    join(appDir, 'app-config.yaml'),
    `
meshSecurity:
  kubernetes:
    enabled: false
  manifests:
    cluster: demo
    paths:
      - ../../mesh/manifests
  metrics:
    snapshotPath: ../../mesh/metrics-snapshot.json
  links:
    kiali: ${kialiBase}/namespaces/{namespace}/workloads/{workload}
`,
  );
  appendFileSync(
    join(appDir, 'examples/entities.yaml'),
    `
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payment-service
  annotations:
    backstage.io/kubernetes-id: payment-service
    backstage.io/kubernetes-namespace: payments
spec:
  type: service
  lifecycle: production
  owner: guests
`,
  );
  const app = `http://localhost:${ports.app}`;
  const backend = `http://localhost:${ports.backend}`;
  writeFileSync(
    join(appDir, 'app-config.local.yaml'),
    `app:
  baseUrl: ${app}
backend:
  baseUrl: ${backend}
  listen:
    port: ${ports.backend}
  cors:
    origin: ${app}
`,
  );
  return { appUrl: app, backendUrl: backend };
}

const ENTITY_PAGE = 'packages/app/src/components/catalog/EntityPage.tsx';

/**
 * The legacy frontend's tab, mounted as the plugin's README says: an
 * `EntityLayout.Route` on the service entity page. Fails loudly when the
 * template no longer has the page the README refers to.
 */
export function mountLegacyTab(appDir) {
  const file = join(appDir, ENTITY_PAGE);
  const page = readFileSync(file, 'utf8');
  const layout = /const serviceEntityPage = \(\s*<EntityLayout>\n/;
  if (!layout.test(page)) {
    throw new Error(
      `${ENTITY_PAGE}: no serviceEntityPage <EntityLayout> to mount the tab in`,
    );
  }
  const imports = `import {
  EntityMeshSecurityContent,
  isMeshSecurityAvailable,
} from '@mesh-security/plugin-mesh-security';
`;
  const route = `    <EntityLayout.Route
      path="/mtls"
      title="mTLS / Traffic"
      if={isMeshSecurityAvailable}
    >
      <EntityMeshSecurityContent />
    </EntityLayout.Route>
`;
  writeFileSync(file, imports + page.replace(layout, match => match + route));
}
