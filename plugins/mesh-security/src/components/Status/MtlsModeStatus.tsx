import type { EntitySummary } from '@mesh-security/plugin-mesh-security-common';
import { StatusLabel, type StatusLevel } from './StatusLabel';

type Mode = NonNullable<EntitySummary['mtlsMode']>;

const LEVELS: Record<Mode, StatusLevel> = {
  STRICT: 'ok',
  PERMISSIVE: 'warning',
  MIXED: 'warning',
  DISABLE: 'error',
  NONE: 'error',
};

const MEANING: Record<Mode, string> = {
  STRICT: 'only mTLS is accepted',
  PERMISSIVE: 'mTLS and plaintext are accepted',
  MIXED: 'workloads of this entity differ',
  DISABLE: 'mTLS is turned off',
  NONE: 'no proxy: plaintext only, no policy enforced',
};

/** The effective inbound mTLS mode, as text with an icon and an explaining tooltip. */
export function MtlsModeStatus(props: { mode: EntitySummary['mtlsMode'] }) {
  if (!props.mode) {
    return <StatusLabel level="unknown">no workloads</StatusLabel>;
  }
  return (
    <StatusLabel level={LEVELS[props.mode]} title={MEANING[props.mode]}>
      {props.mode}
    </StatusLabel>
  );
}

export function mtlsModeMeaning(mode: Mode): string {
  return MEANING[mode];
}
