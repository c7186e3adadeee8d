import { componentEntity } from './__fixtures__/entities';
import { isMeshSecurityAvailable } from './isMeshSecurityAvailable';

describe('isMeshSecurityAvailable', () => {
  it('is true with backstage.io/kubernetes-id', () => {
    expect(isMeshSecurityAvailable(componentEntity('a', 't'))).toBe(true);
  });
  it('is true with backstage.io/kubernetes-label-selector', () => {
    expect(
      isMeshSecurityAvailable(
        componentEntity('a', 't', {
          'backstage.io/kubernetes-label-selector': 'app=a',
        }),
      ),
    ).toBe(true);
  });
  it('is false without annotations, or with blank values', () => {
    expect(isMeshSecurityAvailable(componentEntity('a', 't', {}))).toBe(false);
    expect(
      isMeshSecurityAvailable(
        componentEntity('a', 't', { 'backstage.io/kubernetes-id': '  ' }),
      ),
    ).toBe(false);
    const { annotations, ...metadata } = componentEntity('a', 't').metadata;
    expect(
      isMeshSecurityAvailable({ ...componentEntity('a', 't'), metadata }),
    ).toBe(false);
  });
});
