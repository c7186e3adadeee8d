import { EmptyState } from '@backstage/core-components';

/** The annotation is there but no pod carries the label (or the cluster was not read). */
export function NoMatchingWorkloads(props: { entityName: string }) {
  return (
    <EmptyState
      missing="data"
      title="No workloads matched"
      description={`No pod in the clusters we read carries the labels that ${props.entityName}'s Kubernetes annotations select. Check the label on the pods, or the data-source warnings above.`}
    />
  );
}
