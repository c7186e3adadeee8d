import type { EntitySummary } from '@mesh-security/plugin-mesh-security-common';
import { StatusKind, StatusLabel } from './StatusLabel';

type Mode = EntitySummary['mtlsMode'];

const MODES: Record<Exclude<Mode, null>, { kind: StatusKind; text: string }> = {
  STRICT: { kind: 'ok', text: 'STRICT' },
  PERMISSIVE: { kind: 'warning', text: 'PERMISSIVE' },
  MIXED: { kind: 'warning', text: 'MIXED' },
  DISABLE: { kind: 'error', text: 'DISABLE' },
  NONE: { kind: 'error', text: 'no sidecar' },
};

/** The inbound mTLS mode of a workload or entity, as icon + words. */
export function MtlsModeLabel(props: { mode: Mode }) {
  if (props.mode === null) {
    return <StatusLabel kind="unknown">no workloads</StatusLabel>;
  }
  const { kind, text } = MODES[props.mode];
  return (
    <StatusLabel
      kind={kind}
      title={
        props.mode === 'NONE' ? 'outside the mesh: plaintext only' : undefined
      }
    >
      {text}
    </StatusLabel>
  );
}
