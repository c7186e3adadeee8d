import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { LeastPrivilege } from './LeastPrivilege';
import { responseMessage } from './responseMessage';
import { SimulationResultView } from './SimulationResultView';

const useStyles = makeStyles(theme => ({
  form: { display: 'flex', flexDirection: 'column', gap: theme.spacing(2) },
  code: { fontFamily: 'monospace', fontSize: '0.85rem' },
  actions: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
}));

// useId is React 18 only; the plugin also supports React 17
let nextId = 0;

const keyOf = (f: Finding & { cluster?: string }) =>
  `${f.cluster ?? ''}|${f.rule}|${f.subject}|${f.port ?? ''}`;

/**
 * "What if": paste a change (or pick one of the entity's remediations), and
 * see what it would do against the objects and traffic of the last refresh:
 * workloads and findings that change, observed flows it would break or
 * restore, with the callers' owners. Nothing is applied anywhere.
 */
export function WhatIfPanel(props: {
  entityRef: string;
  findings: Array<Finding & { cluster?: string }>;
}) {
  const classes = useStyles();
  const api = useApi(meshSecurityApiRef);
  const [yaml, setYaml] = useState('');
  const [picked, setPicked] = useState('');
  const [id] = useState(() => `mesh-security-what-if-${++nextId}`);
  const remediations = useMemo(
    () => props.findings.filter(f => f.remediation),
    [props.findings],
  );
  const clusters = new Set(props.findings.map(f => f.cluster)).size;

  const [simulation, simulate] = useAsyncFn(
    async (text: string) =>
      api.simulateChange!({ yaml: text, entityRef: props.entityRef }),
    [api, props.entityRef],
  );
  const [proposal, propose] = useAsyncFn(
    async () => api.proposeAuthorization!({ entityRef: props.entityRef }),
    [api, props.entityRef],
  );
  if (!api.simulateChange) return null;

  const response = simulation.value;
  return (
    <InfoCard
      title="What if"
      subheader="Simulate a change against the objects and traffic of the last refresh. Nothing is applied."
    >
      <form
        className={classes.form}
        onSubmit={event => {
          event.preventDefault();
          simulate(yaml);
        }}
      >
        {remediations.length > 0 && (
          <TextField
            select
            id={`${id}-remediation`}
            label="Start from a remediation"
            value={picked}
            onChange={event => {
              const key = event.target.value;
              setPicked(key);
              const finding = remediations.find(f => keyOf(f) === key);
              if (finding?.remediation) setYaml(finding.remediation);
            }}
            SelectProps={{ native: true }}
            variant="outlined"
            size="small"
          >
            <option value="">Paste YAML below, or pick a finding…</option>
            {remediations.map(f => (
              <option key={keyOf(f)} value={keyOf(f)}>
                {f.rule} · {f.subject}
                {clusters > 1 && f.cluster ? ` · ${f.cluster}` : ''}
              </option>
            ))}
          </TextField>
        )}
        <TextField
          id={`${id}-change`}
          label="Change (YAML)"
          helperText="Kubernetes manifests; an object annotated mesh-security.io/change: delete removes its namesake."
          multiline
          minRows={8}
          maxRows={24}
          variant="outlined"
          value={yaml}
          onChange={event => setYaml(event.target.value)}
          InputProps={{ classes: { input: classes.code } }}
          inputProps={{ spellCheck: false }}
        />
        <div className={classes.actions}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={!yaml.trim() || simulation.loading}
          >
            Simulate
          </Button>
          {api.proposeAuthorization && (
            <Button
              variant="outlined"
              onClick={() => propose()}
              disabled={proposal.loading}
            >
              Least privilege
            </Button>
          )}
        </div>
      </form>
      {(simulation.loading || proposal.loading) && <Progress />}
      {simulation.error && (
        <Alert severity="error" role="alert" style={{ marginTop: 16 }}>
          {responseMessage(simulation.error)}
        </Alert>
      )}
      {response &&
        !simulation.loading &&
        !simulation.error &&
        response.clusters.map(s => (
          <SimulationResultView
            key={s.cluster}
            simulation={s}
            showCluster={response.clusters.length > 1}
          />
        ))}
      {proposal.error && (
        <Alert severity="error" role="alert" style={{ marginTop: 16 }}>
          {responseMessage(proposal.error)}
        </Alert>
      )}
      {proposal.value && !proposal.loading && !proposal.error && (
        <LeastPrivilege
          proposals={proposal.value.proposals}
          onTry={text => {
            setPicked('');
            setYaml(text);
          }}
        />
      )}
    </InfoCard>
  );
}
