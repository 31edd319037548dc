import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { listenForInterrupts } from '../../electron/cli/interrupt-signals.ts';

/** Ctrl-C and SIGTERM say what they do to the command that holds them: a push undoes, a watch just stops. */
function fakeProcess() {
  const kill = vi.fn();
  const proc = Object.assign(new EventEmitter(), { pid: 4242, kill }) as unknown as NodeJS.Process;
  return { proc, kill };
}

describe('listenForInterrupts', () => {
  it('tells a push that it undoes what was applied, and a second signal that the undo is not abandoned', () => {
    const { proc } = fakeProcess();
    const lines: string[] = [];
    const interrupts = listenForInterrupts(proc, (t) => lines.push(t));
    interrupts.hold();
    proc.emit('SIGINT', 'SIGINT');
    interrupts.working.add('adc-lab');
    proc.emit('SIGINT', 'SIGINT');
    expect(interrupts.signal.aborted).toBe(true);
    expect(lines).toEqual([
      'fieldkit: SIGINT: stopping; undoing what was applied on the appliances in progress before exiting.',
      'fieldkit: still undoing on adc-lab; waiting for it so no appliance is left half-changed (the undo is not abandoned).',
    ]);
    interrupts.dispose();
  });

  it("says the holding command's own words: a watch has nothing on the appliances to undo", () => {
    const { proc } = fakeProcess();
    const lines: string[] = [];
    const interrupts = listenForInterrupts(proc, (t) => lines.push(t));
    const release = interrupts.hold({ stopping: 'stopping the watch.', stillFinishing: 'still stopping the watch.' });
    proc.emit('SIGTERM', 'SIGTERM');
    proc.emit('SIGTERM', 'SIGTERM');
    expect(lines).toEqual(['fieldkit: SIGTERM: stopping the watch.', 'fieldkit: still stopping the watch.']);
    expect(lines.join('\n')).not.toContain('appliances');
    release();
    interrupts.dispose();
  });

  it('ends the process as if nobody listened when no command holds the signal', () => {
    const { proc, kill } = fakeProcess();
    const interrupts = listenForInterrupts(proc, () => undefined);
    interrupts.hold()();
    proc.emit('SIGINT', 'SIGINT');
    expect(kill).toHaveBeenCalledWith(4242, 'SIGINT');
    expect(interrupts.signal.aborted).toBe(false);
  });
});
