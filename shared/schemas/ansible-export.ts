import { z } from 'zod';
import { FailureInfo } from './certificates.ts';

/** What an Ansible export wrote: file names only (the window never sees a path), and the appliances it covers. */
export const AnsibleExportSummary = z.strictObject({
  /** False when the user cancelled the save dialog or no appliance could be planned: nothing was written. */
  saved: z.boolean(),
  /** Relative to the export folder. */
  files: z.array(z.string()),
  /** The appliances whose plan is in the playbook. */
  appliances: z.array(z.string()),
  /** Appliances that could not be planned, left out of the playbook. */
  failures: z.array(z.strictObject({ applianceId: z.string(), error: FailureInfo })),
});
export type AnsibleExportSummary = z.infer<typeof AnsibleExportSummary>;
