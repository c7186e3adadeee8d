import { hasKubernetesWorkloadAnnotations } from './kubernetesAnnotations';
import { parseRef } from './parseRef';

describe('hasKubernetesWorkloadAnnotations', () => {
  it.each([
    [{ 'backstage.io/kubernetes-id': 'payment-service' }, true],
    [{ 'backstage.io/kubernetes-label-selector': 'app=payments' }, true],
    [{ 'backstage.io/kubernetes-id': '  ' }, false],
    [{ 'backstage.io/kubernetes-namespace': 'payments' }, false],
    [undefined, false],
  ])('%j → %s', (annotations, expected) => {
    expect(
      hasKubernetesWorkloadAnnotations({ metadata: { annotations } }),
    ).toBe(expected);
  });
});

describe('parseRef', () => {
  it('parses full and short refs', () => {
    expect(parseRef('component:payments/payment-service')).toEqual({
      kind: 'component',
      namespace: 'payments',
      name: 'payment-service',
    });
    expect(parseRef('Component:x')).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'x',
    });
    expect(parseRef('team-a', { kind: 'group' })).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'team-a',
    });
  });

  it.each(['', 'a:b:c', 'a/b/c', 'component:', 'x'])('rejects %j', ref => {
    expect(() => parseRef(ref)).toThrow(/Invalid entity ref/);
  });
});
