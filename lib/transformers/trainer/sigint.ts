// Ctrl-C during train(): the first SIGINT asks the loop to stop after the current step (and its save); a second
// one exits at once, as Python's KeyboardInterrupt would. Checkpoint saves are synchronous and atomic, so the
// signal is never handled in the middle of one.
export function onInterrupt(stop: () => void): () => void {
  let asked = false;
  const handler = (): void => {
    if (asked) {
      process.off('SIGINT', handler);
      process.kill(process.pid, 'SIGINT');
      return;
    }
    asked = true;
    process.stderr.write('\nInterrupted: stopping after the current step (press Ctrl-C again to exit now)\n');
    stop();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
