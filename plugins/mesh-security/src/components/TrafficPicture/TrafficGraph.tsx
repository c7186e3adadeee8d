import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import type { WorkloadTraffic } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import { memo, useMemo, useState } from 'react';
import { useNearViewport } from '../../hooks/useNearViewport';
import { useWhenIdle } from '../../hooks/useWhenIdle';

const renderNode = ({ node }: { node: TrafficNode }) => (
  <TrafficGraphNode node={node} />
);
const renderLabel = ({ edge }: { edge: TrafficEdge }) => (
  <TrafficGraphLabel edge={edge} />
);
import { flowSecurity } from './flowSecurity';
import {
  DEFAULT_GRAPH_EDGE_LIMIT,
  GRAPH_NODE_HEIGHT,
  GRAPH_NODE_MARGIN,
  trafficGraphHeight,
  trafficGraphModel,
  type TrafficEdge,
  type TrafficNode,
} from './trafficGraphModel';

const useStyles = makeStyles(theme => ({
  // block: an inline svg would add a line's descent below the reserved height
  graph: { width: '100%', display: 'block' },
  placeholder: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    border: `1px dashed ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    color: theme.palette.text.secondary,
  },
  node: {
    fill: theme.palette.background.paper,
    stroke: theme.palette.text.secondary,
    strokeWidth: 1,
  },
  selfNode: {
    fill: theme.palette.primary.main,
    stroke: theme.palette.primary.main,
  },
  nodeText: { fill: theme.palette.text.primary, fontSize: 13 },
  selfText: {
    fill: theme.palette.primary.contrastText,
    fontSize: 13,
    fontWeight: 600,
  },
  label: { fill: theme.palette.text.primary, fontSize: 12 },
  plaintext: { fill: theme.palette.error.main, fontWeight: 600 },
}));

const SECURITY_ICONS = {
  mtls: LockIcon,
  partial: LockIcon,
  plaintext: LockOpenIcon,
  unknown: HelpOutlineIcon,
};

const CHAR_WIDTH = 7.5;
/** average advance of the 12px label font; digits and "·" dominate labels */
const LABEL_CHAR_WIDTH = 6.6;
const LABEL_ICON_WIDTH = 17;

function labelWidth(text: string): number {
  return LABEL_ICON_WIDTH + text.length * LABEL_CHAR_WIDTH;
}

function TrafficGraphNode(props: { node: TrafficNode }) {
  const classes = useStyles();
  const { title, role } = props.node;
  const width = Math.round(title.length * CHAR_WIDTH + 24);
  const self = role === 'self';
  return (
    <g>
      <title>{`${role}: ${title}`}</title>
      <rect
        width={width}
        height={GRAPH_NODE_HEIGHT}
        rx={6}
        className={`${classes.node} ${self ? classes.selfNode : ''}`}
      />
      <text
        x={width / 2}
        y={GRAPH_NODE_HEIGHT / 2}
        textAnchor="middle"
        dominantBaseline="central"
        className={self ? classes.selfText : classes.nodeText}
      >
        {title}
      </text>
    </g>
  );
}

function TrafficGraphLabel(props: { edge: TrafficEdge }) {
  const classes = useStyles();
  const security = flowSecurity(props.edge.flow);
  const Icon = SECURITY_ICONS[security];
  const className = `${classes.label} ${
    security === 'plaintext' ? classes.plaintext : ''
  }`;
  // The graph places a label's origin at the middle of its edge; centring it
  // there keeps it off the arrowhead of the next node. The width is estimated
  // from the text: measuring each label forced a page layout and a second
  // render of every label.
  const shift = -Math.round(labelWidth(props.edge.label) / 2);
  return (
    <g data-security={security} transform={`translate(${shift},0)`}>
      {/* explicit size: the graph measures labels before every stylesheet applies */}
      <Icon
        x={0}
        y={-11}
        width={14}
        height={14}
        className={className}
        style={{ fontSize: 14, width: 14, height: 14 }}
        aria-hidden
      />
      <text x={17} y={0} className={className}>
        {props.edge.label}
      </text>
    </g>
  );
}

type GraphModel = ReturnType<typeof trafficGraphModel>;

/**
 * The DependencyGraph itself. Memoized: once mounted it re-renders only for a
 * new model, never for state elsewhere on the page (the table's sorting and
 * paging live in the table). Its own layout passes stay inside it.
 */
const TrafficDependencyGraph = memo(function TrafficDependencyGraphView(props: {
  model: GraphModel;
  height: number;
  ariaLabel: string;
}) {
  const classes = useStyles();
  return (
    <DependencyGraph<TrafficNode, TrafficEdge>
      className={classes.graph}
      style={{ height: props.height }}
      nodes={props.model.nodes}
      edges={props.model.edges}
      direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
      labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
      rankMargin={120}
      nodeMargin={GRAPH_NODE_MARGIN}
      fit="contain"
      zoom="enable-on-click"
      showArrowHeads
      renderNode={renderNode}
      renderLabel={renderLabel}
      role="img"
      aria-label={props.ariaLabel}
    />
  );
});

/**
 * Who calls the workload and whom it calls, each edge labelled with its rate
 * and transport security. Only the busiest edges are drawn; the table below
 * lists all of them. The height follows the number of peers.
 *
 * The graph measures every node and label and lays itself out more than once,
 * which costs more than the rest of the tab; it is mounted only once it is
 * near the viewport and the browser is idle after that, in the space it will
 * take, behind a labelled placeholder until then. Below the fold it costs
 * nothing until the user scrolls towards it.
 */
export const TrafficGraph = memo(function TrafficGraphView(props: {
  workload: string;
  traffic: WorkloadTraffic;
  limit?: number;
}) {
  const classes = useStyles();
  const limit = props.limit ?? DEFAULT_GRAPH_EDGE_LIMIT;
  const model = useMemo(
    () => trafficGraphModel(props.workload, props.traffic, limit),
    [props.workload, props.traffic, limit],
  );
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const near = useNearViewport(box);
  const idle = useWhenIdle(2000, near);
  if (model.total === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No traffic to or from {props.workload} was observed in the window.
      </Typography>
    );
  }
  const height = trafficGraphHeight(model);
  const plaintextEdges = model.edges.filter(
    e => flowSecurity(e.flow) === 'plaintext',
  ).length;
  return (
    <Box>
      {model.total > model.edges.length && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          Showing {model.edges.length} of {model.total} edges (busiest first);
          the table lists all of them.
        </Typography>
      )}
      <div ref={setBox} style={{ minHeight: height }}>
        {idle ? (
          <TrafficDependencyGraph
            model={model}
            height={height}
            ariaLabel={`Traffic graph of ${props.workload}: ${model.edges.length} edges shown, ${plaintextEdges} plaintext`}
          />
        ) : (
          <div role="status" className={classes.placeholder} style={{ height }}>
            <Typography variant="body2" component="span">
              Drawing the traffic graph…
            </Typography>
          </div>
        )}
      </div>
    </Box>
  );
});
