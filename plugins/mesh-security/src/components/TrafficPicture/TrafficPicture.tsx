import { InfoCard } from '@backstage/core-components';
import type { EntityWorkload } from '@mesh-security/plugin-mesh-security-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { formatMs, formatPercent, formatRate } from '../../format';
import { HealthStatus } from '../Status';
import { TrafficGraph } from './TrafficGraph';
import { TrafficTable } from './TrafficTable';

/** Graph above table of a workload's observed traffic; says so when metrics are missing. */
export function TrafficPicture(props: { workload: EntityWorkload }) {
  const w = props.workload;
  const name = `${w.namespace}/${w.name}`;
  const flows = useMemo(
    () => (w.traffic ? [...w.traffic.inbound, ...w.traffic.outbound] : []),
    [w.traffic],
  );
  if (!w.traffic) {
    return (
      <InfoCard title={`Traffic of ${name}`}>
        <Typography variant="body2">
          No traffic metrics: the backend has no Prometheus or metrics snapshot
          configured, or it did not answer. Posture above comes from cluster
          objects only.
        </Typography>
      </InfoCard>
    );
  }
  const t = w.traffic;
  return (
    <InfoCard
      title={`Traffic of ${name}`}
      subheader={
        <Typography variant="body2" component="span">
          Inbound {formatRate(t.rps)} · errors {formatPercent(t.errorShare)} ·
          p50 {formatMs(t.p50Ms)} · p99 {formatMs(t.p99Ms)} · mTLS{' '}
          {formatPercent(t.mtlsShare)} · health{' '}
          <HealthStatus health={t.health} />
        </Typography>
      }
    >
      {/* stacked, both full width: beside the graph the table's columns were cut off */}
      <TrafficGraph workload={name} traffic={t} />
      <div style={{ marginTop: 16 }}>
        <TrafficTable flows={flows} />
      </div>
    </InfoCard>
  );
}
