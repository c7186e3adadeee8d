import { YamlText } from '../YamlText';
import type { ModeDecisionStep } from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { describeLevel } from './describeLevel';
import { policySummaryYaml } from './policySummaryYaml';

/** Details of one PeerAuthentication of the decision chain. */
export function PolicyDetailsDialog(props: {
  step: ModeDecisionStep | undefined;
  onClose: () => void;
}) {
  const { step } = props;
  const titleId = 'mesh-security-policy-dialog-title';
  return (
    <Dialog
      open={!!step}
      onClose={props.onClose}
      aria-labelledby={titleId}
      maxWidth="md"
    >
      {step && (
        <>
          <DialogTitle id={titleId}>
            {step.policy ?? "Istio's default"}
          </DialogTitle>
          <DialogContent>
            <Typography variant="body2" gutterBottom>
              Level: {describeLevel(step)}. Mode as written: {step.mode}
              {step.mode === 'UNSET' ? ' (inherits the level above)' : ''}.
              Effective mode after this step: {step.effective}.
            </Typography>
            <Typography variant="subtitle2" component="p" gutterBottom>
              Summary (YAML)
            </Typography>
            <YamlText
              text={policySummaryYaml(step)}
              copyLabel="policy summary"
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onClose} color="primary">
              Close
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
