import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { WorkloadEntity } from '@mesh-security/plugin-mesh-security-common';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';

/** A workload's catalog entity and its owners, or nothing when no entity matches it. */
export function WorkloadEntityLink(props: { entity?: WorkloadEntity }) {
  const { entity } = props;
  if (!entity) return null;
  return (
    <Typography variant="body2" component="span" color="textSecondary">
      {' '}
      (<EntityRefLink entityRef={entity.entityRef} title={entity.title} />
      {entity.owners.length > 0 && (
        <>
          , owned by{' '}
          {entity.owners.map((owner, i) => (
            <Fragment key={owner}>
              {i > 0 && ', '}
              <EntityRefLink entityRef={owner} defaultKind="group" />
            </Fragment>
          ))}
        </>
      )}
      )
    </Typography>
  );
}
