import type { SelectedService } from './clientTls';
import { serviceHost } from './destinationRule';
import type { PodRecord, ServiceRecord } from './inventory';
import type { PodPosture } from './posture';
import type { LabelIndex } from './selectors';
import { byText } from './values';

/** A Service and the pods it selects. */
export interface ServicePods {
  record: ServiceRecord;
  key: string;
  pods: PodRecord[];
}

/**
 * The pods each Service selects. Marks each selected pod with the Service and
 * its served target ports, which the pod's posture reads.
 */
export function selectServicePods(
  services: readonly ServiceRecord[],
  podsByNamespace: Map<string, LabelIndex<PodRecord>>,
): ServicePods[] {
  return services.map(record => {
    const key = `${record.namespace}/${record.name}`;
    const pods =
      podsByNamespace.get(record.namespace)?.select(record.selector) ?? [];
    for (const pod of pods) {
      // grown by concat, which copies to the exact length: a pod has few, and push
      // (or a spread literal) would leave 17 slots per pod
      pod.services = pod.services.concat(key);
      for (const port of record.ports) {
        const target =
          typeof port.targetPort === 'number'
            ? port.targetPort
            : pod.containerPorts.find(c => c.name === port.targetPort)?.port;
        if (target !== undefined && !pod.servedPorts.includes(target))
          pod.servedPorts = pod.servedPorts.concat(target);
      }
    }
    return { record, key, pods };
  });
}

/** Services with the postures of their pods and the workloads these form, by key. */
export function selectedServices(
  selections: readonly ServicePods[],
  postureOf: Map<PodRecord, PodPosture>,
): SelectedService[] {
  const services = selections.map(({ record, key, pods }) => {
    const postures = pods.map(p => postureOf.get(p)!);
    return {
      record,
      key,
      host: serviceHost(record.name, record.namespace),
      pods: postures,
      workloads: [...new Set(postures.map(p => p.workloadKey))].sort(byText),
    };
  });
  return services.sort((a, b) => byText(a.key, b.key));
}
