import type { ClusterSimulation } from '@mesh-security/plugin-mesh-security-common';
import Alert from '@material-ui/lab/Alert';
import { formatRate } from '../../format';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The one-line answer: does the change break observed traffic? */
export function SimulationVerdict(props: { simulation: ClusterSimulation }) {
  const { breaking, flows, trafficJudged } = props.simulation;
  const restored = flows.filter(f => f.outcome === 'restored').length;
  if (!trafficJudged)
    return (
      <Alert severity="info" role="status">
        No traffic metrics for this cluster: observed flows could not be judged,
        only postures and findings.
      </Alert>
    );
  if (breaking.flows === 0)
    return (
      <Alert severity="success" role="status">
        Breaks nothing observed
        {restored > 0 && `, and restores ${plural(restored, 'flow')}`}.
      </Alert>
    );
  return (
    <Alert severity="error" role="status">
      Would break {plural(breaking.flows, 'observed flow')} (
      {formatRate(breaking.rate)})
      {restored > 0 && `, and restore ${plural(restored, 'flow')}`}.
    </Alert>
  );
}
