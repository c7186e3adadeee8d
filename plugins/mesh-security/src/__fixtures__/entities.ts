/** Catalog entities of the reference scenario, as the demo catalog declares them. */
import type { Entity } from '@backstage/catalog-model';

export function componentEntity(
  name: string,
  owner: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner, system: 'shop' },
  };
}

export const paymentServiceEntity = componentEntity(
  'payment-service',
  'commerce-team',
);
export const legacyServiceEntity = componentEntity(
  'legacy-service',
  'commerce-team',
);
export const notificationSvcEntity = componentEntity(
  'notification-svc',
  'comms-team',
);
export const apiGatewayEntity = componentEntity('api-gateway', 'platform-team');
export const retoolEntity = componentEntity('retool', 'internal-tools-team');
/** A component that says nothing about Kubernetes. */
export const unannotatedEntity = componentEntity(
  'docs-site',
  'platform-team',
  {},
);
