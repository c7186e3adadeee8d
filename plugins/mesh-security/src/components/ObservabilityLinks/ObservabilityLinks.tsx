import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import LaunchIcon from '@material-ui/icons/Launch';
import { observabilityLinks, type LinkPlaceholders } from '../../observabilityLinks';

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
        <Link
          key={link.title}
          to={link.url}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`Open ${props.namespace}/${props.workload} in ${link.title} (new tab)`}
        >
          <Box component="span" display="inline-flex" alignItems="center">
            {link.title}
            <LaunchIcon fontSize="inherit" aria-hidden style={{ marginLeft: 2 }} />
          </Box>
        </Link>
      ))}
    </Box>
  );
}
