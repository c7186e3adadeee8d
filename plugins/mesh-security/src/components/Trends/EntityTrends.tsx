import { InfoCard, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { TrendRows } from './TrendRows';
import type { TrendMetric } from './trendSeries';
import { isNotFound, usePostureHistory } from './usePostureHistory';

const METRICS: TrendMetric[] = ['mtlsShare', 'strictCoverage', 'findings'];
const DAYS = 30;

function EntityTrendBody(props: { entityRef: string; compact?: boolean }) {
  const { supported, value, loading, error } = usePostureHistory({
    scope: 'entity',
    ref: props.entityRef,
    days: DAYS,
  });
  if (!supported) return null;
  if (loading) return <Progress />;
  if (error) {
    // history turned off: nothing to show, and nothing wrong either
    if (isNotFound(error)) return null;
    return (
      <Typography variant="caption" color="textSecondary" role="status">
        Trend unavailable: {error.message}
      </Typography>
    );
  }
  if (!value) return null;
  if (value.points.length === 0) {
    return (
      <Typography variant="caption" color="textSecondary">
        No history yet: a point is recorded at every refresh.
      </Typography>
    );
  }
  return (
    <TrendRows history={value} metrics={METRICS} compact={props.compact} />
  );
}

/**
 * The entity's mTLS traffic share, STRICT coverage and findings over the last
 * 30 days: a card on the tab, a few small lines on the overview card.
 */
export function EntityTrends(props: {
  entityRef: string;
  variant?: 'card' | 'compact';
}) {
  if (props.variant === 'compact') {
    return (
      <section aria-label={`Trend over the last ${DAYS} days`}>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Last {DAYS} days
        </Typography>
        <EntityTrendBody entityRef={props.entityRef} compact />
      </section>
    );
  }
  return (
    <InfoCard title="Trend" subheader={`Last ${DAYS} days`}>
      <EntityTrendBody entityRef={props.entityRef} />
    </InfoCard>
  );
}
