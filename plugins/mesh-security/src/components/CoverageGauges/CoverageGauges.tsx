import { Gauge, InfoCard } from '@backstage/core-components';
import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { formatPercent } from '../../format';

function CoverageGauge(props: {
  title: string;
  share: number | null;
  caption: string;
}) {
  return (
    <Grid item xs={12} sm={4}>
      <Box
        display="flex"
        flexDirection="column"
        alignItems="center"
        role="group"
        aria-label={`${props.title}: ${formatPercent(props.share)}`}
      >
        <Typography variant="subtitle2" component="h3">
          {props.title}
        </Typography>
        <Box width={120} my={1}>
          {props.share === null ? (
            <Typography variant="h4" component="p" align="center">
              —
            </Typography>
          ) : (
            <Gauge value={props.share} fractional size="small" />
          )}
        </Box>
        <Typography variant="caption" color="textSecondary" align="center">
          {props.caption}
        </Typography>
      </Box>
    </Grid>
  );
}

/** Meshed, STRICT and mTLS-by-traffic shares of the entity's workloads. */
export function CoverageGauges(props: { coverage: EntityPosture['coverage'] }) {
  const { workloads, meshed, strict, mtlsTrafficShare } = props.coverage;
  const share = (n: number) => (workloads > 0 ? n / workloads : null);
  return (
    <InfoCard title="Coverage">
      <Grid container spacing={2}>
        <CoverageGauge
          title="Meshed"
          share={share(meshed)}
          caption={`${meshed} of ${workloads} workloads have a proxy`}
        />
        <CoverageGauge
          title="STRICT"
          share={share(strict)}
          caption={`${strict} of ${workloads} workloads accept only mTLS`}
        />
        <CoverageGauge
          title="mTLS traffic"
          share={mtlsTrafficShare}
          caption={
            mtlsTrafficShare === null
              ? 'no inbound traffic observed'
              : `${formatPercent(
                  mtlsTrafficShare,
                )} of inbound requests used mTLS`
          }
        />
      </Grid>
    </InfoCard>
  );
}
