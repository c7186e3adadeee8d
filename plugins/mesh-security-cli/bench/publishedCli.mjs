/**
 * The CLI as an installed package runs it: its built dist/ on the built dist/
 * of the packages it depends on, without the TypeScript transform that
 * bin/mesh-security uses in this repository (whose start-up and compiler
 * would be measured instead). Arguments as for bin/mesh-security.
 */
import { createRequire } from 'node:module';
import { useBuiltPackages } from './builtPackages.mjs';

useBuiltPackages([
  '@mesh-security/plugin-mesh-security-common',
  '@mesh-security/mesh-security-engine',
  '@mesh-security/cli',
]);
createRequire(import.meta.url)('@mesh-security/cli');
