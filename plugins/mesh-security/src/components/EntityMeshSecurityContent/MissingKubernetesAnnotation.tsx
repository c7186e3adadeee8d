import { EmptyState } from '@backstage/core-components';
import { YamlText } from '../YamlText';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

function annotationExample(name: string): string {
  return `metadata:
  annotations:
    # pods labelled backstage.io/kubernetes-id=${name}
    backstage.io/kubernetes-id: ${name}
    # or any label selector instead:
    # backstage.io/kubernetes-label-selector: 'app=${name}'
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
          <code>backstage.io/kubernetes-id</code> (and the same label on the
          pods) or <code>backstage.io/kubernetes-label-selector</code> to
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
