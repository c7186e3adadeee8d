import { CodeSnippet, CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A remediation manifest or patch with a labelled copy button. */
export function Remediation(props: { yaml: string; what: string }) {
  return (
    <Box mt={1}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="caption" color="textSecondary">
          Remediation (YAML)
        </Typography>
        <CopyTextButton
          text={props.yaml}
          aria-label={`Copy remediation for ${props.what}`}
          tooltipText="Remediation copied"
        />
      </Box>
      <CodeSnippet language="yaml" text={props.yaml} wrapLongLines />
    </Box>
  );
}
