import { EmptyState } from '@backstage/core-components';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import { YamlText } from '../YamlText';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

function annotationExample(name: string): string {
  return `metadata:
  annotations:
    # pods labelled ${KUBERNETES_ANNOTATION}=${name}
    ${KUBERNETES_ANNOTATION}: ${name}
    # or any label selector instead:
    # ${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}: 'app=${name}'
`;
}

/** Explains how to link an entity to its workloads, with a copyable example. */
export function MissingKubernetesAnnotation(props: { entityName: string }) {
  return (
    <EmptyState
      missing="field"
      title="No Kubernetes workloads linked to this entity"
      description={
        <Typography variant="body1" component="span">
          Mesh security reads the same annotations as the Kubernetes plugin: add{' '}
          <code>{KUBERNETES_ANNOTATION}</code> (and the same label on the pods)
          or <code>{KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}</code> to
          catalog-info.yaml.
        </Typography>
      }
      action={
        <Box maxWidth={640}>
          <YamlText
            text={annotationExample(props.entityName)}
            copyLabel="annotation example"
          />
        </Box>
      }
    />
  );
}
