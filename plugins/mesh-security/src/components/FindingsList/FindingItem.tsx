import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { memo } from 'react';
import { SeverityChip } from '../Status';
import { Remediation } from './Remediation';

/** One finding: severity, what and why, whom it concerns, how to fix it. */
export const FindingItem = memo(function FindingItemView(props: {
  finding: Finding;
}) {
  const f = props.finding;
  const callers = f.detail?.callers ?? [];
  return (
    <Box
      component="article"
      py={1.5}
      aria-label={`${f.severity} finding ${f.rule}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <SeverityChip severity={f.severity} />
        <Typography variant="subtitle2" component="h4">
          {f.rule}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {f.subject}
          {f.port !== undefined ? ` · port ${f.port}` : ''}
        </Typography>
      </Box>
      <Typography variant="body2" style={{ marginTop: 4 }}>
        {f.reason}
      </Typography>
      {callers.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Callers: {callers.join(', ')}
        </Typography>
      )}
      {f.remediation && (
        <Remediation
          yaml={f.remediation}
          what={`${f.rule} on ${f.subject}`}
          folded
        />
      )}
    </Box>
  );
});
