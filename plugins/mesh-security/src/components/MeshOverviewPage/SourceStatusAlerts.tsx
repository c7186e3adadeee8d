import { Fragment } from 'react';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import { StatusKind, StatusLabel } from '../TeamScorecard';

const STATE_TEXT: Record<SourceStatus['state'], string> = {
  ok: 'up to date',
  partial: 'partly read',
  stale: 'stale',
  error: 'failed',
};

const STATE_STATUS: Record<SourceStatus['state'], StatusKind> = {
  ok: 'ok',
  partial: 'warning',
  stale: 'warning',
  error: 'error',
};

function formatTime(iso: string | undefined): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * When the data was computed and from which sources; a source that is not ok
 * gets an Alert, because a clean report from half the cluster is not clean.
 */
export function SourceStatusAlerts(props: {
  generatedAt: string;
  sources: SourceStatus[];
}) {
  const { generatedAt, sources } = props;
  const troubled = sources.filter(source => source.state !== 'ok');
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Typography variant="body2" component="div">
        Data computed {formatTime(generatedAt)} from{' '}
        {sources.length === 0 ? (
          <StatusLabel kind="error">no sources</StatusLabel>
        ) : (
          sources.map((source, i) => (
            <Fragment key={source.name}>
              {i > 0 && ', '}
              <StatusLabel
                kind={STATE_STATUS[source.state]}
                title={`last successful read: ${formatTime(
                  source.lastSuccessAt,
                )}`}
              >
                {source.name} ({STATE_TEXT[source.state]})
              </StatusLabel>
            </Fragment>
          ))
        )}
      </Typography>
      {sources.length === 0 && (
        <Alert severity="error">
          No data source is configured: nothing below can be trusted as "all
          clear".
        </Alert>
      )}
      {troubled.map(source => (
        <Alert
          key={source.name}
          severity={source.state === 'error' ? 'error' : 'warning'}
          data-testid={`source-alert-${source.name}`}
        >
          <AlertTitle>
            {source.name} is {STATE_TEXT[source.state]}
          </AlertTitle>
          {source.message && <div>{source.message}</div>}
          <div>Last successful read: {formatTime(source.lastSuccessAt)}</div>
          {source.warnings && source.warnings.length > 0 && (
            <ul>
              {source.warnings.map(warning => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </Alert>
      ))}
    </Box>
  );
}
