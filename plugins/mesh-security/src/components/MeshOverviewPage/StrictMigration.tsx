import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { StrictMigration as StrictMigrationData } from '@mesh-security/plugin-mesh-security-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { responseMessage } from '../WhatIf/responseMessage';
import { StrictMigrationNamespace } from './StrictMigrationNamespace';

/** The STRICT migration for data already loaded. */
export function StrictMigrationView(props: { migration: StrictMigrationData }) {
  const { migration } = props;
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
      {migration.namespaces.map(n => (
        <StrictMigrationNamespace
          key={`${n.cluster}/${n.namespace}`}
          step={n}
          showCluster={clusters > 1}
        />
      ))}
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
