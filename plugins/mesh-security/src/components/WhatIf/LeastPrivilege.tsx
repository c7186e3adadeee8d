import type { AuthorizationProposalView } from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { Remediation } from '../FindingsList/Remediation';
import { FlowChangeList } from './FlowChangeList';
import { SimulationVerdict } from './SimulationVerdict';

const useStyles = makeStyles(theme => ({
  proposal: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
}));

/**
 * The least-privilege AuthorizationPolicy of each workload, from the callers
 * observed over the long window, with the simulation's verdict on it.
 */
export function LeastPrivilege(props: {
  proposals: AuthorizationProposalView[];
  /** loads a proposal into the change editor */
  onTry?: (yaml: string) => void;
}) {
  const classes = useStyles();
  if (props.proposals.length === 0)
    return (
      <Typography variant="body2" style={{ marginTop: 16 }}>
        No workload of this entity to propose a policy for.
      </Typography>
    );
  return (
    <>
      {props.proposals.map(p => (
        <section
          key={`${p.cluster}/${p.workload}`}
          className={classes.proposal}
          aria-label={`Least-privilege policy for ${p.workload}`}
        >
          <Typography variant="subtitle1" component="h3">
            Least privilege for {p.workload} (cluster {p.cluster})
          </Typography>
          <SimulationVerdict simulation={p.simulation} />
          <Typography variant="body2">
            Allows{' '}
            {[
              ...p.principals,
              ...p.namespaces.map(ns => `every workload of namespace ${ns}`),
            ].join(', ') || 'no caller: none was observed'}
            .
          </Typography>
          {p.unauthenticatedCallers.length > 0 && (
            <Alert severity="warning">
              Callers without an identity (plaintext), which no ALLOW rule by
              identity can admit: {p.unauthenticatedCallers.join(', ')}.
            </Alert>
          )}
          <FlowChangeList flows={p.simulation.flows} />
          <Remediation
            yaml={p.yaml}
            what={`the least-privilege policy of ${p.workload}`}
          />
          {props.onTry && (
            <div>
              <Button
                size="small"
                variant="outlined"
                onClick={() => props.onTry!(p.yaml)}
                aria-label={`Edit the least-privilege policy of ${p.workload} as a change`}
              >
                Edit as a change
              </Button>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
