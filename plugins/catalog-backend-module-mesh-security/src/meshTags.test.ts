import { makeValidator } from '@backstage/catalog-model';
import {
  ALL_MESH_TAGS,
  MESH_TAG_FAMILIES,
  type MeshTagInput,
  mergeTags,
  meshTags,
  sanitizeTagPrefix,
} from './meshTags';

const validator = makeValidator();
const allFamilies = { prefix: '', families: new Set(MESH_TAG_FAMILIES) };

function input(
  mtlsMode: MeshTagInput['mtlsMode'],
  findings: MeshTagInput['findingsBySeverity'] = {},
): MeshTagInput {
  return { mtlsMode, findingsBySeverity: findings };
}

describe('meshTags', () => {
  it.each([
    ['STRICT', 'mtls:strict'],
    ['PERMISSIVE', 'mtls:permissive'],
    ['DISABLE', 'mtls:disabled'],
    ['MIXED', 'mtls:mixed'],
    ['NONE', 'mesh:none'],
  ] as const)('%s → %s', (mode, tag) => {
    expect(meshTags(input(mode), allFamilies)).toEqual([tag]);
  });

  it('emits nothing about the mode when no workload matched', () => {
    expect(meshTags(input(null), allFamilies)).toEqual([]);
  });

  it('adds finding tags for critical and high findings only', () => {
    expect(
      meshTags(
        input('PERMISSIVE', { critical: 2, high: 1, medium: 5 }),
        allFamilies,
      ),
    ).toEqual([
      'mtls:permissive',
      'mesh-finding:critical',
      'mesh-finding:high',
    ]);
    expect(
      meshTags(input('STRICT', { medium: 3, low: 1 }), allFamilies),
    ).toEqual(['mtls:strict']);
  });

  it('names each cluster a critical or high finding was found in', () => {
    expect(
      meshTags(
        {
          ...input('STRICT', { high: 2 }),
          findingClusters: ['Prod EU', 'prod-us', 'prod-us'],
        },
        allFamilies,
      ),
    ).toEqual([
      'mtls:strict',
      'mesh-finding:high',
      'mesh-finding-cluster:prod-eu',
      'mesh-finding-cluster:prod-us',
    ]);
  });

  it('marks findings of a posture computed without some lists as unknown', () => {
    expect(
      meshTags(
        {
          mtlsMode: 'STRICT',
          findingsBySeverity: { high: 1 },
          unknownKinds: ['AuthorizationPolicy'],
        },
        allFamilies,
      ),
    ).toEqual(['mtls:strict', 'mesh-finding:high', 'mesh-finding:unknown']);
    expect(
      meshTags({ ...input('STRICT'), unknownKinds: [] }, allFamilies),
    ).toEqual(['mtls:strict']);
  });

  it('emits only the allowed families', () => {
    const legacy = input('NONE', { high: 1 });
    expect(
      meshTags(legacy, { prefix: '', families: new Set(['mtls'] as const) }),
    ).toEqual([]);
    expect(
      meshTags(legacy, {
        prefix: '',
        families: new Set(['mesh-finding'] as const),
      }),
    ).toEqual(['mesh-finding:high']);
  });

  it.each(['', 'mesh-', 'acme:', 'team+ops#1-'])(
    'every tag is valid for the catalog with prefix %j',
    prefix => {
      const tags = meshTags(input('STRICT', { critical: 1, high: 1 }), {
        prefix,
        families: new Set(MESH_TAG_FAMILIES),
      });
      expect(tags).toHaveLength(3);
      for (const tag of tags) {
        expect(tag.startsWith(prefix)).toBe(true);
        expect(validator.isValidTag(tag)).toBe(true);
      }
      for (const tag of ALL_MESH_TAGS) {
        expect(validator.isValidTag(prefix + tag)).toBe(true);
      }
    },
  );

  it('drops tags a prefix makes longer than 63 characters', () => {
    const prefix = `${'a'.repeat(45)}-`; // 46 + 'mtls:strict' (11) fits, + 'mesh-finding:critical' (21) does not
    const tags = meshTags(input('STRICT', { critical: 1 }), {
      prefix,
      families: new Set(MESH_TAG_FAMILIES),
    });
    expect(tags).toEqual([`${prefix}mtls:strict`]);
    expect(tags.every(tag => validator.isValidTag(tag))).toBe(true);
  });
});

describe('sanitizeTagPrefix', () => {
  it.each([
    ['', ''],
    ['mesh-', 'mesh-'],
    ['Team A/', 'team-a-'],
    ['  --Платформа__Ops  ', 'ops-'],
    ['a--b', 'a-b'],
    ['acme:', 'acme:'],
  ])('%j → %j', (raw, sanitized) => {
    expect(sanitizeTagPrefix(raw)).toBe(sanitized);
  });

  it('yields prefixes whose tags the catalog accepts', () => {
    for (const raw of ['Team A/', '!!!', 'X_Y.Z-', '#1 team']) {
      const prefix = sanitizeTagPrefix(raw);
      for (const tag of ALL_MESH_TAGS) {
        expect(validator.isValidTag(prefix + tag)).toBe(true);
      }
    }
  });
});

describe('mergeTags', () => {
  it('appends new tags after the author tags, without duplicates', () => {
    expect(
      mergeTags(
        ['java', 'mtls:strict'],
        ['mtls:strict', 'mesh-finding:high', 'mesh-finding:high'],
      ),
    ).toEqual(['java', 'mtls:strict', 'mesh-finding:high']);
  });

  it('never removes or reorders author tags', () => {
    expect(mergeTags(['b', 'a', 'mtls:disabled'], ['mtls:strict'])).toEqual([
      'b',
      'a',
      'mtls:disabled',
      'mtls:strict',
    ]);
    expect(mergeTags(['b', 'a'], [])).toEqual(['b', 'a']);
  });
});
