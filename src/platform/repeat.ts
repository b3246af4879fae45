/**
 * Runs `pass` at once, then again `intervalMs` after each pass ends, until
 * stopped: the outbox's sender and the mailbox's reader work this way. A
 * pass that throws is handed to `failed` and tried again at the next turn;
 * `stop` waits for a pass under way, so nothing is cut off mid-write.
 */
export function repeatPasses(
  pass: (stopping: () => boolean) => Promise<unknown>,
  intervalMs: number,
  failed: (error: unknown) => void,
): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const turn = () => {
    running = (async () => {
      try {
        await pass(() => stopped);
      } catch (error) {
        failed(error);
      }
      if (!stopped) timer = setTimeout(turn, intervalMs);
    })();
  };
  turn();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
