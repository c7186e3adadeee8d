import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  STRICT_MIGRATION_MAX_PAGE,
  strictMigrationTotals,
  type StrictMigration as StrictMigrationData,
} from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { meshSecurityApiRef, MeshSecurityApi } from '../../api/MeshSecurityApi';
import { responseMessage } from '../WhatIf/responseMessage';
import { StrictMigrationNamespace } from './StrictMigrationNamespace';

/** namespaces shown at first, and added by each "show more" */
export const NAMESPACES_PER_PAGE = 20;
/** up to this many workloads in all, every namespace lists its workloads open */
export const WORKLOADS_OPEN_UP_TO = 50;

/**
 * The STRICT migration for data loaded so far. `loadMore`, when given, is
 * asked for the next namespaces once those loaded are all shown.
 */
export function StrictMigrationView(props: {
  migration: StrictMigrationData;
  loadMore?: () => void;
  loadingMore?: boolean;
  moreError?: Error;
}) {
  const { migration, loadMore, loadingMore, moreError } = props;
  const [shown, setShown] = useState(NAMESPACES_PER_PAGE);
  const totals =
    migration.totals ?? strictMigrationTotals(migration.namespaces);
  const visible = migration.namespaces.slice(0, shown);
  const hidden = totals.namespaces - visible.length;
  const showMore = () => {
    const next = shown + NAMESPACES_PER_PAGE;
    setShown(next);
    if (migration.namespaces.length < Math.min(next, totals.namespaces)) {
      loadMore?.();
    }
  };
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
        {totals.byState.ready} ready, {totals.byState.blocked} blocked,{' '}
        {totals.byState.strict} STRICT, {totals.byState['outside-mesh']} outside
        the mesh.
      </Typography>
      {visible.map(n => (
        <StrictMigrationNamespace
          key={`${n.cluster}/${n.namespace}`}
          step={n}
          showCluster={totals.clusters > 1}
          expanded={totals.workloads <= WORKLOADS_OPEN_UP_TO}
        />
      ))}
      {loadingMore && <Progress />}
      {moreError && (
        <Alert severity="error">
          More namespaces: {responseMessage(moreError)}
        </Alert>
      )}
      {hidden > 0 && !loadingMore && (
        <Button color="primary" onClick={showMore}>
          Show {Math.min(hidden, NAMESPACES_PER_PAGE)} more of {hidden}{' '}
          {hidden === 1 ? 'namespace' : 'namespaces'}
        </Button>
      )}
    </InfoCard>
  );
}

/**
 * `count` namespaces from `offset`, in requests the backend accepts, all of
 * one snapshot: read again from the start when a refresh came in between.
 */
async function readNamespaces(
  api: MeshSecurityApi,
  offset: number,
  count: number,
  attempts = 3,
): Promise<StrictMigrationData> {
  const getPage = (page: { offset: number; limit: number }) =>
    api.getStrictMigration!(page);
  const first = await getPage({
    offset,
    limit: Math.min(count, STRICT_MIGRATION_MAX_PAGE),
  });
  const namespaces = [...first.namespaces];
  const total = first.totals?.namespaces ?? 0;
  while (namespaces.length < count && offset + namespaces.length < total) {
    const next = await getPage({
      offset: offset + namespaces.length,
      limit: Math.min(count - namespaces.length, STRICT_MIGRATION_MAX_PAGE),
    });
    if (next.generatedAt !== first.generatedAt) {
      if (attempts > 1) return readNamespaces(api, offset, count, attempts - 1);
      break;
    }
    if (next.namespaces.length === 0) break;
    namespaces.push(...next.namespaces);
  }
  return { ...first, namespaces };
}

/**
 * Loads GET /overview/strict-migration a page of namespaces at a time;
 * absent when the API predates it. A backend that predates paging answers
 * every namespace at once.
 */
export function StrictMigration() {
  const api = useApi(meshSecurityApiRef);
  const [migration, setMigration] = useState<StrictMigrationData>();
  const first = useAsync(async () => {
    if (!api.getStrictMigration) return;
    setMigration(await readNamespaces(api, 0, NAMESPACES_PER_PAGE));
  }, [api]);
  const [more, loadMore] = useAsyncFn(async () => {
    if (!api.getStrictMigration || !migration) return;
    const loaded = migration.namespaces.length;
    const page = await readNamespaces(api, loaded, NAMESPACES_PER_PAGE);
    if (page.generatedAt === migration.generatedAt) {
      setMigration({
        ...page,
        namespaces: [...migration.namespaces, ...page.namespaces],
      });
    } else {
      // a refresh in between: the pages would not fit together, read them again
      setMigration(await readNamespaces(api, 0, loaded + NAMESPACES_PER_PAGE));
    }
  }, [api, migration]);
  if (!api.getStrictMigration) return null;
  if (first.loading) return <Progress />;
  if (first.error)
    return (
      <Alert severity="error">
        STRICT migration: {responseMessage(first.error)}
      </Alert>
    );
  if (!migration) return null;
  return (
    <StrictMigrationView
      migration={migration}
      loadMore={loadMore}
      loadingMore={more.loading}
      moreError={more.error}
    />
  );
}
