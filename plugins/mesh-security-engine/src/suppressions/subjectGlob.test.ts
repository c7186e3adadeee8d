import { subjectGlobProblem, subjectMatcher } from './subjectGlob';

describe('subject globs', () => {
  it.each([
    ['shop/web', 'shop/web', true],
    ['shop/web', 'shop/web2', false],
    ['shop/*', 'shop/web', true],
    ['shop/*', 'shop/', true],
    ['shop/*', 'shopping/web', false],
    ['*/web', 'shop/web', true],
    ['*/web', '/web', true],
    ['*/*', 'shop/web', true],
    ['*/*', '/shop', true],
    ['shop-*/web', 'shop-eu/web', true],
    ['shop-*/web', 'shop/web', false],
    ['shop/web-*-v2', 'shop/web-a-b-v2', true],
    ['shop/web-*-v2', 'shop/web-v2', false],
    ['/legacy', '/legacy', true],
    ['/legacy', 'legacy/legacy', false],
    ['/*', '/legacy', true],
    ['/*', 'shop/web', false],
    // "." is a literal, not "any character"
    ['shop/a.b', 'shop/axb', false],
    ['shop/a.b', 'shop/a.b', true],
  ])('%s against %s: %s', (glob, subject, expected) => {
    expect(subjectGlobProblem(glob)).toBeUndefined();
    expect(subjectMatcher(glob)(subject)).toBe(expected);
  });

  it('never lets "*" cross the "/" between namespace and name', () => {
    // a subject never has two slashes; a crafted one must still not match
    expect(subjectMatcher('shop/*')('shop/a/b')).toBe(false);
    expect(subjectMatcher('*/web')('a/b/web')).toBe(false);
  });

  it.each([
    '*',
    'web',
    'a/b/c',
    'shop/',
    '',
    '**/web',
    'shop/we?b',
    'Shop/web',
  ])('refuses %j', glob => {
    expect(subjectGlobProblem(glob)).toEqual(expect.any(String));
  });
});
