import { resolveTargetPort, type SelectedService } from './clientTls';
import type { WorkloadModel } from './context';
import { isHttpServicePort } from './protocol';

/** Fills each workload's `servicePorts`: whether a Service declares a target port as HTTP. */
export function recordServicePortProtocols(
  services: readonly SelectedService[],
  workloads: Map<string, WorkloadModel>,
): void {
  for (const svc of services) {
    for (const pod of svc.pods) {
      const ports = workloads.get(pod.workloadKey)!.servicePorts;
      for (const port of svc.record.ports) {
        const target = resolveTargetPort(port, pod);
        if (target !== undefined)
          ports.set(
            target,
            (ports.get(target) ?? false) || isHttpServicePort(port),
          );
      }
    }
  }
}
