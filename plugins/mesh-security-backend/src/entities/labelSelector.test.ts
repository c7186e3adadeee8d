import {
  LabelSelectorSyntaxError,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

describe('parseLabelSelector', () => {
  it('parses every operator of the string form', () => {
    expect(
      parseLabelSelector('a=b, c!=d,e in (x, y),f notin (z),g,!h,i==j'),
    ).toEqual([
      { key: 'a', operator: 'in', values: ['b'] },
      { key: 'c', operator: 'notin', values: ['d'] },
      { key: 'e', operator: 'in', values: ['x', 'y'] },
      { key: 'f', operator: 'notin', values: ['z'] },
      { key: 'g', operator: 'exists' },
      { key: 'h', operator: 'doesnotexist' },
      { key: 'i', operator: 'in', values: ['j'] },
    ]);
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=shop,tier=')).toEqual([
      { key: 'app.kubernetes.io/name', operator: 'in', values: ['shop'] },
      { key: 'tier', operator: 'in', values: [''] },
    ]);
  });

  it('selects everything for an empty selector', () => {
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it.each([
    ['a=b,,c=d', 'empty requirement'],
    ['e in (x,y', 'unbalanced parentheses'],
    ['a=b c', 'not a valid label'],
    ['a=-b', 'not a valid label value'],
    ['-a=b', 'not a valid label key'],
  ])('rejects %s', (selector, why) => {
    expect(() => parseLabelSelector(selector)).toThrow(
      LabelSelectorSyntaxError,
    );
    expect(() => parseLabelSelector(selector)).toThrow(why);
  });
});

describe('matchesLabelSelector', () => {
  const labels = { app: 'shop', tier: 'web', env: 'prod' };
  it.each([
    ['app=shop', true],
    ['app=other', false],
    ['app!=other', true],
    ['missing!=x', true],
    ['tier in (web,api)', true],
    ['tier notin (web)', false],
    ['missing notin (web)', true],
    ['env', true],
    ['missing', false],
    ['!missing', true],
    ['!env', false],
    ['app=shop,env in (prod),!canary', true],
    ['app=shop,env=dev', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(
      expected,
    );
  });
});
