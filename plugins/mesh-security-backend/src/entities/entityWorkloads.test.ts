import {
  component,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { findEntityWorkloads, workloadQueryForEntity } from './entityWorkloads';

const cluster = (
  name: string,
  workloads = report([
    workload('shop/order-service'),
    workload('shop/order-worker', {
      labels: {
        app: 'order',
        tier: 'worker',
        'backstage.io/kubernetes-id': 'order-service',
      },
    }),
    workload('staging/order-service'),
    workload('shop/user-service'),
  ]),
) => indexSnapshot('r', snapshot({ [name]: workloads })).clusters[0];

const names = (ws: Array<{ namespace: string; name: string }>) =>
  ws.map(w => `${w.namespace}/${w.name}`).sort();

describe('entity → workloads, as the Kubernetes plugin maps them', () => {
  it('matches the kubernetes-id label', () => {
    const query = workloadQueryForEntity(component('order-service'))!;
    expect(names(findEntityWorkloads(query, cluster('prod')))).toEqual([
      'shop/order-service',
      'shop/order-worker',
      'staging/order-service',
    ]);
  });

  it('prefers the label selector over the id', () => {
    const entity = component('order-service', {
      'backstage.io/kubernetes-id': 'order-service',
      'backstage.io/kubernetes-label-selector': 'app=order,tier in (worker)',
    });
    expect(
      names(
        findEntityWorkloads(workloadQueryForEntity(entity)!, cluster('prod')),
      ),
    ).toEqual(['shop/order-worker']);
  });

  it('scans when the selector has no equality to index on', () => {
    const entity = component('x', {
      'backstage.io/kubernetes-label-selector': 'tier,!canary',
    });
    expect(
      names(
        findEntityWorkloads(workloadQueryForEntity(entity)!, cluster('prod')),
      ),
    ).toEqual(['shop/order-worker']);
  });

  it('restricts to the namespace annotation', () => {
    const entity = component('order-service', {
      'backstage.io/kubernetes-id': 'order-service',
      'backstage.io/kubernetes-namespace': 'staging',
    });
    expect(
      names(
        findEntityWorkloads(workloadQueryForEntity(entity)!, cluster('prod')),
      ),
    ).toEqual(['staging/order-service']);
  });

  it('selects within the namespace whichever index is smaller', () => {
    const query = (selector: string, namespace: string) =>
      workloadQueryForEntity(
        component('x', {
          'backstage.io/kubernetes-label-selector': selector,
          'backstage.io/kubernetes-namespace': namespace,
        }),
      )!;
    const prod = cluster('prod');
    // no equality: the namespace's workloads, the selector applied to them
    expect(
      names(findEntityWorkloads(query('tier,!canary', 'shop'), prod)),
    ).toEqual(['shop/order-worker']);
    expect(findEntityWorkloads(query('tier,!canary', 'staging'), prod)).toEqual(
      [],
    );
    // an equality found in several namespaces: the namespace still decides
    expect(
      names(
        findEntityWorkloads(
          query(
            'backstage.io/kubernetes-id in (order-service, user-service)',
            'shop',
          ),
          prod,
        ),
      ),
    ).toEqual(['shop/order-service', 'shop/order-worker', 'shop/user-service']);
    expect(findEntityWorkloads(query('app=order', 'nowhere'), prod)).toEqual(
      [],
    );
  });

  it('restricts to the cluster annotation', () => {
    const entity = component('user-service', {
      'backstage.io/kubernetes-id': 'user-service',
      'backstage.io/kubernetes-cluster': 'dev',
    });
    const query = workloadQueryForEntity(entity)!;
    expect(findEntityWorkloads(query, cluster('prod'))).toEqual([]);
    expect(names(findEntityWorkloads(query, cluster('dev')))).toEqual([
      'shop/user-service',
    ]);
  });

  it('has no query for an entity without Kubernetes annotations', () => {
    const entity = component('docs', {});
    expect(workloadQueryForEntity(entity)).toBeUndefined();
  });

  it('throws for a selector the API server would reject', () => {
    const entity = component('x', {
      'backstage.io/kubernetes-label-selector': 'app in (a',
    });
    expect(() => workloadQueryForEntity(entity)).toThrow(
      /invalid label selector/,
    );
  });
});
