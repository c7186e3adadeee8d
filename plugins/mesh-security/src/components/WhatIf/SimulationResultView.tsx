import type {
  ClusterSimulation,
  Finding,
  WorkloadModeView,
} from '@mesh-security/plugin-mesh-security-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { SeverityChip } from '../Status';
import { FlowChangeList } from './FlowChangeList';
import { SimulationVerdict } from './SimulationVerdict';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(2),
  },
  list: { margin: 0, paddingLeft: 16 },
  finding: { display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' },
}));

function describeMode(view: WorkloadModeView | null): string {
  if (!view) return 'absent';
  return `${view.mtlsMode}, ${view.stance}`;
}

function FindingChanges(props: { title: string; findings: Finding[] }) {
  const classes = useStyles();
  if (props.findings.length === 0) return null;
  return (
    <section aria-label={props.title}>
      <Typography variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      <ul className={classes.list}>
        {props.findings.map(f => (
          <li key={`${f.rule}:${f.subject}:${f.port ?? ''}`}>
            <span className={classes.finding}>
              <SeverityChip severity={f.severity} />
              <Typography variant="body2" component="span">
                {f.rule} · {f.subject}
              </Typography>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What a change would do in one cluster: the verdict, then flows, workloads and findings that differ. */
export function SimulationResultView(props: {
  simulation: ClusterSimulation;
  /** shown when the change was simulated in more than one cluster */
  showCluster?: boolean;
}) {
  const classes = useStyles();
  const s = props.simulation;
  const nothing =
    s.workloads.length === 0 &&
    s.findingsAdded.length === 0 &&
    s.findingsRemoved.length === 0 &&
    s.flows.length === 0;
  return (
    <div
      className={classes.root}
      data-testid={`simulation-${s.cluster}`}
      aria-label={`Simulation in cluster ${s.cluster}`}
      role="region"
    >
      {props.showCluster && (
        <Typography variant="subtitle1" component="h3">
          Cluster {s.cluster}
        </Typography>
      )}
      <SimulationVerdict simulation={s} />
      {s.unknownKinds && (
        <Alert severity="warning">
          Some lists of this cluster could not be read (
          {s.unknownKinds.join(', ')}): what depends on them is not judged.
        </Alert>
      )}
      <FlowChangeList flows={s.flows} />
      {s.workloads.length > 0 && (
        <section aria-label="Workloads that change">
          <Typography variant="subtitle2" component="h4">
            Workloads that change
          </Typography>
          <ul className={classes.list}>
            {s.workloads.map(w => (
              <li key={w.workload}>
                <Typography variant="body2">
                  {w.workload}: {describeMode(w.before)} →{' '}
                  {describeMode(w.after)}
                </Typography>
              </li>
            ))}
          </ul>
        </section>
      )}
      <FindingChanges title="Findings cleared" findings={s.findingsRemoved} />
      <FindingChanges title="Findings added" findings={s.findingsAdded} />
      {nothing && (
        <Typography variant="body2">
          No posture, finding or observed flow would change.
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary">
        Against the objects and traffic read at {s.evaluatedAt}; changed:{' '}
        {s.changed.join(', ')}.
      </Typography>
    </div>
  );
}
