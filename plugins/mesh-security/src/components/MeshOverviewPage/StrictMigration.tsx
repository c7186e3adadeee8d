import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { StrictMigration as StrictMigrationData } from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { responseMessage } from '../WhatIf/responseMessage';
import { StrictMigrationNamespace } from './StrictMigrationNamespace';

/** namespaces shown at first, and added by each "show more" */
export const NAMESPACES_PER_PAGE = 20;
/** up to this many workloads in all, every namespace lists its workloads open */
export const WORKLOADS_OPEN_UP_TO = 50;

/** The STRICT migration for data already loaded. */
export function StrictMigrationView(props: { migration: StrictMigrationData }) {
  const { migration } = props;
  const [shown, setShown] = useState(NAMESPACES_PER_PAGE);
  const workloads = migration.namespaces.reduce(
    (sum, n) => sum + n.workloads.length,
    0,
  );
  const hidden = migration.namespaces.length - shown;
  const clusters = new Set(migration.namespaces.map(n => n.cluster)).size;
  const count = (state: string) =>
    migration.namespaces.filter(n => n.state === state).length;
  return (
    <InfoCard
      title="STRICT migration"
      subheader="Per namespace: which workloads may require mTLS now, which plaintext callers hold the rest back, and the PeerAuthentication safe to apply."
    >
      {!migration.trafficJudged && (
        <Alert severity="info">
          No traffic metrics: no workload can be called ready, nor any caller
          blocking.
        </Alert>
      )}
      <Typography variant="body2" data-testid="strict-migration-summary">
        {count('ready')} ready, {count('blocked')} blocked, {count('strict')}{' '}
        STRICT, {count('outside-mesh')} outside the mesh.
      </Typography>
      {migration.namespaces.slice(0, shown).map(n => (
        <StrictMigrationNamespace
          key={`${n.cluster}/${n.namespace}`}
          step={n}
          showCluster={clusters > 1}
          expanded={workloads <= WORKLOADS_OPEN_UP_TO}
        />
      ))}
      {hidden > 0 && (
        <Button
          color="primary"
          onClick={() => setShown(shown + NAMESPACES_PER_PAGE)}
        >
          Show {Math.min(hidden, NAMESPACES_PER_PAGE)} more of {hidden}{' '}
          {hidden === 1 ? 'namespace' : 'namespaces'}
        </Button>
      )}
    </InfoCard>
  );
}

/** Loads GET /overview/strict-migration; absent when the API predates it. */
export function StrictMigration() {
  const api = useApi(meshSecurityApiRef);
  const { value, loading, error } = useAsync(
    async () => api.getStrictMigration?.(),
    [api],
  );
  if (!api.getStrictMigration) return null;
  if (loading) return <Progress />;
  if (error)
    return (
      <Alert severity="error">STRICT migration: {responseMessage(error)}</Alert>
    );
  if (!value) return null;
  return <StrictMigrationView migration={value} />;
}
