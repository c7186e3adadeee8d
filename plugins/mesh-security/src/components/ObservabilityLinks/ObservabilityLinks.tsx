import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  observabilityLinks,
  type LinkPlaceholders,
} from '../../observabilityLinks';

/** "Open in Kiali / Grafana / Jaeger" for one workload; nothing when none is configured. */
export function ObservabilityLinks(props: LinkPlaceholders) {
  const config = useApi(configApiRef);
  const links = observabilityLinks(config, props);
  if (links.length === 0) return null;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
      <Typography variant="body2" color="textSecondary" component="span">
        Open in
      </Typography>
      {links.map(link => (
        // core-components' Link opens external URLs in a new window and says so
        <Link
          key={link.title}
          to={link.url}
          externalLinkIcon
          aria-label={`Open ${props.namespace}/${props.workload} in ${link.title}`}
        >
          {link.title}
        </Link>
      ))}
    </Box>
  );
}
