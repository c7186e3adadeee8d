import { LinkButton } from '@backstage/core-components';
import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { enforceMtlsLink, strictFixLink } from '../../scaffolderTemplates';
import { Remediation } from './Remediation';

/**
 * Shown when every observed inbound call already uses mTLS: switching to
 * STRICT breaks no caller, and here is the policy that does it — to copy, or
 * (given the entity) to propose as a pull request through the Scaffolder.
 */
export function StrictReadyBanner(props: {
  findings: Finding[];
  entityRef?: string;
}) {
  const { entityRef } = props;
  const ready = props.findings.filter(f => f.rule === 'strict-ready');
  return (
    <Alert severity="success" role="status">
      <AlertTitle>Ready for STRICT</AlertTitle>
      {ready.length === 0 ? (
        <>
          Every observed inbound call used mTLS: switching to STRICT breaks no
          caller.
          {entityRef && (
            <div>
              <LinkButton
                size="small"
                variant="outlined"
                color="primary"
                to={enforceMtlsLink(entityRef)}
                aria-label="Open a pull request for STRICT"
              >
                Open a pull request
              </LinkButton>
            </div>
          )}
        </>
      ) : (
        ready.map(f => (
          <div key={f.subject}>
            {f.reason}
            {f.remediation && (
              <Remediation
                yaml={f.remediation}
                what={`STRICT for ${f.subject}`}
                pullRequestLink={
                  entityRef ? strictFixLink(entityRef, f) : undefined
                }
              />
            )}
          </div>
        ))
      )}
    </Alert>
  );
}
