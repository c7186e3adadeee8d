import { nodeVersionSupported, unsupportedNodeMessage } from './nodeSupport';

describe('nodeVersionSupported', () => {
  it.each([
    ['v22.11.0', '22 || 24', true],
    ['v24.0.1', '22 || 24', true],
    ['v20.20.2', '22 || 24', false],
    ['v23.1.0', '22 || 24', false],
    ['v25.0.0', '>=22', true],
    ['v20.1.0', '>=22', false],
    ['22.3.0', '^22', true],
    ['v22.3.0', '22.x', true],
    ['garbage', '22 || 24', false],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(nodeVersionSupported(version, range)).toBe(expected);
  });

  it('says in one line what is needed', () => {
    expect(
      unsupportedNodeMessage('mesh-security', 'v20.20.2', '22 || 24'),
    ).toBe(
      'mesh-security needs Node.js 22 || 24 (package.json "engines"); this is Node.js v20.20.2.',
    );
    expect(
      unsupportedNodeMessage('mesh-security', 'v22.1.0', '22 || 24'),
    ).toBeUndefined();
  });
});
