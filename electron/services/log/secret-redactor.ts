/**
 * Remembers every secret value the engine has handled in this process so that
 * any text leaving the engine (logs, error messages, exports) can be scrubbed
 * of it, whatever code path put it there.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** Values shorter than this are too likely to collide with ordinary words to be scrubbed safely. */
  static readonly MIN_LENGTH = 4;

  remember(value: string): void {
    if (value.length >= SecretRedactor.MIN_LENGTH) this.secrets.add(value);
  }

  forget(value: string): void {
    this.secrets.delete(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return redactUrlCredentials(out);
  }
}

/** user:password@ in any URL is a secret whether or not the vault has seen it. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+):([^\s/@]+)@/gi, '$1$2:[redacted]@');
}
