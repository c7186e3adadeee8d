import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { timeAgo } from '../../format';
import { StatusLabel, type StatusLevel } from '../Status';

const SOURCE_LEVEL: Record<SourceStatus['state'], StatusLevel> = {
  ok: 'ok',
  partial: 'warning',
  stale: 'warning',
  error: 'error',
};

function sourceProblem(source: SourceStatus, now: number): string | undefined {
  const last = source.lastSuccessAt
    ? `last successful read ${timeAgo(source.lastSuccessAt, now)}`
    : 'never read successfully';
  switch (source.state) {
    case 'partial':
      return `Partial data from ${source.name}: ${
        source.warnings?.join('; ') ||
        source.message ||
        'some objects could not be read'
      }.`;
    case 'stale':
      return `Data from ${source.name} is stale (${last})${
        source.message ? `: ${source.message}` : ''
      }.`;
    case 'error':
      return `${source.name} could not be read (${last})${
        source.message ? `: ${source.message}` : ''
      }.`;
    default:
      return undefined;
  }
}

/**
 * When the report was computed and from which sources, with a warning for
 * every source that was partial, stale or failing: a posture built on
 * missing data must never look like an all-clear.
 */
export function DataFreshness(props: {
  generatedAt: string;
  sources: SourceStatus[];
  now?: number;
}) {
  const now = props.now ?? Date.now();
  const problems = props.sources
    .map(source => ({ source, text: sourceProblem(source, now) }))
    .filter((p): p is { source: SourceStatus; text: string } => !!p.text);
  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="baseline"
        style={{ gap: 16 }}
      >
        <Typography variant="body2" title={props.generatedAt}>
          Generated {timeAgo(props.generatedAt, now)}
        </Typography>
        {props.sources.map(source => (
          <Typography variant="body2" component="span" key={source.name}>
            <StatusLabel
              level={SOURCE_LEVEL[source.state]}
              title={
                source.lastSuccessAt
                  ? `last successful read ${timeAgo(source.lastSuccessAt, now)}`
                  : undefined
              }
            >
              {source.name}: {source.state}
            </StatusLabel>
          </Typography>
        ))}
        {props.sources.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            no data sources reported
          </Typography>
        )}
      </Box>
      {problems.map(({ source, text }) => (
        <Box mt={1} key={source.name}>
          <Alert severity={source.state === 'error' ? 'error' : 'warning'}>
            {text}
          </Alert>
        </Box>
      ))}
    </Box>
  );
}
