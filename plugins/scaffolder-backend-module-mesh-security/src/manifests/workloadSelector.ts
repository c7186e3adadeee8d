type Labels = Record<string, string>;

/** Labels that pin one rollout, one pod or Istio's own bookkeeping, never the workload. */
const VOLATILE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-generation',
  'security.istio.io/tlsMode',
  'service.istio.io/canonical-name',
  'service.istio.io/canonical-revision',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'job-name',
]);

const selects = (selector: Labels, labels: Labels) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * The selector the engine's remediations use for a workload's pods: `app`
 * (Istio's convention), else `app.kubernetes.io/name` (+ instance), else all
 * its stable labels; a shorter one is skipped when it would also select one of
 * `others`, the pod labels of other workloads in its namespace.
 */
export function workloadSelector(labels: Labels, others: Labels[]): Labels {
  const stable = Object.fromEntries(
    Object.entries(labels).filter(([k]) => !VOLATILE_LABELS.has(k)),
  );
  const candidates: Labels[] = [];
  if (labels.app) candidates.push({ app: labels.app });
  const name = labels['app.kubernetes.io/name'];
  if (name) {
    const instance = labels['app.kubernetes.io/instance'];
    candidates.push({
      'app.kubernetes.io/name': name,
      ...(instance ? { 'app.kubernetes.io/instance': instance } : {}),
    });
  }
  return candidates.find(c => !others.some(o => selects(c, o))) ?? stable;
}
