import type { Dataplane } from '@mesh-security/plugin-mesh-security-common';
import { makeStyles } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import GrainIcon from '@material-ui/icons/Grain';

const DATAPLANES: Record<
  Dataplane,
  { label: string; description: string; Icon: typeof BlockIcon }
> = {
  sidecar: {
    label: 'sidecar',
    description: 'In the mesh: each pod runs an Envoy sidecar.',
    Icon: CallSplitIcon,
  },
  ambient: {
    label: 'ambient',
    description: 'In the mesh: traffic goes through the node’s ztunnel.',
    Icon: GrainIcon,
  },
  none: {
    label: 'none',
    description: 'Outside the mesh: no proxy, traffic is plaintext.',
    Icon: BlockIcon,
  },
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  icon: { fontSize: '1.1em' },
  none: { color: theme.palette.error.main },
}));

/** How the workload joins the mesh: sidecar, ambient or none. */
export function DataplaneStatus(props: { dataplane: Dataplane }) {
  const classes = useStyles();
  const { label, description, Icon } = DATAPLANES[props.dataplane];
  return (
    <span className={classes.root} title={description}>
      <Icon
        aria-hidden
        className={`${classes.icon} ${
          props.dataplane === 'none' ? classes.none : ''
        }`}
      />
      <span>{label}</span>
    </span>
  );
}

export function dataplaneDescription(dataplane: Dataplane): string {
  return DATAPLANES[dataplane].description;
}
