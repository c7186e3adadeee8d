import { InputError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import { sourceRepository } from './sourceRepository';

const at = (location?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'x',
    annotations:
      location === undefined
        ? {}
        : { 'backstage.io/source-location': location },
  },
});

describe('sourceRepository', () => {
  it.each([
    [
      'a GitHub tree',
      'url:https://github.com/example-shop/notification-svc/tree/main/',
      {
        repoUrl: 'github.com?owner=example-shop&repo=notification-svc',
        targetBranch: 'main',
        repoPath: '',
      },
    ],
    [
      'a directory of a monorepo',
      'url:https://github.example.com/acme/mono/tree/release-1/services/pay/',
      {
        repoUrl: 'github.example.com?owner=acme&repo=mono',
        targetBranch: 'release-1',
        repoPath: 'services/pay',
      },
    ],
    [
      'a GitLab project in a subgroup',
      'url:https://gitlab.com/acme/platform/payments/-/tree/main/deploy',
      {
        repoUrl: 'gitlab.com?owner=acme%2Fplatform&repo=payments',
        targetBranch: 'main',
        repoPath: 'deploy',
      },
    ],
    [
      'a file: its directory',
      'url:https://github.com/acme/repo/blob/main/svc/catalog-info.yaml',
      {
        repoUrl: 'github.com?owner=acme&repo=repo',
        targetBranch: 'main',
        repoPath: 'svc',
      },
    ],
    [
      'a bare repository (the default branch)',
      'url:https://github.com/acme/repo.git',
      { repoUrl: 'github.com?owner=acme&repo=repo', repoPath: '' },
    ],
  ])('reads %s', (_, location, expected) => {
    expect(sourceRepository(at(location), 'component:default/x')).toEqual(
      expected,
    );
  });

  it.each([
    [undefined, 'has no backstage.io/source-location annotation'],
    ['  ', 'has no backstage.io/source-location annotation'],
    ['url:not a url', "is not a URL: 'url:not a url'"],
    ['url:file:///srv/repo', 'is not a web URL of a repository'],
    ['url:https://github.com/acme', 'names no owner/repository'],
  ])('refuses %p', (location, message) => {
    expect(() => sourceRepository(at(location), 'component:default/x')).toThrow(
      InputError,
    );
    expect(() => sourceRepository(at(location), 'component:default/x')).toThrow(
      message,
    );
  });
});
