import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Remediation } from './Remediation';

/**
 * Shown when every observed inbound call already uses mTLS: switching to
 * STRICT breaks no caller, and here is the policy that does it.
 */
export function StrictReadyBanner(props: { findings: Finding[] }) {
  const ready = props.findings.filter(f => f.rule === 'strict-ready');
  return (
    <Alert severity="success" role="status">
      <AlertTitle>Ready for STRICT</AlertTitle>
      {ready.length === 0
        ? 'Every observed inbound call used mTLS: switching to STRICT breaks no caller.'
        : ready.map(f => (
            <div key={f.subject}>
              {f.reason}
              {f.remediation && (
                <Remediation
                  yaml={f.remediation}
                  what={`STRICT for ${f.subject}`}
                />
              )}
            </div>
          ))}
    </Alert>
  );
}
