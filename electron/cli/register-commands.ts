import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';
import { registerAllowlistCommand } from './commands/allowlist.ts';
import { registerApplianceCommand } from './commands/appliance.ts';
import { registerCertCommand } from './commands/cert.ts';
import { registerCloudConnectCommand } from './commands/cloudconnect.ts';
import { registerDiagnoseCommand } from './commands/diagnose.ts';
import { registerInfoCommand } from './commands/info.ts';
import { registerNotifyCommand } from './commands/notify.ts';
import { registerPackCommand } from './commands/pack.ts';
import { registerProxyCommand } from './commands/proxy.ts';
import { registerSecretCommand } from './commands/secret.ts';
import { registerSiteCommand } from './commands/site.ts';
import { registerSupportCommand } from './commands/support.ts';

/** Every CLI command, in the order --help lists them. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerInfoCommand(program, ctx, () => program.version() ?? '');
  registerDiagnoseCommand(program, ctx);
  registerAllowlistCommand(program, ctx);
  registerCertCommand(program, ctx);
  registerApplianceCommand(program, ctx);
  registerProxyCommand(program, ctx);
  registerCloudConnectCommand(program, ctx);
  registerNotifyCommand(program, ctx);
  registerSiteCommand(program, ctx);
  registerPackCommand(program, ctx);
  registerSecretCommand(program, ctx);
  registerSupportCommand(program, ctx);
}
